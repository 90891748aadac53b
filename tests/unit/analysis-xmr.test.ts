import { describe, expect, test } from "vitest";
import {
  hasWorseningSignal,
  limitsFromValues,
  limitsRangeError,
  processBehaviour,
  processLimits,
  signalsSince,
  worseningSignals,
  type Signal,
} from "../../lib/analysis";
import { shiftPeriod, type Direction, type Measurement } from "../../lib/scoring";

/** Monthly values from January 2025 on. */
function monthly(values: readonly number[], start = "2025-01-01"): Measurement[] {
  return values.map((value, i) => ({ period: shiftPeriod(start, "month", i), value }));
}
const month = (i: number) => shiftPeriod("2025-01-01", "month", i);
const AS_OF = "2030-01-01";

// DESIGN's example: x̄ = 94 / 8 = 11.75; moving ranges 2, 1, 2, 1, 1, 1, 1 → mR̄ = 9 / 7 = 1.285714…;
// 2.66 × 9 / 7 = 3.42 → limits 11.75 ± 3.42 = 15.17 and 8.33; 1.772 × 9 / 7 = 2.278286 → 14.028286 / 9.471714.
const DESIGN = [10, 12, 11, 13, 12, 11, 12, 13];

// A base of 12 values alternating 9, 11: x̄ = 10, mR̄ = 2 → limits 10 ± 5.32 = 15.32 / 4.68, warning lines
// 10 ± 3.544 = 13.544 / 6.456. With 13+ values the limits come from these first 12.
const BASE = [9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11];
const after = (values: number[], direction: Direction = "increase") =>
  processBehaviour(monthly([...BASE, ...values]), { asOf: AS_OF, direction }).signals;
const brief = (signals: Signal[]) => signals.map((s) => [s.rule, s.side, s.direction, s.periods]);

describe("limitsFromValues", () => {
  test("DESIGN: 10, 12, 11, 13, 12, 11, 12, 13 gives limits 15.17 and 8.33", () => {
    const l = limitsFromValues(DESIGN);
    expect(l.mean).toBeCloseTo(11.75, 12);
    expect(l.movingRange).toBeCloseTo(9 / 7, 12);
    expect(l.upper).toBeCloseTo(15.17, 12);
    expect(l.lower).toBeCloseTo(8.33, 12);
    expect(l.upperWarning).toBeCloseTo(14.028285714285714, 12);
    expect(l.lowerWarning).toBeCloseTo(9.471714285714286, 12);
  });

  test.each<[string, number[], number, number]>([
    ["alternating 9, 11: x̄ 10, mR̄ 2", BASE, 10, 2],
    ["a trend 1..5: x̄ 3, mR̄ 1", [1, 2, 3, 4, 5], 3, 1],
    ["two values 4, 10: x̄ 7, mR̄ 6", [4, 10], 7, 6],
    ["constant: mR̄ 0, the limits collapse onto x̄", [5, 5, 5], 5, 0],
  ])("%s", (_name, values, mean, movingRange) => {
    const l = limitsFromValues(values);
    expect(l.mean).toBeCloseTo(mean, 12);
    expect(l.movingRange).toBeCloseTo(movingRange, 12);
    expect(l.upper).toBeCloseTo(mean + 2.66 * movingRange, 12);
    expect(l.lower).toBeCloseTo(mean - 2.66 * movingRange, 12);
  });

  test("fewer than 2 values have no moving range", () => {
    expect(() => limitsFromValues([3])).toThrow(RangeError);
  });
});

describe("processLimits: which values the limits come from", () => {
  test("DESIGN: a next value 16 is an improving signal for an increase KPI, worsening for a decrease KPI", () => {
    const measurements = monthly([...DESIGN, 16]);
    const up = processBehaviour(measurements, { asOf: AS_OF, direction: "increase" });
    expect(up.limits).toMatchObject({ source: "all_but_latest", from: month(0), to: month(7), count: 8 });
    expect(up.limits?.upper).toBeCloseTo(15.17, 12);
    expect(brief(up.signals)).toEqual([["beyond_limits", "above", "improving", [month(8)]]]);
    const down = processBehaviour(measurements, { asOf: AS_OF, direction: "decrease" });
    expect(brief(down.signals)).toEqual([["beyond_limits", "above", "worsening", [month(8)]]]);
  });

  test.each<[string, number, string | null, string, string, number]>([
    ["8 values: too few", 8, null, "", "", 0],
    ["9 values: all but the latest", 9, "all_but_latest", month(0), month(7), 1],
    ["12 values: all but the latest", 12, "all_but_latest", month(0), month(10), 1],
    ["13 values: the first 12", 13, "first_12", month(0), month(11), 1],
    ["20 values: the first 12, 8 judged", 20, "first_12", month(0), month(11), 8],
  ])("%s", (_name, count, source, from, to, judged) => {
    const values = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 9 : 11));
    const r = processLimits(monthly(values), { asOf: AS_OF });
    if (source === null) {
      expect(r.limits).toBeNull();
      expect(r.unavailable).toEqual({ reason: "too_few_values", count, needed: 9 });
    } else {
      expect(r.limits).toMatchObject({ source, from, to });
      expect(r.judged).toHaveLength(judged);
    }
  });

  test("only values on or before D count: as of the 9th month's start there are 9", () => {
    const measurements = monthly([...DESIGN, 16, 30, 30]);
    expect(processLimits(measurements, { asOf: month(7) }).limits).toBeNull();
    const r = processBehaviour(measurements, { asOf: month(8), direction: "increase" });
    expect(r.points).toHaveLength(9);
    expect(brief(r.signals)).toEqual([["beyond_limits", "above", "improving", [month(8)]]]);
  });

  test("a fixed range: limits from its values, only the values after it are judged", () => {
    // Months 0–1 (100, 100) lie before the range and are neither in the limits nor judged;
    // the range, months 2–9, is DESIGN's 8 values (limits 15.17 / 8.33); then 16 and 12.
    const measurements = monthly([100, 100, ...DESIGN, 16, 12]);
    const range = { from: month(2), to: month(9) };
    const r = processBehaviour(measurements, { asOf: AS_OF, direction: "increase", range });
    expect(r.limits).toMatchObject({ source: "fixed_range", from: month(2), to: month(9), count: 8 });
    expect(r.limits?.lower).toBeCloseTo(8.33, 12);
    expect(brief(r.signals)).toEqual([["beyond_limits", "above", "improving", [month(10)]]]);
  });

  test("a fixed range with fewer than 8 values: no limits, and a field message when saving", () => {
    const measurements = monthly([...DESIGN, 16, 12]);
    const range = { from: month(0), to: month(6) };
    const r = processLimits(measurements, { asOf: AS_OF, range });
    expect(r.unavailable).toEqual({ reason: "fixed_range_too_short", range, count: 7, needed: 8 });
    expect(limitsRangeError(measurements, range)).toBe(
      "The limits need at least 8 values; 2025-01-01 to 2025-07-01 holds 7.",
    );
    expect(limitsRangeError(measurements, { from: month(0), to: month(7) })).toBeNull();
    expect(() => limitsRangeError(measurements, { from: month(7), to: month(0) })).toThrow(RangeError);
  });
});

describe("Wheeler's rules on the values after the limits' range", () => {
  const at = (...indices: number[]) => indices.map((i) => month(12 + i));

  test.each<[string, number[], Direction, ReturnType<typeof brief>]>([
    ["inside everything: no signal", [10, 12, 8, 11], "increase", []],
    ["16 > 15.32: rule 1 above", [16], "increase", [["beyond_limits", "above", "improving", at(0)]]],
    [
      "4 < 4.68: rule 1 below, improving when lower is better",
      [4],
      "decrease",
      [["beyond_limits", "below", "improving", at(0)]],
    ],
    ["exactly on the upper limit 15.32 is inside", [15.32], "increase", []],
    [
      "14, 14, 10, 14: 3 of 4 beyond 13.544",
      [14, 14, 10, 14],
      "increase",
      [["three_of_four", "above", "improving", at(0, 1, 3)]],
    ],
    ["14, 10, 10, 14: only 2 of 4", [14, 10, 10, 14], "increase", []],
    ["on the warning line 13.544 is not beyond it", [13.544, 13.544, 13.544, 13.544], "increase", []],
    [
      "6, 6, 6, 10 below 6.456: worsening when higher is better",
      [6, 6, 6, 10],
      "increase",
      [["three_of_four", "below", "worsening", at(0, 1, 2)]],
    ],
    [
      "overlapping windows merge: 14, 14, 14, 14, 10, 14 → one signal on its 5 points beyond",
      [14, 14, 14, 14, 10, 14],
      "increase",
      [["three_of_four", "above", "improving", at(0, 1, 2, 3, 5)]],
    ],
    [
      "windows apart stay apart: 14, 14, 14, 10, 10, 10, 10, 14, 14, 14",
      [14, 14, 14, 10, 10, 10, 10, 14, 14, 14],
      "increase",
      [
        ["three_of_four", "above", "improving", at(0, 1, 2)],
        ["three_of_four", "above", "improving", at(7, 8, 9)],
      ],
    ],
    [
      "only 3 values after the range, all beyond: 3 of 3 counts",
      [14, 14, 14],
      "increase",
      [["three_of_four", "above", "improving", at(0, 1, 2)]],
    ],
    ["only 2 values after the range: no window of 3", [14, 14], "increase", []],
    [
      "8 × 11 above x̄ = 10: a run of eight",
      [11, 11, 11, 11, 11, 11, 11, 11],
      "increase",
      [["run_of_eight", "above", "improving", at(0, 1, 2, 3, 4, 5, 6, 7)]],
    ],
    ["7 × 11: too short a run", [11, 11, 11, 11, 11, 11, 11], "increase", []],
    ["a point on x̄ ends the run: 4 × 11, 10, 4 × 11", [11, 11, 11, 11, 10, 11, 11, 11, 11], "increase", []],
    [
      "9 × 9 below x̄: one run of nine, worsening",
      [9, 9, 9, 9, 9, 9, 9, 9, 9],
      "increase",
      [["run_of_eight", "below", "worsening", at(0, 1, 2, 3, 4, 5, 6, 7, 8)]],
    ],
    [
      "rules fire together, ordered by first period then rule: 16, 14, 14, 11 × 5",
      [16, 14, 14, 11, 11, 11, 11, 11],
      "increase",
      [
        ["beyond_limits", "above", "improving", at(0)],
        ["three_of_four", "above", "improving", at(0, 1, 2)],
        ["run_of_eight", "above", "improving", at(0, 1, 2, 3, 4, 5, 6, 7)],
      ],
    ],
  ])("%s", (_name, values, direction, expected) => {
    expect(brief(after(values, direction))).toEqual(expected);
  });

  test("the rules never look into the limits' range: a run that starts inside it is not a run after it", () => {
    // 13 values: the first 12 are the range, 6 of them 11 at the end; 2 more 11s after it make no run of 8.
    const values = [9, 11, 9, 11, 9, 7, 11, 11, 11, 11, 11, 11, 11, 11];
    const r = processBehaviour(monthly(values), { asOf: AS_OF, direction: "increase" });
    expect(r.limits?.source).toBe("first_12");
    expect(r.signals.filter((s) => s.rule === "run_of_eight")).toEqual([]);
  });

  test("constant data never signals; any departure from it is outside the collapsed limits", () => {
    const flat = Array.from({ length: 20 }, () => 0.1);
    expect(processBehaviour(monthly(flat), { asOf: AS_OF, direction: "increase" }).signals).toEqual([]);
    const departed = processBehaviour(monthly([...flat, 0.2]), { asOf: AS_OF, direction: "decrease" });
    expect(brief(departed.signals)).toEqual([["beyond_limits", "above", "worsening", [month(20)]]]);
  });
});

describe("review filters", () => {
  // Signals in 2026-01 (rule 1 above, improving) and 2026-04 (rule 1 below, worsening); increase KPI.
  const found = after([16, 10, 10, 4]);
  test("the signals are as expected", () => {
    expect(brief(found)).toEqual([
      ["beyond_limits", "above", "improving", [month(12)]],
      ["beyond_limits", "below", "worsening", [month(15)]],
    ]);
  });

  test.each<[string, string, number]>([
    ["since before both", "2025-12-15", 2],
    ["since mid-January: the January value counts, whenever recorded", "2026-01-20", 2],
    ["since February", "2026-02-01", 1],
    ["since mid-April", "2026-04-30", 1],
    ["since May", "2026-05-01", 0],
  ])("%s", (_name, since, count) => {
    expect(signalsSince(found, since, "month")).toHaveLength(count);
  });

  test("worsening signals, overall and since a date", () => {
    expect(worseningSignals(found).map((s) => s.periods)).toEqual([[month(15)]]);
    expect(hasWorseningSignal(found)).toBe(true);
    expect(hasWorseningSignal(found, { date: "2026-05-01", cadence: "month" })).toBe(false);
    expect(hasWorseningSignal(worseningSignals(found).slice(1))).toBe(false);
  });
});
