import { describe, expect, test } from "vitest";
import { hash128, kpiAnalysis, seededGenerator, toAnalysisResponse } from "../../lib/analysis";
import { shiftPeriod } from "../../lib/scoring";

const monthly = (values: number[]) =>
  values.map((value, i) => ({ period: shiftPeriod("2026-01-01", "month", i), value }));

describe("kpiAnalysis and the API's shape", () => {
  // DESIGN's XmR example then 16: limits 15.17 / 8.33 from January–August, an improving signal in September.
  // Its last 5 changes are +1, +1, −1, +1, +3 (Apr → Sep); the target 20 is 4 above the latest value 16.
  const analysis = kpiAnalysis({
    kpi: { id: "kpi-9", direction: "increase", cadence: "month", target: 20, targetDate: null },
    measurements: monthly([10, 12, 11, 13, 12, 11, 12, 13, 16]),
    asOf: "2026-09-30",
    knownAt: "2026-09-30T23:59:59.999Z",
  });
  const body = toAnalysisResponse(analysis);

  test("limits and signals", () => {
    expect(body.limits).toMatchObject({ from: "2026-01-01", to: "2026-08-01" });
    expect(body.limits?.mean).toBeCloseTo(11.75, 12);
    expect(body.limits?.upper).toBeCloseTo(15.17, 12);
    expect(body.limits?.lower).toBeCloseTo(8.33, 12);
    expect(body.signals).toEqual([{ rule: "beyond_limits", periods: ["2026-09-01"], direction: "improving" }]);
  });

  test("the forecast: within 4, 8, 12 periods, no target date, ETAs in periods", () => {
    expect(Object.keys(body.forecast!)).toEqual([
      "target",
      "targetDate",
      "probabilityByTargetDate",
      "probabilityWithin",
      "eta",
    ]);
    expect(body.forecast).toMatchObject({ target: 20, targetDate: null, probabilityByTargetDate: null });
    const within = body.forecast!.probabilityWithin;
    expect(within["4"]).toBe(analysis.forecast.forecast!.cumulative[4]);
    expect(within["4"]! <= within["8"]! && within["8"]! <= within["12"]!).toBe(true);
    expect(body.forecast!.eta).toEqual(analysis.forecast.forecast!.eta);
  });

  test("without enough values: limits and forecast are null, with reasons for the page", () => {
    const short = kpiAnalysis({
      kpi: { id: "kpi-9", direction: "increase", cadence: "month", target: null, targetDate: null },
      measurements: monthly([10, 12, 11]),
      asOf: "2026-09-30",
      knownAt: "2026-09-30T23:59:59.999Z",
    });
    expect(toAnalysisResponse(short)).toEqual({ limits: null, signals: [], forecast: null });
    expect(short.behaviour.unavailable).toEqual({ reason: "too_few_values", count: 3, needed: 9 });
    expect(short.forecast.reason).toEqual({ code: "no_target" });
  });
});

describe("the forecast's seed", () => {
  const draws = (kpiId: string, asOf: string, knownAt: string) => {
    const rng = seededGenerator(kpiId, asOf, knownAt);
    return [rng.next(), rng.next(), rng.next()];
  };

  test("the same (KPI, D, knownAt) give the same stream; any other part, another", () => {
    const base = draws("k", "2026-06-30", "2026-06-30T23:59:59.999Z");
    expect(draws("k", "2026-06-30", "2026-06-30T23:59:59.999Z")).toEqual(base);
    expect(draws("k2", "2026-06-30", "2026-06-30T23:59:59.999Z")).not.toEqual(base);
    expect(draws("k", "2026-07-01", "2026-06-30T23:59:59.999Z")).not.toEqual(base);
    expect(draws("k", "2026-06-30", "2026-07-01T00:00:00.000Z")).not.toEqual(base);
  });

  test("the parts are kept apart: ('ab', 'c') is not ('a', 'bc')", () => {
    expect(hash128("ab\u0000c")).not.toEqual(hash128("a\u0000bc"));
    expect(draws("ab", "c", "x")).not.toEqual(draws("a", "bc", "x"));
  });
});
