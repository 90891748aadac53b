/** Types for KPI scoring (see DESIGN.md, "Scoring"). Pure data, no I/O. */

/** A calendar date in UTC as 'YYYY-MM-DD' (how the database returns `date` columns). */
export type IsoDate = string;

export type Cadence = "week" | "month" | "quarter";
export type KpiKind = "output" | "outcome";
export type Direction = "increase" | "decrease";

export interface KpiInput {
  id: string;
  key: string;
  name: string;
  kind: KpiKind;
  /** Which way is better. */
  direction: Direction;
  /** Null when not set: the earliest measurement then serves as baseline. */
  baseline: number | null;
  target: number;
  /** > 0 (validated when the KPI is saved). */
  weight: number;
  cadence: Cadence;
  archived?: boolean;
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

export interface ScoreSettings extends StatusThresholds {
  /** α in V = α·C + (1 − α)·O (default 0.7). */
  outcomeWeight: number;
  /** θ for the quadrant (default 0.5). */
  quadrantThreshold: number;
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
  status: KpiStatus;
  stale: boolean;
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
  /** Non-archived KPIs, in input order. */
  kpis: KpiScore[];
}
