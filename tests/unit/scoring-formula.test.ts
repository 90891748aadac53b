import { describe, expect, test } from "vitest";
import { attainment, formulaPeriods, formulaSeries, type KpiInput, type Measurement } from "../../lib/scoring";

const m = (period: string, value: number): Measurement => ({ period, value });

describe("formulaSeries: x / y per period", () => {
  test.each<[string, Measurement[], Measurement[], Measurement[]]>([
    [
      "win rate: deals won ÷ opportunities, by hand",
      [m("2026-01-01", 6), m("2026-02-01", 9), m("2026-03-01", 4)],
      [m("2026-01-01", 24), m("2026-02-01", 30), m("2026-03-01", 16)],
      [m("2026-01-01", 0.25), m("2026-02-01", 0.3), m("2026-03-01", 0.25)],
    ],
    [
      "a period missing in the numerator has no value",
      [m("2026-01-01", 6), m("2026-03-01", 4)],
      [m("2026-01-01", 24), m("2026-02-01", 30), m("2026-03-01", 16)],
      [m("2026-01-01", 0.25), m("2026-03-01", 0.25)],
    ],
    [
      "a period missing in the denominator has no value",
      [m("2026-01-01", 6), m("2026-02-01", 9)],
      [m("2026-02-01", 30)],
      [m("2026-02-01", 0.3)],
    ],
    [
      "y = 0 has no value; x = 0 is 0",
      [m("2026-01-01", 5), m("2026-02-01", 0)],
      [m("2026-01-01", 0), m("2026-02-01", 8)],
      [m("2026-02-01", 0)],
    ],
    ["no inputs, no values", [], [], []],
    [
      "cost per lead: spend ÷ leads, unsorted input",
      [m("2026-02-01", 12_000), m("2026-01-01", 10_000)],
      [m("2026-01-01", 400), m("2026-02-01", 480)],
      [m("2026-01-01", 25), m("2026-02-01", 25)],
    ],
    ["negative inputs divide as numbers", [m("2026-01-01", -3)], [m("2026-01-01", 4)], [m("2026-01-01", -0.75)]],
    ["a quotient that overflows a double has no value", [m("2026-01-01", 1e300)], [m("2026-01-01", 1e-300)], []],
  ])("%s", (_name, x, y, expected) => {
    expect(formulaSeries(x, y)).toEqual(expected);
  });
});

describe("formulaPeriods: what the explanation shows", () => {
  test("every period of either input, with both inputs and the reason for a gap", () => {
    expect(
      formulaPeriods(
        [m("2026-01-01", 6), m("2026-02-01", 9), m("2026-04-01", 1)],
        [m("2026-01-01", 24), m("2026-02-01", 0), m("2026-03-01", 10)],
      ),
    ).toEqual([
      { period: "2026-01-01", numerator: 6, denominator: 24, value: 0.25, gap: null },
      { period: "2026-02-01", numerator: 9, denominator: 0, value: null, gap: "denominator_zero" },
      { period: "2026-03-01", numerator: null, denominator: 10, value: null, gap: "numerator_missing" },
      { period: "2026-04-01", numerator: 1, denominator: null, value: null, gap: "denominator_missing" },
    ]);
  });
});

describe("a formula's series is scored like any KPI's", () => {
  const winRate: KpiInput = {
    id: "f",
    key: "SAL-9",
    name: "Win rate",
    kind: "outcome",
    direction: "increase",
    baseline: 0.2,
    target: 0.3,
    weight: 1,
    cadence: "month",
  };
  test("attainment of the latest computed value: (0.25 − 0.2) / (0.3 − 0.2) = 0.5", () => {
    const series = formulaSeries([m("2026-01-01", 5), m("2026-02-01", 6)], [m("2026-01-01", 25), m("2026-02-01", 24)]);
    expect(attainment(winRate, series, "2026-02-15")).toBeCloseTo(0.5, 12);
  });
  test("a latest period with y = 0 leaves the previous period's value current", () => {
    const series = formulaSeries([m("2026-01-01", 6), m("2026-02-01", 3)], [m("2026-01-01", 20), m("2026-02-01", 0)]);
    // January: 6 / 20 = 0.3 reaches the target.
    expect(attainment(winRate, series, "2026-02-15")).toBe(1);
  });
});
