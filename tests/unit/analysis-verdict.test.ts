import { describe, expect, test } from "vitest";
import { actionVerdict, whatWorks, type Verdict, type VerdictInput } from "../../lib/analysis";
import { shiftPeriod, type Measurement } from "../../lib/scoring";

const monthly = (values: readonly number[], start: string): Measurement[] =>
  values.map((value, i) => ({ period: shiftPeriod(start, "month", i), value }));

// Before the action: 12 months of 2025 alternating 9, 11: x̄ = 10, mR̄ = 2 → limits 15.32 / 4.68, warning
// lines 13.544 / 6.456. Baseline 0, target 20: attainment = value / 20, so the mean before is 10/20 = 0.5.
const BEFORE = monthly([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11], "2025-01-01");
const KPI = { direction: "increase", baseline: 0, target: 20 } as const;

/** The action runs from 1 January to 31 March 2026; judged as of 30 June 2026 unless said otherwise. */
const judge = (afterValues: number[], over: Partial<VerdictInput> = {}) =>
  actionVerdict({
    kpi: KPI,
    measurements: [...BEFORE, ...monthly(afterValues, "2026-01-01")],
    start: "2026-01-01",
    followUp: "2026-03-31",
    asOf: "2026-06-30",
    expectedPoints: 30,
    ...over,
  });

describe("actionVerdict", () => {
  test.each<[string, number[], Partial<VerdictInput>, Verdict, number | null, boolean | null]>([
    // 16, 17, 18 > 15.32 (improving); mean after 17/20 = 0.85; realised (0.85 − 0.5)×100 = 35 ≥ 30.
    ["worked", [16, 17, 18], {}, "worked", 35, true],
    ["worked, but less than expected (35 < 40)", [16, 17, 18], { expectedPoints: 40 }, "worked", 35, false],
    ["no expected effect given", [16, 17, 18], { expectedPoints: null }, "worked", 35, null],
    // 4, 3, 4 < 4.68: worsening; mean after (11/3)/20 = 0.18333 → −31.667.
    ["worsened", [4, 3, 4], {}, "worsened", -31.666666666666664, false],
    // Inside the limits: mean 10/20 − 0.5 = 0.
    ["no detectable effect", [10, 11, 9], {}, "no_detectable_effect", 0, false],
    // 12 × 3: above x̄ but under the warning line and no run of 8: a rise of 10 points is noise.
    ["a rise without a signal", [12, 12, 12], { expectedPoints: 10 }, "no_detectable_effect", 10, true],
    // 16 improving and 0 worsening; mean after 27/3/20 = 0.45 < 0.5: not worked, so worsened.
    ["signals both ways, attainment fell", [16, 0, 11], {}, "worsened", -5, false],
    // Values after the follow-up date are not judged: April's 0 is ignored.
    ["values after the follow-up date do not count", [16, 17, 18, 0], {}, "worked", 35, true],
  ])("%s", (_name, after, over, verdict, realised, met) => {
    const r = judge(after, over);
    expect(r.verdict).toBe(verdict);
    expect(r.tooEarly).toBeNull();
    if (realised === null) expect(r.realisedPoints).toBeNull();
    else expect(r.realisedPoints).toBeCloseTo(realised, 9);
    expect(r.expectedMet).toBe(met);
  });

  test("the limits and the windows the verdict rests on", () => {
    const r = judge([16, 17, 18]);
    expect(r.limits?.mean).toBeCloseTo(10, 12);
    expect(r.limits?.upper).toBeCloseTo(15.32, 12);
    expect(r.before.points).toHaveLength(12);
    expect(r.before.meanAttainment).toBeCloseTo(0.5, 12);
    expect(r.after.points.map((p) => p.period)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(r.signals.map((s) => [s.rule, s.direction])).toEqual([
      ["beyond_limits", "improving"],
      ["three_of_four", "improving"],
      ["beyond_limits", "improving"],
      ["beyond_limits", "improving"],
    ]);
  });

  test("too early: the follow-up date is after D (the realised change so far is shown, not judged)", () => {
    // As of 15 Feb: January's 16 and February's 17 → (16.5/20 − 0.5)×100 = 32.5.
    const r = judge([16, 17, 18], { asOf: "2026-02-15" });
    expect(r).toMatchObject({ verdict: "too_early", tooEarly: "follow_up_after_as_of", expectedMet: null });
    expect(r.realisedPoints).toBeCloseTo(32.5, 9);
  });

  test("too early: fewer than 3 values between start and follow-up", () => {
    const r = judge([16, 17]);
    expect(r).toMatchObject({ verdict: "too_early", tooEarly: "too_few_values_after_start" });
  });

  test("a value for the month the action started in counts as before it", () => {
    // Start 15 January: January's period (1 January) starts before s; only February and March are after.
    const r = judge([16, 17, 18], { start: "2026-01-15" });
    expect(r.before.points.at(-1)?.period).toBe("2026-01-01");
    expect(r).toMatchObject({ verdict: "too_early", tooEarly: "too_few_values_after_start" });
  });

  test("insufficient history: 5 values before the start", () => {
    const r = actionVerdict({
      kpi: KPI,
      measurements: [...monthly([9, 11, 9, 11, 9], "2025-08-01"), ...monthly([16, 17, 18], "2026-01-01")],
      start: "2026-01-01",
      followUp: "2026-03-31",
      asOf: "2026-06-30",
    });
    expect(r).toMatchObject({ verdict: "insufficient_history", limits: null, signals: [], tooEarly: null });
    // Mean before (9 + 11 + 9 + 11 + 9)/5/20 = 0.49; after 0.85 → 36 points, still shown.
    expect(r.realisedPoints).toBeCloseTo(36, 9);
  });

  test("only the 12 values just before the start make the limits", () => {
    const r = actionVerdict({
      kpi: KPI,
      measurements: [...monthly([100, 100], "2024-11-01"), ...BEFORE, ...monthly([16, 17, 18], "2026-01-01")],
      start: "2026-01-01",
      followUp: "2026-03-31",
      asOf: "2026-06-30",
    });
    expect(r.before.points[0]?.period).toBe("2025-01-01");
    expect(r.limits?.upper).toBeCloseTo(15.32, 12);
    expect(r.verdict).toBe("worked");
  });

  test("an improving signal while attainment is already 1 before and after: no detectable effect", () => {
    // Target 8: every value ≥ 8 attains 1 (baseline 0), so the mean cannot rise although 16 > 15.32.
    const r = judge([16, 10, 10], { kpi: { direction: "increase", baseline: 0, target: 8 } });
    expect(r.signals.some((s) => s.direction === "improving")).toBe(true);
    expect(r.verdict).toBe("no_detectable_effect");
    expect(r.realisedPoints).toBe(0);
  });

  test("no baseline: the earliest value is the baseline; or an attainment function per period", () => {
    // b = 9, t = 20: attainment (v − 9)/11. Before: (0 + 2/11)/2 = 1/11 on average; after (7 + 8 + 9)/3/11
    // = 8/11 → (8/11 − 1/11)×100 = 63.636…
    const r = judge([16, 17, 18], { kpi: { direction: "increase", baseline: null, target: 20 } });
    expect(r.realisedPoints).toBeCloseTo(700 / 11, 9);
    const versioned = judge([16, 17, 18], { attainmentOf: (p) => (p.period >= "2026-01-01" ? 1 : 0) });
    expect(versioned.realisedPoints).toBeCloseTo(100, 9);
  });

  test("a decrease KPI: lower values are the improvement", () => {
    const r = judge([4, 3, 4], { kpi: { direction: "decrease", baseline: 20, target: 0 }, expectedPoints: 20 });
    // Attainment (v − 20)/(0 − 20) = 1 − v/20: before 0.5, after 1 − 11/60 = 0.81667 → +31.667.
    expect(r.verdict).toBe("worked");
    expect(r.realisedPoints).toBeCloseTo(31.666666666666668, 9);
    expect(r.expectedMet).toBe(true);
  });

  test("a follow-up date before the start is refused", () => {
    expect(() => judge([16], { followUp: "2025-12-31" })).toThrow(RangeError);
  });
});

describe("whatWorks: action types × verdicts", () => {
  test("counts, links and the share that worked among those decided", () => {
    const table = whatWorks([
      { actionId: "a1", type: "Training", verdict: "worked" },
      { actionId: "a2", type: "Training", verdict: "no_detectable_effect" },
      { actionId: "a3", type: "Kaizen", verdict: "worsened" },
      { actionId: "a4", type: null, verdict: "too_early" },
      { actionId: "a5", type: "Training", verdict: "worked" },
      { actionId: "a6", type: "Kaizen", verdict: "insufficient_history" },
    ]);
    expect(table.map((r) => [r.type, r.total, r.workedShare])).toEqual([
      ["Kaizen", 2, 0], // decided: a3 only, 0 of 1 worked
      ["Training", 3, 2 / 3], // decided: a1, a2, a5
      [null, 1, null], // untyped last; nothing decided
    ]);
    expect(table[1]?.counts).toEqual({
      worked: 2,
      no_detectable_effect: 1,
      worsened: 0,
      too_early: 0,
      insufficient_history: 0,
    });
    expect(table[1]?.actionIds.worked).toEqual(["a1", "a5"]);
    expect(table[0]?.actionIds.insufficient_history).toEqual(["a6"]);
  });

  test("no actions, no rows", () => {
    expect(whatWorks([])).toEqual([]);
  });
});
