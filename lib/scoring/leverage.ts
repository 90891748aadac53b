import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { END_OF_TIME } from "../time/known-at";
import { kpiAsOf } from "./definition";
import { SCORE_EPSILON } from "./format";
import { attainment } from "./kpi";
import { calendarDate, periodEnd, periodStart, shiftPeriod } from "./period";
import { prepareKpi } from "./series";
import type { Cadence, IsoDate, PreparedKpi, ScoringKpi, ScoringOptions } from "./types";

export const LEVERAGE_PERIODS = 24;
export const MAX_LAG = 3;
/** Fewer pairs than this is insufficient data, whatever r is (DESIGN 7). */
export const MIN_LEVERAGE_PAIRS = 6;
/** p at or below: strong evidence; at or below WEAK_P: weak (DESIGN 7). */
export const STRONG_P = 0.01;
export const WEAK_P = 0.1;

export type LeverageEvidence = "insufficient_data" | "strong" | "weak" | "none";

export interface LeveragePeriod {
  /** Start of the outcome KPI's period. */
  period: IsoDate;
  /** Its last day: both attainments are taken as of this date. */
  end: IsoDate;
  output: number | null;
  outcome: number | null;
}

export interface LagCorrelation {
  lag: number;
  /** Pearson r; null when there are fewer than 2 pairs or a series does not vary. */
  r: number | null;
  /** Pairs: periods p where the output's change at p and the outcome's change at p + lag both exist. */
  n: number;
}

export interface LeverageResult {
  asOf: IsoDate;
  /** The lag (in outcome periods) with the largest |r|; the smallest on ties (within 1e-9); null when no lag has an r. */
  lag: number | null;
  r: number | null;
  /** Pairs at `lag`; when no lag has an r, the most pairs any lag had. */
  n: number;
  /**
   * Two-sided p-value of r at `lag` (Student's t, n − 2 degrees of freedom), multiplied by 4 for
   * having picked the best of four lags (Bonferroni), capped at 1; null when r is null or n < 3.
   */
  p: number | null;
  evidence: LeverageEvidence;
  lags: LagCorrelation[];
  /** Up to 24 periods, oldest first (attainments are null before a KPI's first measurement). */
  periods: LeveragePeriod[];
}

/** Below this spread a series counts as constant (float noise: 0.4 − 0.2 vs 0.6 − 0.4). */
const FLAT = 1e-12;

function spread(xs: readonly number[]): number {
  return Math.max(...xs) - Math.min(...xs);
}

/** Pearson correlation; null with fewer than 2 pairs or when either series is constant (r undefined). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const x = xs.slice(0, n);
  const y = ys.slice(0, n);
  if (spread(x) <= FLAT || spread(y) <= FLAT) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * The honest p-value of a lag picked as the best of four (DESIGN 7): the two-sided p of Pearson's r
 * over n pairs, from Student's t with n − 2 degrees of freedom, t = r·√(n−2)/√(1−r²), multiplied by
 * 4 (Bonferroni for the choice among lags 0..3) and capped at 1. |r| = 1 gives 0. Null when r is
 * undefined or n < 3 (no degrees of freedom left).
 * The t distribution comes from stdlib (`@stdlib/stats-base-dists-t-cdf`, its regularised incomplete
 * beta function): hand-written numerics would need their own proof of accuracy in the tails.
 */
export function leveragePValue(r: number | null, n: number): number | null {
  if (r === null || !Number.isFinite(r) || n < 3) return null;
  const size = Math.min(1, Math.abs(r));
  if (size >= 1) return 0;
  const df = n - 2;
  const t = (size * Math.sqrt(df)) / Math.sqrt(1 - size * size);
  const twoSided = 2 * tCdf(-t, df); // the lower tail keeps its precision where 1 − cdf(t) would round to 0
  return Math.min(1, (MAX_LAG + 1) * twoSided);
}

/**
 * Evidence of a link (DESIGN 7) from its r and n: insufficient_data (n < 6 or r undefined), strong
 * (p ≤ 0.01), weak (p ≤ 0.10), else none, p being `leveragePValue(r, n)`.
 */
export function leverageEvidence(r: number | null, n: number): LeverageEvidence {
  const p = leveragePValue(r, n);
  if (n < MIN_LEVERAGE_PAIRS || p === null) return "insufficient_data";
  if (p <= STRONG_P) return "strong";
  if (p <= WEAK_P) return "weak";
  return "none";
}

/**
 * Attainment as of `date` under the KPI's definition then; null when it has no data, or (for a KPI
 * with versions) was not defined yet or archived on that date. A KPI given without versions is read
 * as before versions existed: its archived flag does not hide its history from a link asked about.
 */
function attainmentOn(prepared: PreparedKpi, date: IsoDate, knownAt: Date): number | null {
  const definition = kpiAsOf(prepared.kpi, date, knownAt);
  if (definition === null || (definition.archived && prepared.kpi.versions !== undefined)) return null;
  return attainment(definition, prepared.series, date);
}

/** Period-over-period changes: changes[i] = a[i] − a[i − 1] (index 0 and gaps: null). */
function changes(attainments: readonly (number | null)[]): (number | null)[] {
  return attainments.map((a, i) => {
    const before = i > 0 ? attainments[i - 1] : null;
    return a === null || before === null || before === undefined ? null : a - before;
  });
}

/**
 * The periods leverage reads for an outcome of `cadence` as of `asOf`: the last LEVERAGE_PERIODS whose
 * last day is on or before `asOf`, oldest first, each with its last day (the date attainments are
 * taken on). The data layer loads each KPI's value on exactly these days.
 */
export function leveragePeriods(asOf: IsoDate, cadence: Cadence): { period: IsoDate; end: IsoDate }[] {
  let last = periodStart(asOf, cadence);
  if (periodEnd(last, cadence) > asOf) last = shiftPeriod(last, cadence, -1);
  const periods: { period: IsoDate; end: IsoDate }[] = [];
  for (let back = LEVERAGE_PERIODS - 1; back >= 0; back--) {
    const period = shiftPeriod(last, cadence, -back);
    periods.push({ period, end: periodEnd(period, cadence) });
  }
  return periods;
}

/**
 * Leverage of an output → outcome link as of `asOf` (DESIGN 7). Periods follow the outcome KPI's
 * cadence: the last 24 whose last day is on or before `asOf`. For lag 0..3 the output's change at
 * period p is paired with the outcome's change at p + lag.
 * Each attainment uses its KPI's definition as of that period's last day, as known at
 * `options.knownAt` (a period before a KPI existed, or while it was archived, has none).
 * When no lag yields an r, lag, r and p are null, n is the most pairs any lag had, and the evidence is
 * insufficient_data (r is undefined: too few periods, or a series never moved).
 */
export function leverage(
  output: ScoringKpi,
  outcome: ScoringKpi,
  asOf: IsoDate,
  options: Pick<ScoringOptions, "knownAt"> = {},
): LeverageResult {
  calendarDate(asOf);
  const knownAt = options.knownAt ?? END_OF_TIME;
  const out = prepareKpi(output);
  const inc = prepareKpi(outcome);
  const cadence = inc.kpi.cadence;

  const periods: LeveragePeriod[] = leveragePeriods(asOf, cadence).map(({ period, end }) => ({
    period,
    end,
    output: attainmentOn(out, end, knownAt),
    outcome: attainmentOn(inc, end, knownAt),
  }));

  const dOut = changes(periods.map((p) => p.output));
  const dInc = changes(periods.map((p) => p.outcome));

  const lags: LagCorrelation[] = [];
  for (let lag = 0; lag <= MAX_LAG; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let p = 0; p + lag < periods.length; p++) {
      const x = dOut[p];
      const y = dInc[p + lag];
      if (x == null || y == null) continue;
      xs.push(x);
      ys.push(y);
    }
    lags.push({ lag, r: pearson(xs, ys), n: xs.length });
  }

  let best: LagCorrelation | null = null;
  for (const l of lags) {
    if (l.r !== null && (best === null || Math.abs(l.r) > Math.abs(best.r as number) + SCORE_EPSILON)) best = l;
  }
  const n = best !== null ? best.n : Math.max(...lags.map((l) => l.n));
  const r = best?.r ?? null;

  return {
    asOf,
    lag: best?.lag ?? null,
    r,
    n,
    p: leveragePValue(r, n),
    evidence: leverageEvidence(r, n),
    lags,
    periods,
  };
}
