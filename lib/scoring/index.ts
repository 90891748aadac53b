export type {
  Cadence,
  Direction,
  IsoDate,
  KpiAsOf,
  KpiDefinition,
  KpiDefinitionVersion,
  KpiInput,
  KpiKind,
  KpiNotInSet,
  KpiScore,
  KpiStatus,
  KpiWithMeasurements,
  Measurement,
  MeasurementSeries,
  MeasurementsLike,
  PaceTolerances,
  PreparedKpi,
  Quadrant,
  ScoreResult,
  ScoreSettings,
  ScoringKpi,
  ScoringOptions,
  StatusThresholds,
  VersionAuthor,
} from "./types";
export {
  addDays,
  assertIsoDate,
  calendarDate,
  daysInMonth,
  formatIsoDate,
  isIsoDate,
  isLeapYear,
  lastDayOfMonth,
  MAX_YEAR,
  MIN_YEAR,
  nextPeriod,
  parseIsoDate,
  periodEnd,
  periodStart,
  periodsBetween,
  previousPeriod,
  shiftPeriod,
  type CalendarDate,
} from "./period";
export { asSeries, checkVersions, indexAsOf, prepareKpi, prepareKpis, prepareMeasurements } from "./series";
export { definitionAsOf, definitionIssues, kpiAsOf, MIN_VALID_FROM, type DefinitionIssue } from "./definition";
export {
  DEFINITION_FIELDS,
  definitionChanges,
  targetSteps,
  type DefinitionChange,
  type DefinitionField,
  type FieldChange,
  type TargetStep,
} from "./history";
export { seriesAsKnown, type MeasurementVersion } from "./knowledge";
export { rebucket, type RebucketPreview, type RebucketResult } from "./rebucket";
export { daysBetween, DEFAULT_PACE_TOLERANCES, expectedAttainment, paceStatus } from "./pace";
export {
  attainment,
  attainmentFromValues,
  currentValue,
  DEFAULT_STATUS_THRESHOLDS,
  directionContradiction,
  effectiveBaseline,
  latestMeasurement,
  stale,
  staleCutoff,
  status,
  targetMet,
} from "./kpi";
export { DEFAULT_SCORE_SETTINGS, quadrant, scoreSet, valueScore, weightedAttainment } from "./score";
export {
  explainAttainment,
  explainPace,
  paceSummary,
  explainScore,
  PACE_READINGS,
  QUADRANT_READINGS,
  type ExplainRow,
  type KpiRef,
  type ScoreExplanation,
  type TermExplanation,
} from "./explain";
export { trend, trendDates, type TrendPoint } from "./trend";
export {
  LEVERAGE_PERIODS,
  leverage,
  leveragePeriods,
  leverageEvidence,
  leveragePValue,
  MAX_LAG,
  MIN_LEVERAGE_PAIRS,
  pearson,
  STRONG_P,
  WEAK_P,
  type LagCorrelation,
  type LeverageEvidence,
  type LeveragePeriod,
  type LeverageResult,
} from "./leverage";
export { formatScore } from "./format";
export { FORMULA_GAP_READINGS, formulaPeriods, formulaSeries, type FormulaGap, type FormulaPeriod } from "./formula";
