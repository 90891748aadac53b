import { atLeast, SCORE_EPSILON } from "./format";
import { attainment } from "./kpi";
import { calendarDate, periodEnd, periodStart, shiftPeriod } from "./period";
import { prepareKpi } from "./series";
import type { IsoDate, ScoringKpi } from "./types";

export const LEVERAGE_PERIODS = 24;
export const MAX_LAG = 3;

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

/** DESIGN 7: insufficient_data (n < 6), strong (|r| ≥ 0.6 and n ≥ 8), weak (|r| ≥ 0.3), else none. */
export function leverageEvidence(r: number | null, n: number): LeverageEvidence {
  if (n < 6) return "insufficient_data";
  if (r === null) return "none";
  const size = Math.abs(r);
  if (atLeast(size, 0.6) && n >= 8) return "strong";
  if (atLeast(size, 0.3)) return "weak";
  return "none";
}

/** Period-over-period changes: changes[i] = a[i] − a[i − 1] (index 0 and gaps: null). */
function changes(attainments: readonly (number | null)[]): (number | null)[] {
  return attainments.map((a, i) => {
    const before = i > 0 ? attainments[i - 1] : null;
    return a === null || before === null || before === undefined ? null : a - before;
  });
}

/**
 * Leverage of an output → outcome link as of `asOf` (DESIGN 7). Periods follow the outcome KPI's
 * cadence: the last 24 whose last day is on or before `asOf`. For lag 0..3 the output's change at
 * period p is paired with the outcome's change at p + lag.
 * When no lag yields an r, lag and r are null, n is the most pairs any lag had, and the evidence is
 * insufficient_data (n < 6) or none (enough periods, but a series never moved).
 */
export function leverage(output: ScoringKpi, outcome: ScoringKpi, asOf: IsoDate): LeverageResult {
  calendarDate(asOf);
  const out = prepareKpi(output);
  const inc = prepareKpi(outcome);
  const cadence = inc.kpi.cadence;

  let last = periodStart(asOf, cadence);
  if (periodEnd(last, cadence) > asOf) last = shiftPeriod(last, cadence, -1);

  const periods: LeveragePeriod[] = [];
  for (let back = LEVERAGE_PERIODS - 1; back >= 0; back--) {
    const period = shiftPeriod(last, cadence, -back);
    const end = periodEnd(period, cadence);
    periods.push({
      period,
      end,
      output: attainment(out.kpi, out.series, end),
      outcome: attainment(inc.kpi, inc.series, end),
    });
  }

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
    evidence: leverageEvidence(r, n),
    lags,
    periods,
  };
}
