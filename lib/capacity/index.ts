export type {
  ExplainNames,
  Period,
  Resource,
  ResourceKind,
  Stage,
  StageAssessment,
  StreamAssessment,
  StreamInput,
  UnitName,
} from "./types";
export {
  assessStream,
  ceilTolerant,
  clearlyGreater,
  conversionOf,
  extraNeeded,
  mainResource,
  resourceCapacity,
  shortfall,
  stageCapacity,
  unitCapacity,
  utilisation,
} from "./assess";
export {
  countsInStreamUnit,
  explainBottleneck,
  explainLeadTime,
  explainStage,
  LEAD_TIME_ESTIMATE_LABEL,
  stageUnitName,
} from "./explain";
export {
  formatAmount,
  formatPercent,
  formatQuantity,
  formatRate,
  percentInput,
  perPeriod,
  sameUnit,
  unitForms,
  unitWord,
} from "./units";
export type { ConversionEntry, LinkConversionEntry } from "./conversion";
export {
  conversionEntryProblem,
  conversionFromEntry,
  conversionProblem,
  conversionToEntry,
  describeConversion,
  describeLinkConversion,
  linkConversionFromEntry,
  linkConversionToEntry,
  MAX_CONVERSION,
} from "./conversion";
export type { FigureDelta, SetupChange, SetupComparison, StageComparison, StageRef } from "./scenario";
export { compareSetups, describeSetupChange } from "./scenario";
export type { LinkIssue, NamedStream, StreamLinkInput } from "./chain-graph";
export { ChainInputError, findCycle, linkOrder, validateLink, validateLinks } from "./chain-graph";
export type {
  ChainAssessment,
  ChainComponent,
  ChainLinkFigures,
  ChainStreamFigures,
  ChainStreamInput,
  ChainStreamKind,
  DemandMismatch,
} from "./chain";
export {
  assessChain,
  chainStreamInput,
  explainChainConstraint,
  MISMATCH_TOLERANCE,
  PER_MONTH,
  perMonth,
} from "./chain";
