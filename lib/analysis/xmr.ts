import {
  asSeries,
  calendarDate,
  periodStart,
  type Cadence,
  type Direction,
  type IsoDate,
  type MeasurementsLike,
} from "@/lib/scoring";
import { pointsAsOf, type Point } from "./points";
import { isAbove, isBelow } from "./tolerance";

/**
 * Signal or noise: an XmR (process behaviour) chart and Wheeler's three detection rules (DESIGN "Analysis").
 *
 * Decisions where DESIGN is silent:
 * - The rules look only at the values after the limits' range: a window never starts inside the range, so
 *   with 9–12 values (limits from all but the latest) only the latest value is judged and only rule 1 or a
 *   clipped rule-2 window can fire.
 * - A point exactly on a line (within 1e-9 relative, see tolerance.ts) is not beyond it: on a limit is
 *   inside the limits, on x̄ ± 1.772·mR̄ is not beyond the warning line, and on x̄ is on neither side, which
 *   ends a rule-3 run.
 * - Constant data (mR̄ = 0) collapses the limits onto x̄. Values equal to x̄ then never signal (they are on
 *   every line); any later value that differs is outside the limits (rule 1), since the process had shown
 *   no variation at all.
 * - Rule 2 holds when 3 points beyond the warning line on the same side fall within 4 consecutive values;
 *   when fewer than 4 values follow the range the window is what there is (3 of 3 counts, since any fourth
 *   value would complete "3 of 4").
 * - Signals are reported per rule: each point outside the limits alone; overlapping rule-2 windows on one
 *   side merged into one signal resting on their points beyond the line; each maximal rule-3 run (≥ 8) as one.
 */

/** Wheeler's scaling constants for individual values: 3σ ≈ 2.66·mR̄ and 2σ ≈ 1.772·mR̄. */
export const LIMIT_FACTOR = 2.66;
export const WARNING_FACTOR = 1.772;

/** A chart needs this many values on or before D. */
export const MIN_VALUES_FOR_LIMITS = 9;
/** A user-fixed limits range needs this many values. */
export const MIN_VALUES_IN_FIXED_RANGE = 8;
/** With this many values or more, the limits come from the first `DEFAULT_RANGE_SIZE`. */
export const FIRST_VALUES_FROM = 13;
export const DEFAULT_RANGE_SIZE = 12;
export const RUN_LENGTH = 8;

export type XmrRule = "beyond_limits" | "three_of_four" | "run_of_eight";

export const XMR_RULES: Record<XmrRule, { number: 1 | 2 | 3; description: string }> = {
  beyond_limits: { number: 1, description: "A point outside the process limits" },
  three_of_four: {
    number: 2,
    description: "3 of 4 consecutive points beyond x̄ ± 1.772·mR̄ on the same side",
  },
  run_of_eight: { number: 3, description: "8 consecutive points on one side of the centre line" },
};

export type SignalDirection = "improving" | "worsening";

/** The limits computed from a list of values (at least 2). */
export interface LimitValues {
  /** x̄ */
  mean: number;
  /** mR̄ = mean |xᵢ − xᵢ₋₁| */
  movingRange: number;
  /** x̄ + 2.66·mR̄ */
  upper: number;
  /** x̄ − 2.66·mR̄ */
  lower: number;
  /** x̄ + 1.772·mR̄ (rule 2) */
  upperWarning: number;
  /** x̄ − 1.772·mR̄ (rule 2) */
  lowerWarning: number;
}

/** A range of periods (both included) a user fixes for the limits, e.g. after a process change. */
export interface LimitsRange {
  from: IsoDate;
  to: IsoDate;
}

export type LimitsSource = "first_12" | "all_but_latest" | "fixed_range";

export interface ProcessLimits extends LimitValues {
  source: LimitsSource;
  /** First and last period of the values the limits come from. */
  from: IsoDate;
  to: IsoDate;
  /** How many values the limits come from. */
  count: number;
}

export type LimitsUnavailable =
  | { reason: "too_few_values"; count: number; needed: typeof MIN_VALUES_FOR_LIMITS }
  | {
      reason: "fixed_range_too_short";
      range: LimitsRange;
      count: number;
      needed: typeof MIN_VALUES_IN_FIXED_RANGE;
    };

export type LimitsResult =
  | { limits: ProcessLimits; unavailable: null; points: Point[]; judged: Point[] }
  | { limits: null; unavailable: LimitsUnavailable; points: Point[]; judged: [] };

export interface Signal {
  rule: XmrRule;
  /** Which side of the centre line the points lie on. */
  side: "above" | "below";
  /** By the KPI's direction: above is improving for an increase KPI, worsening for a decrease KPI. */
  direction: SignalDirection;
  /** The periods the signal rests on, oldest first. */
  periods: IsoDate[];
  values: number[];
}

/** x̄, mR̄ and the lines drawn from them. Throws a RangeError for fewer than 2 values (no moving range). */
export function limitsFromValues(values: readonly number[]): LimitValues {
  if (values.length < 2) throw new RangeError(`Process limits need at least 2 values, got ${values.length}.`);
  let sum = 0;
  let ranges = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) throw new RangeError(`Process limits need finite values, got ${x}.`);
    sum += x;
    if (i > 0) ranges += Math.abs(x - (values[i - 1] as number));
  }
  const mean = sum / values.length;
  const movingRange = ranges / (values.length - 1);
  return {
    mean,
    movingRange,
    upper: mean + LIMIT_FACTOR * movingRange,
    lower: mean - LIMIT_FACTOR * movingRange,
    upperWarning: mean + WARNING_FACTOR * movingRange,
    lowerWarning: mean - WARNING_FACTOR * movingRange,
  };
}

function assertRange(range: LimitsRange): void {
  calendarDate(range.from);
  calendarDate(range.to);
  if (range.from > range.to) throw new RangeError(`Limits range starts (${range.from}) after it ends (${range.to}).`);
}

/** The points inside a fixed range (periods from `range.from` to `range.to`, both included). */
function pointsInRange(points: readonly Point[], range: LimitsRange): Point[] {
  return points.filter((p) => p.period >= range.from && p.period <= range.to);
}

/**
 * Why a user may not fix the limits on this range, as a sentence for the field; null when the range holds
 * at least 8 values (all measurements count, whatever the as-of date: the check is made when saving).
 */
export function limitsRangeError(measurements: MeasurementsLike, range: LimitsRange): string | null {
  assertRange(range);
  const count = asSeries(measurements).periods.filter((p) => p >= range.from && p <= range.to).length;
  if (count >= MIN_VALUES_IN_FIXED_RANGE) return null;
  return `The limits need at least ${MIN_VALUES_IN_FIXED_RANGE} values; ${range.from} to ${range.to} holds ${count}.`;
}

/**
 * The process limits as of `asOf` (DESIGN): none with fewer than 9 values on or before D; from the first 12
 * values once there are 13 or more, else from all values but the latest; or from a fixed range (≥ 8 of the
 * values on or before D in it). Also returns the points on or before D and those the rules judge (the
 * values after the limits' range).
 */
export function processLimits(
  measurements: MeasurementsLike,
  options: { asOf: IsoDate; range?: LimitsRange | null },
): LimitsResult {
  const points = pointsAsOf(measurements, options.asOf);
  if (points.length < MIN_VALUES_FOR_LIMITS) {
    return {
      limits: null,
      unavailable: { reason: "too_few_values", count: points.length, needed: MIN_VALUES_FOR_LIMITS },
      points,
      judged: [],
    };
  }

  let base: Point[];
  let judged: Point[];
  let source: LimitsSource;
  if (options.range) {
    const range = options.range;
    assertRange(range);
    base = pointsInRange(points, range);
    if (base.length < MIN_VALUES_IN_FIXED_RANGE) {
      return {
        limits: null,
        unavailable: { reason: "fixed_range_too_short", range, count: base.length, needed: MIN_VALUES_IN_FIXED_RANGE },
        points,
        judged: [],
      };
    }
    judged = points.filter((p) => p.period > range.to);
    source = "fixed_range";
  } else {
    const size = points.length >= FIRST_VALUES_FROM ? DEFAULT_RANGE_SIZE : points.length - 1;
    base = points.slice(0, size);
    judged = points.slice(size);
    source = points.length >= FIRST_VALUES_FROM ? "first_12" : "all_but_latest";
  }

  const limits: ProcessLimits = {
    ...limitsFromValues(base.map((p) => p.value)),
    source,
    from: (base[0] as Point).period,
    to: (base[base.length - 1] as Point).period,
    count: base.length,
  };
  return { limits, unavailable: null, points, judged };
}

type Side = "above" | "below";

function directionOf(side: Side, direction: Direction): SignalDirection {
  return (side === "above") === (direction === "increase") ? "improving" : "worsening";
}

function signalOf(rule: XmrRule, side: Side, direction: Direction, points: readonly Point[]): Signal {
  return {
    rule,
    side,
    direction: directionOf(side, direction),
    periods: points.map((p) => p.period),
    values: points.map((p) => p.value),
  };
}

/** Rule 1: each point outside the limits. */
function beyondLimits(points: readonly Point[], limits: LimitValues, direction: Direction): Signal[] {
  const found: Signal[] = [];
  for (const p of points) {
    if (isAbove(p.value, limits.upper)) found.push(signalOf("beyond_limits", "above", direction, [p]));
    else if (isBelow(p.value, limits.lower)) found.push(signalOf("beyond_limits", "below", direction, [p]));
  }
  return found;
}

/** Rule 2 on one side: windows of 4 consecutive points (clipped when fewer follow) with ≥ 3 beyond the line. */
function threeOfFourOn(side: Side, points: readonly Point[], limits: LimitValues, direction: Direction): Signal[] {
  const beyond = points.map((p) =>
    side === "above" ? isAbove(p.value, limits.upperWarning) : isBelow(p.value, limits.lowerWarning),
  );
  // Overlapping qualifying windows form one group; a group is the set of its windows' points beyond the line.
  const groups: Set<number>[] = [];
  let groupEnd = -1; // exclusive end of the last qualifying window
  const lastStart = Math.max(0, points.length - 4);
  for (let start = 0; start <= lastStart; start++) {
    const end = Math.min(start + 4, points.length);
    let count = 0;
    for (let i = start; i < end; i++) if (beyond[i]) count++;
    if (count < 3) continue;
    if (start >= groupEnd) groups.push(new Set<number>());
    const group = groups[groups.length - 1] as Set<number>;
    for (let i = start; i < end; i++) if (beyond[i]) group.add(i);
    groupEnd = end;
  }
  return groups.map((group) =>
    signalOf(
      "three_of_four",
      side,
      direction,
      [...group].sort((a, b) => a - b).map((i) => points[i] as Point),
    ),
  );
}

/** Rule 3: each maximal run of ≥ 8 consecutive points strictly on one side of x̄. */
function runsOfEight(points: readonly Point[], limits: LimitValues, direction: Direction): Signal[] {
  const found: Signal[] = [];
  let runSide: Side | null = null;
  let runStart = 0;
  const close = (end: number) => {
    if (runSide !== null && end - runStart >= RUN_LENGTH) {
      found.push(signalOf("run_of_eight", runSide, direction, points.slice(runStart, end)));
    }
  };
  points.forEach((p, i) => {
    const side: Side | null = isAbove(p.value, limits.mean) ? "above" : isBelow(p.value, limits.mean) ? "below" : null;
    if (side === runSide) return;
    close(i);
    runSide = side;
    runStart = i;
  });
  close(points.length);
  return found;
}

/**
 * Wheeler's rules on `points` (the values after the limits' range, oldest first), each signal improving or
 * worsening by the KPI's direction. Ordered by first period, then rule 1, 2, 3.
 */
export function signals(points: readonly Point[], limits: LimitValues, direction: Direction): Signal[] {
  const found = [
    ...beyondLimits(points, limits, direction),
    ...threeOfFourOn("above", points, limits, direction),
    ...threeOfFourOn("below", points, limits, direction),
    ...runsOfEight(points, limits, direction),
  ];
  const order = (s: Signal) => XMR_RULES[s.rule].number;
  return found.sort((a, b) =>
    (a.periods[0] as string) < (b.periods[0] as string)
      ? -1
      : (a.periods[0] as string) > (b.periods[0] as string)
        ? 1
        : order(a) - order(b),
  );
}

export interface ProcessBehaviour {
  limits: ProcessLimits | null;
  unavailable: LimitsUnavailable | null;
  signals: Signal[];
  /** Every value on or before D (for the chart). */
  points: Point[];
}

/** Limits and signals of a KPI as of `asOf`: what the chart, the signal chip and the review filters read. */
export function processBehaviour(
  measurements: MeasurementsLike,
  options: { asOf: IsoDate; direction: Direction; range?: LimitsRange | null },
): ProcessBehaviour {
  const result = processLimits(measurements, options);
  if (result.limits === null)
    return { limits: null, unavailable: result.unavailable, signals: [], points: result.points };
  return {
    limits: result.limits,
    unavailable: null,
    signals: signals(result.judged, result.limits, options.direction),
    points: result.points,
  };
}

/** The latest period a signal rests on. */
export function lastPeriod(signal: Signal): IsoDate {
  return signal.periods[signal.periods.length - 1] as IsoDate;
}

/**
 * Signals resting on at least one period of `cadence` from the one holding `since` on (the review filter
 * "signal since the last review": a value for the review's own period counts, whenever it was recorded).
 */
export function signalsSince(found: readonly Signal[], since: IsoDate, cadence: Cadence): Signal[] {
  const first = periodStart(since, cadence);
  return found.filter((s) => lastPeriod(s) >= first);
}

/** The worsening signals (the review filter "worsening signal"). */
export function worseningSignals(found: readonly Signal[]): Signal[] {
  return found.filter((s) => s.direction === "worsening");
}

/** Whether any signal is worsening; with `since`, only among the signals since then. */
export function hasWorseningSignal(found: readonly Signal[], since?: { date: IsoDate; cadence: Cadence }): boolean {
  const considered = since === undefined ? found : signalsSince(found, since.date, since.cadence);
  return worseningSignals(considered).length > 0;
}
