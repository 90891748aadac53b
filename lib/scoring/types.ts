/** Types for KPI scoring (see DESIGN.md, "Scoring"). Pure data, no I/O. */

/** A calendar date in UTC as 'YYYY-MM-DD' (how the database returns `date` columns). */
export type IsoDate = string;

export type Cadence = "week" | "month" | "quarter";
export type KpiKind = "output" | "outcome";
export type Direction = "increase" | "decrease";

/**
 * The fields of a KPI's definition that have history (DESIGN "Time: definitions and knowledge have
 * history"): every change to one of them is a new version. Labels (id, key, name, unit) and the cadence
 * are not versioned: the current ones apply to every date.
 */
export interface KpiDefinition {
  kind: KpiKind;
  /** Which way is better. */
  direction: Direction;
  /** Null when not set: the earliest measurement then serves as baseline. */
  baseline: number | null;
  target: number;
  /** > 0 (validated when the KPI is saved). */
  weight: number;
  /** Target date T: the date the target is meant to be reached; null or absent = no target date. */
  targetDate?: IsoDate | null;
  /** Plan start S, the day the plan toward the target date starts; null or absent = the version's validFrom. */
  planStart?: IsoDate | null;
  teamId?: string | null;
  stageId?: string | null;
  archived?: boolean;
}

/** Who recorded a version: a member, or an API token acting for one. Scoring never reads it. */
export interface VersionAuthor {
  kind: "user" | "token";
  id: string;
}

/**
 * One version of a KPI's definition: valid from a date (valid time), recorded at an instant
 * (knowledge time). A version is the whole definition, not a diff.
 */
export interface KpiDefinitionVersion extends KpiDefinition {
  /** The first day this definition applies to (a past date corrects history, a future one plans a change). */
  validFrom: IsoDate;
  /** When Flowline learned it. */
  recordedAt: Date;
  author?: VersionAuthor | null;
}

/**
 * A KPI as scoring takes it. Without `versions` its own definition fields apply to every date, as
 * before definitions had history. With `versions`, scoring reads the versioned fields of each date
 * from the version in force then (see `kpiAsOf`); the fields on the KPI itself are then only its
 * current definition (what lists and forms show) and are not used for scoring.
 */
export interface KpiInput extends KpiDefinition {
  id: string;
  key: string;
  name: string;
  cadence: Cadence;
  /** Definition versions in recording order (exact ties on validFrom and recordedAt: the later one wins). */
  versions?: readonly KpiDefinitionVersion[];
}

/**
 * A KPI's definition in force on one date, as known at one instant: its labels with that date's
 * versioned fields, defaults filled in.
 */
export interface KpiAsOf extends Omit<KpiInput, "versions"> {
  targetDate: IsoDate | null;
  /** S resolved: the version's plan start, else its validFrom; null without a target date. */
  planStart: IsoDate | null;
  teamId: string | null;
  stageId: string | null;
  archived: boolean;
  /** validFrom of the version in force; null for a KPI given without versions. */
  validFrom: IsoDate | null;
}

export interface Measurement {
  /** The first day of the KPI's cadence bucket, as stored (ISO week's Monday, first of month or quarter). */
  period: IsoDate;
  value: number;
}

/** A KPI's measurements sorted by period (ascending, one per period), ready for as-of lookups. */
export interface MeasurementSeries {
  readonly periods: readonly IsoDate[];
  readonly values: readonly number[];
}

/** Raw measurements (any order) or a prepared series. */
export type MeasurementsLike = readonly Measurement[] | MeasurementSeries;

export interface KpiWithMeasurements {
  kpi: KpiInput;
  measurements: readonly Measurement[];
}

/** A KPI whose measurements are sorted once (see `prepareKpi`) and reused across as-of dates. */
export interface PreparedKpi {
  readonly kpi: KpiInput;
  readonly series: MeasurementSeries;
}

export type ScoringKpi = KpiWithMeasurements | PreparedKpi;

export type KpiStatus = "on_track" | "at_risk" | "off_track" | "no_data";

export interface StatusThresholds {
  /** a ≥ onTrack → on_track (default 0.7). */
  onTrack: number;
  /** atRisk ≤ a < onTrack → at_risk (default 0.4); below → off_track. */
  atRisk: number;
}

/** Pace tolerances (DESIGN "Target dates and pace"): how far attainment may trail e(D). */
export interface PaceTolerances {
  /** a ≥ e(D) − onTrack → on_track (default 0.05). */
  onTrack: number;
  /** a ≥ e(D) − atRisk → at_risk (default 0.15); below → off_track. */
  atRisk: number;
}

export interface ScoreSettings extends StatusThresholds {
  /** α in V = α·C + (1 − α)·O (default 0.7). */
  outcomeWeight: number;
  /** θ for the quadrant (default 0.5). */
  quadrantThreshold: number;
  /** For KPIs with a target date; absent = DEFAULT_PACE_TOLERANCES. */
  pace?: PaceTolerances;
}

/** What scoring needs besides the KPIs, the date and the settings. */
export interface ScoringOptions {
  /**
   * Knowledge time: only definition versions recorded at or before it count. Default: every version
   * given (callers usually load only those recorded by their knowledge time anyway). Measurements are
   * given as known already (see `seriesAsKnown`).
   */
  knownAt?: Date;
  /**
   * Keeps only the KPIs whose definition on the date passes, e.g. `(k) => k.teamId === team` for a
   * team's set as it was on each date of a trend. KPIs not defined yet or archived on the date are
   * never in the set.
   */
  include?: (kpi: KpiAsOf) => boolean;
}

export type Quadrant = "no_data" | "blind_spot" | "creating_value" | "output_trap" | "outcome_at_risk" | "stalled";

export interface KpiScore {
  id: string;
  key: string;
  name: string;
  kind: KpiKind;
  direction: Direction;
  cadence: Cadence;
  /** Current value v: the measurement of the latest period starting on or before asOf; null = no data. */
  value: number | null;
  /** The period that value belongs to; null = no data. */
  period: IsoDate | null;
  /** Effective baseline b: the KPI's baseline, or its earliest measurement on or before asOf. */
  baseline: number | null;
  /** Where b came from; null when there is none. */
  baselineSource: "kpi" | "earliest_measurement" | null;
  target: number;
  weight: number;
  attainment: number | null;
  /** Status of DESIGN 4, or the pace status when the KPI has a target date (then `expected` is set). */
  status: KpiStatus;
  stale: boolean;
  /** Expected attainment e(asOf) toward the target date; null without a target date. */
  expected: number | null;
  /** Target date T; null when none. */
  targetDate: IsoDate | null;
  /** Plan start S; null without a target date. */
  planStart: IsoDate | null;
  /** validFrom of the definition version used; null for a KPI given without versions. */
  validFrom: IsoDate | null;
}

/** Why a KPI given to `scoreSet` is not in the set as of its date. */
export interface KpiNotInSet {
  id: string;
  key: string;
  name: string;
  /** not_defined_yet: no version valid on or before the date was known; archived: archived as of the date. */
  reason: "not_defined_yet" | "archived";
}

export interface ScoreResult {
  asOf: IsoDate;
  settings: ScoreSettings;
  /** O: Σ w·a / Σ w over output KPIs with data; null when none has data. */
  output: number | null;
  /** C: the same over outcome KPIs. */
  outcome: number | null;
  /** V = α·C + (1 − α)·O; the other score when one is null; null when both are. */
  value: number | null;
  quadrant: Quadrant;
  /** Σ w of outcome KPIs / Σ w of all KPIs; null for an empty set. */
  outcomeFocus: number | null;
  /** Share of KPIs (by count) that have data and are not stale; null for an empty set. */
  coverage: number | null;
  /** The KPIs defined and not archived as of asOf (and passing `include`), in input order. */
  kpis: KpiScore[];
  /** The KPIs given that were not defined yet or archived as of asOf, in input order. */
  notInSet: KpiNotInSet[];
}
