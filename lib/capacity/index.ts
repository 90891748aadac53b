export type {
  ExplainNames,
  Resource,
  ResourceKind,
  Stage,
  StageAssessment,
  StreamAssessment,
  StreamInput,
} from "./types";
export {
  assessStream,
  ceilTolerant,
  extraNeeded,
  mainResource,
  resourceCapacity,
  shortfall,
  stageCapacity,
  unitCapacity,
  utilisation,
} from "./assess";
export { explainBottleneck, formatPercent, formatQuantity } from "./explain";
