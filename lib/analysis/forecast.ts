import {
  calendarDate,
  shiftPeriod,
  type Cadence,
  type Direction,
  type IsoDate,
  type MeasurementsLike,
} from "@/lib/scoring";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { periodsApart } from "./periods";
import { pointsAsOf, type Point } from "./points";
import { seededGenerator } from "./seed";
import { RELATIVE_TOLERANCE } from "./tolerance";

/**
 * Forecast (DESIGN "Analysis"): will the KPI meet its target, and when? The last ≤ 24 period-over-period
 * changes are resampled with replacement, 10,000 runs, from a generator seeded by (KPI id, D, knownAt).
 *
 * Decisions where DESIGN is silent:
 * - A change is between two adjacent periods that both have a value, within the last 25 periods up to the
 *   latest value (so at most 24 changes, none across a gap: a jump over a missing period is not one step).
 * - Steps are counted from the latest value's period: "4 periods ahead" are the 4 periods after it, and the
 *   horizon of a target date is the number of periods from the latest value's period to the one holding it.
 * - Without a target date the horizon is 12 (the largest of 4, 8, 12), so runs last at most 36 periods.
 *   With one, only `probabilityByTargetDate` applies and `probabilityWithin` is null; without, the reverse.
 * - "Met" is direction-aware with the scoring's float tolerance: ≥ t for increase, ≤ t for decrease, within
 *   1e-9 of the largest magnitude involved (target, current value, changes).
 * - A target already met counts as met at step 0 (probabilities 1, ETAs 0).
 * - Resampled changes are drawn two at a time: j = ⌊u·n² / 2³²⌋ for a 32-bit draw u names the pair
 *   (⌊j / n⌋, j mod n). The multiply-shift is biased by at most n² / 2³² (1.4e-7 for n = 24), far below the
 *   Monte-Carlo error (±0.005), and with half the draws it is about twice as fast as pure-rand's
 *   rejection-sampling uniformInt one change at a time (which a dashboard of 60 KPIs could not afford).
 */

export const FORECAST_RUNS = 10_000;
export const MAX_CHANGES = 24;
export const MIN_CHANGES = 5;
/** "Within 4, 8 and 12 periods" when the KPI has no target date; runs then last 3 × the largest. */
export const FORECAST_HORIZONS = [4, 8, 12] as const;
const HORIZON_WITHOUT_DATE = 12;
/** A run ends after this many times the horizon. */
export const HORIZON_FACTOR = 3;
export const ETA_LEVELS = { p50: 0.5, p85: 0.85, p95: 0.95 } as const;

export type EtaLevel = keyof typeof ETA_LEVELS;

export interface ForecastInput {
  kpiId: string;
  direction: Direction;
  cadence: Cadence;
  /** Null when the KPI has none: no forecast. */
  target: number | null;
  targetDate: IsoDate | null;
  measurements: MeasurementsLike;
  asOf: IsoDate;
  /**
   * The resolved knowledge time as an ISO-8601 timestamp (`Date#toISOString()`): part of the seed, so the
   * same (KPI, D, knownAt) redraws the same forecast. Pass it normalised: "2026-11-25" and
   * "2026-11-25T23:59:59.999Z" are different seeds.
   */
  knownAt: string;
}

/** Why a KPI has no forecast, for the UI to say. */
export type NoForecastReason =
  | { code: "no_target" }
  | { code: "target_date_passed"; targetDate: IsoDate }
  | { code: "no_data" }
  | { code: "too_few_changes"; changes: number; needed: typeof MIN_CHANGES }
  | { code: "no_movement"; changes: number };

export interface Forecast {
  target: number;
  targetDate: IsoDate | null;
  direction: Direction;
  /** The latest value on or before D: every run starts from it. */
  current: Point;
  /** The changes resampled, oldest first. */
  changes: number[];
  /** Periods from the latest value's period to the target date's (or 12 without a target date). */
  horizon: number;
  /** A run ends after 3 × horizon periods. */
  maxSteps: number;
  runs: number;
  /** P(met by the target date); null without a target date. */
  probabilityByTargetDate: number | null;
  /** P(met within 4, 8, 12 periods); null with a target date. */
  probabilityWithin: Record<(typeof FORECAST_HORIZONS)[number], number | null>;
  /** Periods until met with 50 / 85 / 95 % probability; null when not reached within `maxSteps`. */
  eta: Record<EtaLevel, number | null>;
  /** The same as the start of the period it lands in. */
  etaPeriod: Record<EtaLevel, IsoDate | null>;
  /** cumulative[k] = P(met within k periods), k = 0 … maxSteps. */
  cumulative: number[];
}

export type ForecastResult = { forecast: Forecast; reason: null } | { forecast: null; reason: NoForecastReason };

export interface FirstPassageInput {
  current: number;
  target: number;
  direction: Direction;
  changes: ArrayLike<number>;
  maxSteps: number;
  runs: number;
  rng: RandomGenerator;
}

/**
 * The Monte-Carlo core: for each run, add resampled changes to `current` until the target is met or
 * `maxSteps` have passed; returns hits[k] = runs first meeting the target at step k (k = 0 … maxSteps).
 * Typed arrays, no allocation per step. A run stops early once even the largest change repeated could
 * not reach the target in the steps left: it would not be met, so the result is the same, only cheaper.
 */
export function firstPassageHits(input: FirstPassageInput): Int32Array {
  const { maxSteps, runs, rng } = input;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new RangeError(`maxSteps must be a whole number ≥ 0.`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number ≥ 1.`);
  const n = input.changes.length;
  if (n === 0) throw new RangeError("A forecast needs at least one change.");

  // Work in "progress" units, where up is better: a decrease KPI is mirrored.
  const sign = input.direction === "increase" ? 1 : -1;
  const steps = new Float64Array(n);
  let largest = -Infinity;
  let magnitude = Math.max(Math.abs(input.target), Math.abs(input.current));
  for (let i = 0; i < n; i++) {
    const c = input.changes[i] as number;
    if (!Number.isFinite(c)) throw new RangeError(`Changes must be finite, got ${c}.`);
    steps[i] = sign * c;
    if (steps[i]! > largest) largest = steps[i]!;
    magnitude = Math.max(magnitude, Math.abs(c));
  }
  const start = sign * input.current;
  const goal = sign * input.target - RELATIVE_TOLERANCE * magnitude;

  const hits = new Int32Array(maxSteps + 1);
  if (start >= goal) {
    hits[0] = runs;
    return hits;
  }
  if (start + maxSteps * largest < goal) return hits;

  // reachable[k]: after step k, a position below it cannot reach the goal in the maxSteps − k steps left.
  const reachable = new Float64Array(maxSteps + 1);
  for (let k = 0; k <= maxSteps; k++) reachable[k] = goal - (maxSteps - k) * largest;

  // One 32-bit draw picks a pair (i, l) of changes for two periods: j uniform in [0, n²) is i = ⌊j / n⌋ and
  // l = j mod n, both uniform and independent, read from tables instead of dividing. Half the draws, and
  // the same sums as drawing one period at a time.
  const pairs = n * n;
  const firstOf = new Float64Array(pairs);
  const secondOf = new Float64Array(pairs);
  for (let j = 0; j < pairs; j++) {
    firstOf[j] = steps[Math.floor(j / n)]!;
    secondOf[j] = steps[j % n]!;
  }

  for (let run = 0; run < runs; run++) {
    let x = start;
    let k = 0;
    while (k < maxSteps) {
      const j = (((rng.next() >>> 0) * pairs) / 4294967296) | 0;
      x += firstOf[j]!;
      k++;
      if (x >= goal) {
        hits[k]!++;
        break;
      }
      if (k === maxSteps || x < reachable[k]!) break;
      x += secondOf[j]!;
      k++;
      if (x >= goal) {
        hits[k]!++;
        break;
      }
      if (x < reachable[k]!) break;
    }
  }
  return hits;
}

/** cumulative[k] = share of runs that met the target within k steps. */
export function cumulativeShares(hits: Int32Array, runs: number): number[] {
  const cumulative = new Array<number>(hits.length);
  let sum = 0;
  for (let k = 0; k < hits.length; k++) {
    sum += hits[k]!;
    cumulative[k] = sum / runs;
  }
  return cumulative;
}

/** The smallest k with cumulative[k] ≥ level; null when none (not reached within the simulated horizon). */
export function periodsUntil(cumulative: readonly number[], level: number): number | null {
  for (let k = 0; k < cumulative.length; k++) if ((cumulative[k] as number) >= level - 1e-12) return k;
  return null;
}

/** The period-over-period changes used (DESIGN: the last ≤ 24), oldest first. */
export function recentChanges(points: readonly Point[], cadence: Cadence): number[] {
  const latest = points[points.length - 1];
  if (latest === undefined) return [];
  const changes: number[] = [];
  for (let i = points.length - 1; i > 0 && changes.length < MAX_CHANGES; i--) {
    const before = points[i - 1] as Point;
    if (periodsApart(before.period, latest.period, cadence) > MAX_CHANGES) break;
    const after = points[i] as Point;
    if (periodsApart(before.period, after.period, cadence) === 1) changes.push(after.value - before.value);
  }
  return changes.reverse();
}

/** The forecast of a KPI as of D, or why there is none. */
export function forecast(input: ForecastInput): ForecastResult {
  calendarDate(input.asOf);
  const none = (reason: NoForecastReason): ForecastResult => ({ forecast: null, reason });
  if (input.target === null) return none({ code: "no_target" });
  if (!Number.isFinite(input.target)) throw new RangeError(`Target must be finite, got ${input.target}.`);
  if (input.targetDate !== null) {
    calendarDate(input.targetDate);
    if (input.targetDate < input.asOf) return none({ code: "target_date_passed", targetDate: input.targetDate });
  }
  const points = pointsAsOf(input.measurements, input.asOf);
  const current = points[points.length - 1];
  if (current === undefined) return none({ code: "no_data" });
  const changes = recentChanges(points, input.cadence);
  if (changes.length < MIN_CHANGES)
    return none({ code: "too_few_changes", changes: changes.length, needed: MIN_CHANGES });
  if (changes.every((c) => c === 0)) return none({ code: "no_movement", changes: changes.length });

  const withDate = input.targetDate !== null;
  const horizon = withDate
    ? Math.max(0, periodsApart(current.period, input.targetDate as IsoDate, input.cadence))
    : HORIZON_WITHOUT_DATE;
  const maxSteps = HORIZON_FACTOR * horizon;
  const hits = firstPassageHits({
    current: current.value,
    target: input.target,
    direction: input.direction,
    changes,
    maxSteps,
    runs: FORECAST_RUNS,
    rng: seededGenerator(input.kpiId, input.asOf, input.knownAt),
  });
  const cumulative = cumulativeShares(hits, FORECAST_RUNS);
  const at = (k: number): number => cumulative[Math.min(k, maxSteps)] as number;

  const eta = {} as Record<EtaLevel, number | null>;
  const etaPeriod = {} as Record<EtaLevel, IsoDate | null>;
  for (const level of Object.keys(ETA_LEVELS) as EtaLevel[]) {
    const k = periodsUntil(cumulative, ETA_LEVELS[level]);
    eta[level] = k;
    etaPeriod[level] = k === null ? null : shiftPeriod(current.period, input.cadence, k);
  }

  return {
    reason: null,
    forecast: {
      target: input.target,
      targetDate: input.targetDate,
      direction: input.direction,
      current,
      changes,
      horizon,
      maxSteps,
      runs: FORECAST_RUNS,
      probabilityByTargetDate: withDate ? at(horizon) : null,
      probabilityWithin: {
        4: withDate ? null : at(4),
        8: withDate ? null : at(8),
        12: withDate ? null : at(12),
      },
      eta,
      etaPeriod,
      cumulative,
    },
  };
}

/** A sentence for the UI saying why a KPI has no forecast. */
export function noForecastMessage(reason: NoForecastReason): string {
  switch (reason.code) {
    case "no_target":
      return "No forecast: this KPI has no target.";
    case "target_date_passed":
      return `No forecast: the target date (${reason.targetDate}) has passed.`;
    case "no_data":
      return "No forecast: this KPI has no values yet.";
    case "too_few_changes":
      return `No forecast yet: it needs ${reason.needed} changes between consecutive periods, and there ${reason.changes === 1 ? "is" : "are"} ${reason.changes}.`;
    case "no_movement":
      return "No forecast: the value has not changed in the recent periods, so there is nothing to project.";
  }
}
