import { atLeast, formatNumber } from "./format";
import { calendarDate, shiftPeriod } from "./period";
import { asSeries, indexAsOf } from "./series";
import type {
  Cadence,
  Direction,
  IsoDate,
  KpiInput,
  KpiStatus,
  Measurement,
  MeasurementSeries,
  MeasurementsLike,
  StatusThresholds,
} from "./types";

export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = { onTrack: 0.7, atRisk: 0.4 };

/** The measurement of the latest period starting on or before `asOf`; null when there is none. */
export function latestMeasurement(measurements: MeasurementsLike, asOf: IsoDate): Measurement | null {
  calendarDate(asOf);
  const series = asSeries(measurements);
  const i = indexAsOf(series, asOf);
  if (i < 0) return null;
  return { period: series.periods[i] as IsoDate, value: series.values[i] as number };
}

/** Current value v as of `asOf` (DESIGN 1); null = no data. */
export function currentValue(measurements: MeasurementsLike, asOf: IsoDate): number | null {
  return latestMeasurement(measurements, asOf)?.value ?? null;
}

/**
 * Effective baseline b (DESIGN 2): the KPI's baseline, or else its earliest measurement on or before
 * `asOf`. Measurements after `asOf` are never used, so a past dashboard redrawn today reads the same
 * figures it showed then; when one exists on or before `asOf` it is also the earliest overall.
 */
export function effectiveBaseline(
  kpi: Pick<KpiInput, "baseline">,
  measurements: MeasurementsLike,
  asOf: IsoDate,
): number | null {
  if (kpi.baseline !== null) return kpi.baseline;
  calendarDate(asOf);
  const series = asSeries(measurements);
  return baselineAtIndex(kpi, series, indexAsOf(series, asOf));
}

/**
 * Effective baseline given `i = indexAsOf(series, asOf)`: when some measurement is on or before
 * `asOf` (i ≥ 0), the earliest one (index 0) is too.
 */
export function baselineAtIndex(kpi: Pick<KpiInput, "baseline">, series: MeasurementSeries, i: number): number | null {
  if (kpi.baseline !== null) return kpi.baseline;
  return i >= 0 ? (series.values[0] as number) : null;
}

/** Whether `value` meets `target` for the direction: v ≥ t for increase, v ≤ t for decrease. */
export function targetMet(direction: Direction, value: number, target: number): boolean {
  return direction === "increase" ? value >= target : value <= target;
}

/**
 * True when baseline and target point the wrong way: increase with t < b, decrease with t > b. For a
 * set baseline that is a contradiction refused on save; for an effective baseline it means b already
 * lies beyond the target (DESIGN.md, Scoring 3).
 */
export function contradicts(direction: Direction, baseline: number, target: number): boolean {
  return direction === "increase" ? target < baseline : target > baseline;
}

/**
 * Attainment (DESIGN.md, Scoring 3) from v, b and t:
 * - t = b, or the effective baseline already lies beyond the target (increase with b > t, decrease
 *   with b < t): 1 when the target is met (v ≥ t for increase, v ≤ t for decrease), else 0;
 * - otherwise clamp((v − b) / (t − b), 0, 1).
 * A KPI cannot be saved with a set baseline contradicting its direction, but an effective baseline
 * taken from the earliest measurement can lie beyond the target (an increase KPI first measured above
 * it); the formula would then reward moving away from the target, so DESIGN scores it like t = b.
 * A ratio within 1e-9 of 1 counts as 1 (float noise: v = t can compute as 0.9999999999999999).
 */
export function attainmentFromValues(direction: Direction, value: number, baseline: number, target: number): number {
  if (target === baseline || contradicts(direction, baseline, target))
    return targetMet(direction, value, target) ? 1 : 0;
  const a = (value - baseline) / (target - baseline);
  if (Number.isNaN(a)) return targetMet(direction, value, target) ? 1 : 0; // ∞/∞ with extreme values
  // Within float noise of the target counts as reaching it: v = t can compute as 0.9999999999999999.
  return a <= 0 ? 0 : atLeast(a, 1) ? 1 : a;
}

/** Attainment of a KPI as of `asOf`; null when it has no measurement on or before `asOf`. */
export function attainment(
  kpi: Pick<KpiInput, "direction" | "baseline" | "target">,
  measurements: MeasurementsLike,
  asOf: IsoDate,
): number | null {
  const series = asSeries(measurements);
  const v = currentValue(series, asOf);
  if (v === null) return null;
  const b = effectiveBaseline(kpi, series, asOf) as number; // a measurement on or before asOf exists
  return attainmentFromValues(kpi.direction, v, b, kpi.target);
}

/** Status from attainment (DESIGN 4); thresholds are organisation settings. */
export function status(a: number | null, thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS): KpiStatus {
  if (a === null) return "no_data";
  if (atLeast(a, thresholds.onTrack)) return "on_track";
  if (atLeast(a, thresholds.atRisk)) return "at_risk";
  return "off_track";
}

/** The start of the period preceding `asOf`'s period: a latest value from before it is stale. */
export function staleCutoff(asOf: IsoDate, cadence: Cadence): IsoDate {
  return shiftPeriod(asOf, cadence, -1);
}

/**
 * Stale (DESIGN 4): the KPI's latest period on or before `asOf` starts before the period preceding
 * `asOf`'s period, or it has no data at all. A monthly KPI as of 25 Nov is fresh with an October value.
 */
export function stale(kpi: Pick<KpiInput, "cadence">, measurements: MeasurementsLike, asOf: IsoDate): boolean {
  const latest = latestMeasurement(measurements, asOf);
  return latest === null || latest.period < staleCutoff(asOf, kpi.cadence);
}

/**
 * Why a KPI with this direction, baseline and target cannot be saved, or null when it can
 * (DESIGN 3: increase with t < b, decrease with t > b). t = b and a missing baseline are allowed.
 */
export function directionContradiction(direction: Direction, baseline: number | null, target: number): string | null {
  if (baseline === null || !contradicts(direction, baseline, target)) return null;
  const t = formatNumber(target, 6);
  const b = formatNumber(baseline, 6);
  return direction === "increase"
    ? `The target (${t}) is below the baseline (${b}), but higher is better for this KPI: raise the target, lower the baseline or choose “Lower is better”.`
    : `The target (${t}) is above the baseline (${b}), but lower is better for this KPI: lower the target, raise the baseline or choose “Higher is better”.`;
}
