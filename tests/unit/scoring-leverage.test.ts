import { describe, expect, test } from "vitest";
import {
  leverage,
  leverageEvidence,
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

describe("leverageEvidence", () => {
  test.each<[number | null, number, LeverageEvidence]>([
    [null, 0, "insufficient_data"],
    [0.95, 5, "insufficient_data"],
    [0.95, 6, "weak"],
    [0.95, 7, "weak"],
    [0.6, 8, "strong"],
    [-0.6, 8, "strong"],
    [-0.9, 20, "strong"],
    [0.59, 8, "weak"],
    [0.3, 6, "weak"],
    [-0.3, 6, "weak"],
    [0.29, 10, "none"],
    [0, 10, "none"],
    [null, 10, "none"],
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

  test("weak: hand-picked series with r = −0.4614 at lag 1 (8 pairs)", () => {
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
    expect(r.evidence).toBe("weak");
  });

  test("none: no lag reaches |r| 0.3", () => {
    // numpy: lag 0 0.068884, lag 1 0.004756, lag 2 −0.190547, lag 3 0.161352
    const output = series("output", "2026-03-01", [58, 83, 17, 47, 23, 73, 67, 75, 13, 77]);
    const outcome = series("outcome", "2026-03-01", [78, 27, 12, 41, 21, 38, 89, 33, 31, 23]);
    const r = leverage(output, outcome, AS_OF);
    expect(r.lag).toBe(2);
    expect(r.r).toBeCloseTo(-0.190547, 6);
    expect(r.n).toBe(7);
    expect(r.evidence).toBe("none");
  });

  test("weak although r = 1: only 7 pairs", () => {
    const values = [10, 30, 20, 50, 40, 70, 55, 90];
    const r = leverage(series("output", "2026-05-01", values), series("outcome", "2026-05-01", values), AS_OF);
    expect(r.lag).toBe(0);
    expect(r.r).toBeCloseTo(1, 12);
    expect(r.n).toBe(7);
    expect(r.evidence).toBe("weak");
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
    expect(r.n).toBe(23);
    expect(r.evidence).toBe("none");
  });

  test("no data at all", () => {
    const r = leverage(series("output", "2025-01-01", []), series("outcome", "2025-01-01", []), AS_OF);
    expect(r).toMatchObject({ lag: null, r: null, n: 0, evidence: "insufficient_data" });
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
