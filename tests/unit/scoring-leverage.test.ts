import { describe, expect, test } from "vitest";
import {
  leverage,
  leverageEvidence,
  leveragePValue,
  pearson,
  shiftPeriod,
  type Cadence,
  type KpiInput,
  type KpiWithMeasurements,
  type LeverageEvidence,
} from "../../lib/scoring";

/** Baseline 0, target 100: attainment = value / 100. Values are given per month (or week, quarter) from `start`. */
function series(
  kind: KpiInput["kind"],
  start: string,
  values: number[],
  cadence: Cadence = "month",
): KpiWithMeasurements {
  return {
    kpi: {
      id: kind,
      key: kind.toUpperCase(),
      name: kind,
      kind,
      direction: "increase",
      baseline: 0,
      target: 100,
      weight: 1,
      cadence,
    },
    measurements: values.map((value, i) => ({ period: shiftPeriod(start, cadence, i), value })),
  };
}

// 26 values in 0..100, no pattern; x[i + 2] is the output for month i of the 24 (Jan 2025 .. Dec 2026).
const x = [50, 44, 53, 47, 60, 58, 52, 65, 61, 49, 55, 70, 66, 58, 63, 72, 68, 59, 75, 71, 64, 80, 77, 69, 84, 79];
const AS_OF = "2026-12-31";

describe("pearson", () => {
  test.each<[string, number[], number[], number | null]>([
    ["perfect", [1, 2, 3], [2, 4, 6], 1],
    ["perfect negative", [1, 2, 3], [3, 2, 1], -1],
    ["hand-computed 0.8: Σdxdy 4 / √(5·5)", [1, 2, 3, 4], [1, 3, 2, 4], 0.8],
    ["uncorrelated", [1, 2, 3, 4], [1, -1, -1, 1], 0],
    ["constant x: undefined", [2, 2, 2], [1, 2, 3], null],
    ["constant y: undefined", [1, 2, 3], [5, 5, 5], null],
    ["constant up to float noise: undefined", [0.4 - 0.2, 0.6 - 0.4, 0.8 - 0.6], [1, 2, 3], null],
    ["one pair: undefined", [1], [2], null],
    ["no pairs: undefined", [], [], null],
  ])("%s", (_name, xs, ys, expected) => {
    const r = pearson(xs, ys);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toBeCloseTo(expected, 12);
  });
});

// Reference p-values: SciPy 1.17.1, p = min(1, 4 · 2 · scipy.stats.t.sf(|t|, n − 2)) with
// t = r·√(n−2)/√(1−r²) (the same as R's min(1, 4 * 2 * pt(-abs(t), n - 2))), printed to 10 digits.
describe("leveragePValue: two-sided Student's t, × 4 for the best of four lags, capped at 1", () => {
  test.each<[string, number, number, number]>([
    ["DESIGN's example: n = 8, r = 0.6 gives p ≈ 0.46 (t = 1.837117, 6 df)", 0.6, 8, 0.46336],
    ["the sign of r does not matter", -0.6, 8, 0.46336],
    ["r 0.95, n 5 (3 df)", 0.95, 5, 0.05328004404],
    ["r 0.95, n 6: t = 6.084870", 0.95, 6, 0.01475],
    ["r 0.95, n 7", 0.95, 7, 0.004180282369],
    ["r 0.59, n 8", 0.59, 8, 0.4946563552],
    ["r 0.7, n 10", 0.7, 10, 0.096825375],
    ["r 0.8, n 12", 0.8, 12, 0.00712736],
    ["r 0.6, n 23", 0.6, 23, 0.009895208864],
    ["r 0.55, n 24", 0.55, 24, 0.02145033204],
    ["r 0.46, n 24", 0.46, 24, 0.09486035068],
    ["r 0.45, n 24", 0.45, 24, 0.1094163382],
    ["r −0.9, n 20: a tail far below 1e-6", -0.9, 20, 2.629713818e-7],
    ["capped at 1: r 0.3, n 6 (4 × 0.5635)", 0.3, 6, 1],
    ["r 0 gives 1", 0, 10, 1],
  ])("%s", (_name, r, n, expected) => {
    const p = leveragePValue(r, n) as number;
    expect(Math.abs(p - expected)).toBeLessThanOrEqual(1e-9 + 1e-7 * expected);
  });

  // Published critical values of Student's t (two-sided α; e.g. the NIST/SEMATECH e-Handbook of
  // Statistical Methods, table 1.3.6.7.2, upper critical values for 1 − α/2): the r whose t equals the
  // critical value, r = t / √(t² + df), has an uncorrected p of α, so p = 4α to the table's 3 decimals.
  test.each<[number, number, number]>([
    [6, 1.943, 0.1],
    [6, 2.447, 0.05],
    [6, 3.707, 0.01],
    [10, 2.228, 0.05],
    [10, 3.169, 0.01],
    [20, 2.086, 0.05],
    [20, 2.845, 0.01],
  ])("t table: %i df, t = %s is two-sided α = %s, so p = 4α", (df, t, alpha) => {
    const r = t / Math.sqrt(t * t + df);
    expect(leveragePValue(r, df + 2)).toBeCloseTo(4 * alpha, 3);
  });

  test.each<[string, number | null, number, number | null]>([
    ["|r| = 1: p = 0", 1, 8, 0],
    ["r = −1: p = 0", -1, 6, 0],
    ["r undefined: no p", null, 10, null],
    ["2 pairs leave no degrees of freedom", 0.5, 2, null],
  ])("%s", (_name, r, n, expected) => {
    expect(leveragePValue(r, n)).toBe(expected);
  });
});

describe("leverageEvidence: insufficient_data (n < 6 or r undefined), strong p ≤ 0.01, weak p ≤ 0.10, else none", () => {
  // Labels changed with DESIGN 7 (the honest p-value); the old |r| thresholds are in the comments.
  test.each<[number | null, number, LeverageEvidence]>([
    [null, 0, "insufficient_data"],
    [0.95, 5, "insufficient_data"], // p 0.053, but fewer than 6 pairs
    [0.95, 6, "weak"], // p 0.01475
    [0.95, 7, "strong"], // p 0.00418 (was weak: n < 8)
    [0.6, 8, "none"], // p 0.463 (was strong: |r| ≥ 0.6, n ≥ 8)
    [-0.6, 8, "none"], // (was strong)
    [-0.9, 20, "strong"], // p 2.6e-7
    [0.59, 8, "none"], // p 0.495 (was weak)
    [0.3, 6, "none"], // p 1 (was weak)
    [-0.3, 6, "none"], // (was weak)
    [0.29, 10, "none"],
    [0, 10, "none"],
    [null, 10, "insufficient_data"], // r undefined (was none)
    [0.6, 23, "strong"], // p 0.009895 ≤ 0.01
    [0.55, 24, "weak"], // p 0.02145
    [0.46, 24, "weak"], // p 0.09486 ≤ 0.10
    [0.45, 24, "none"], // p 0.1094 > 0.10
    [1, 6, "strong"], // p 0
  ])("r %s with n %i → %s", (r, n, expected) => {
    expect(leverageEvidence(r, n)).toBe(expected);
  });
});

describe("leverage", () => {
  test("periods: the outcome's last 24 periods ending on or before asOf, oldest first", () => {
    const r = leverage(series("output", "2025-01-01", []), series("outcome", "2025-01-01", []), "2026-11-25");
    expect(r.periods).toHaveLength(24);
    expect(r.periods[0]).toMatchObject({ period: "2024-11-01", end: "2024-11-30" });
    expect(r.periods[23]).toMatchObject({ period: "2026-10-01", end: "2026-10-31" }); // November has not ended
    const atMonthEnd = leverage(series("output", "2025-01-01", []), series("outcome", "2025-01-01", []), "2026-11-30");
    expect(atMonthEnd.periods[23]).toMatchObject({ period: "2026-11-01", end: "2026-11-30" });
  });

  test("periods follow the outcome's cadence; the output's attainment is read as of each period's last day", () => {
    const output = series("output", "2026-06-29", [10, 20, 30, 40, 50, 60], "week"); // weeks of 29 Jun .. 3 Aug
    const outcome = series("outcome", "2026-01-01", [10, 20], "quarter");
    const r = leverage(output, outcome, "2026-11-25");
    expect(r.periods.map((p) => p.period).slice(-3)).toEqual(["2026-01-01", "2026-04-01", "2026-07-01"]);
    expect(r.periods[23]).toEqual({ period: "2026-07-01", end: "2026-09-30", output: 0.6, outcome: 0.2 });
    expect(r.periods[22]).toEqual({ period: "2026-04-01", end: "2026-06-30", output: 0.1, outcome: 0.2 });
    expect(r.periods[21]).toEqual({ period: "2026-01-01", end: "2026-03-31", output: null, outcome: 0.1 });
  });

  test("strong: the outcome follows the output two months later (r = 1 at lag 2)", () => {
    const output = series("output", "2025-01-01", x.slice(2));
    const outcome = series("outcome", "2025-01-01", x.slice(0, 24)); // outcome in month i = output in month i − 2
    const r = leverage(output, outcome, AS_OF);
    expect(r.lag).toBe(2);
    expect(r.r).toBeCloseTo(1, 12);
    expect(r.n).toBe(21); // output changes at months 1..21 paired with outcome changes at 3..23
    expect(r.p).toBeCloseTo(0, 9); // |r| = 1: p = 0
    expect(r.evidence).toBe("strong");
    expect(r.lags.map((l) => l.n)).toEqual([23, 22, 21, 20]);
    for (const l of r.lags) if (l.lag !== 2) expect(Math.abs(l.r as number)).toBeLessThan(0.999);
  });

  test("strong and negative: the outcome moves against the output at once", () => {
    const output = series("output", "2025-01-01", x.slice(2));
    const outcome = series(
      "outcome",
      "2025-01-01",
      x.slice(2).map((v) => 100 - v),
    );
    const r = leverage(output, outcome, AS_OF);
    expect(r.lag).toBe(0);
    expect(r.r).toBeCloseTo(-1, 12);
    expect(r.n).toBe(23);
    expect(r.evidence).toBe("strong");
  });

  test("none: hand-picked series with r = −0.4614 at lag 1 (8 pairs), p = 0.9993", () => {
    // Ten months of data, March .. December 2026; numpy.corrcoef of the month-over-month changes:
    // lag 0 −0.126089 (9 pairs), lag 1 −0.461393 (8), lag 2 0.032860 (7), lag 3 −0.092037 (6).
    const output = series("output", "2026-03-01", [86, 16, 23, 10, 82, 29, 78, 22, 56, 88]);
    const outcome = series("outcome", "2026-03-01", [13, 19, 36, 88, 58, 29, 42, 54, 87, 56]);
    const r = leverage(output, outcome, AS_OF);
    expect(r.lags.map((l) => [l.lag, Number((l.r as number).toFixed(6)), l.n])).toEqual([
      [0, -0.126089, 9],
      [1, -0.461393, 8],
      [2, 0.03286, 7],
      [3, -0.092037, 6],
    ]);
    expect(r.lag).toBe(1);
    expect(r.r).toBeCloseTo(-0.461393, 6);
    expect(r.n).toBe(8);
    // SciPy: min(1, 8 · t.sf(1.273876, 6)) = 0.9993022 (was weak: |r| ≥ 0.3)
    expect(r.p).toBeCloseTo(0.9993022, 5);
    expect(r.evidence).toBe("none");
  });

  test("none: the best lag's p is 1 (r = −0.19 over 7 pairs)", () => {
    // numpy: lag 0 0.068884, lag 1 0.004756, lag 2 −0.190547, lag 3 0.161352
    const output = series("output", "2026-03-01", [58, 83, 17, 47, 23, 73, 67, 75, 13, 77]);
    const outcome = series("outcome", "2026-03-01", [78, 27, 12, 41, 21, 38, 89, 33, 31, 23]);
    const r = leverage(output, outcome, AS_OF);
    expect(r.lag).toBe(2);
    expect(r.r).toBeCloseTo(-0.190547, 6);
    expect(r.n).toBe(7);
    expect(r.p).toBe(1); // SciPy: 8 · t.sf(0.434028, 5) = 5.46, capped at 1
    expect(r.evidence).toBe("none");
  });

  test("strong with only 7 pairs: r = 1 gives p = 0", () => {
    const values = [10, 30, 20, 50, 40, 70, 55, 90];
    const r = leverage(series("output", "2026-05-01", values), series("outcome", "2026-05-01", values), AS_OF);
    expect(r.lag).toBe(0);
    expect(r.r).toBeCloseTo(1, 12);
    expect(r.n).toBe(7);
    expect(r.p).toBeCloseTo(0, 9);
    expect(r.evidence).toBe("strong"); // was weak: n < 8
  });

  test("DESIGN's example through leverage: r = 0.6 over 8 pairs is no evidence", () => {
    // Nine months, April .. December 2026, found by a random search for r ≈ 0.6 at lag 0. numpy.corrcoef of
    // the month-over-month changes: lag 0 0.599976 (8 pairs), lag 1 0.202538 (7), lag 2 −0.381956 (6),
    // lag 3 0.365824 (5); SciPy: min(1, 8 · t.sf(1.837001, 6)) = 0.46343485.
    const output = series("output", "2026-04-01", [61, 50, 48, 80, 11, 10, 80, 47, 80]);
    const outcome = series("outcome", "2026-04-01", [47, 24, 39, 90, 80, 21, 62, 52, 77]);
    const r = leverage(output, outcome, AS_OF);
    expect(r.lags.map((l) => [l.lag, Number((l.r as number).toFixed(6)), l.n])).toEqual([
      [0, 0.599976, 8],
      [1, 0.202538, 7],
      [2, -0.381956, 6],
      [3, 0.365824, 5],
    ]);
    expect(r.lag).toBe(0);
    expect(r.n).toBe(8);
    expect(r.p).toBeCloseTo(0.46343485, 6);
    expect(r.evidence).toBe("none");
  });

  test("insufficient_data: 5 pairs", () => {
    const values = [10, 30, 20, 50, 40, 70];
    const r = leverage(series("output", "2026-07-01", values), series("outcome", "2026-07-01", values), AS_OF);
    expect(r.n).toBe(5);
    expect(r.r).toBeCloseTo(1, 12);
    expect(r.evidence).toBe("insufficient_data");
  });

  test("no lag gives an r: the output never moves; n is the most pairs any lag had", () => {
    const output = series(
      "output",
      "2025-01-01",
      x.slice(2).map(() => 150),
    ); // always past target: a = 1
    const outcome = series("outcome", "2025-01-01", x.slice(2));
    const r = leverage(output, outcome, AS_OF);
    expect(r.lags.every((l) => l.r === null)).toBe(true);
    expect(r.lag).toBeNull();
    expect(r.r).toBeNull();
    expect(r.p).toBeNull();
    expect(r.n).toBe(23);
    expect(r.evidence).toBe("insufficient_data"); // r undefined (was none)
  });

  test("no data at all", () => {
    const r = leverage(series("output", "2025-01-01", []), series("outcome", "2025-01-01", []), AS_OF);
    expect(r).toMatchObject({ lag: null, r: null, n: 0, p: null, evidence: "insufficient_data" });
    expect(r.periods.every((p) => p.output === null && p.outcome === null)).toBe(true);
  });

  test("only history up to asOf is used", () => {
    const output = series("output", "2025-01-01", x.slice(2));
    const outcome = series("outcome", "2025-01-01", x.slice(0, 24));
    const r = leverage(output, outcome, "2025-06-30"); // six months of data: 5 changes
    expect(r.lags[0]?.n).toBe(5);
    expect(r.evidence).toBe("insufficient_data");
  });
});
