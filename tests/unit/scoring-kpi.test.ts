import { describe, expect, test } from "vitest";
import {
  attainment,
  attainmentFromValues,
  currentValue,
  directionContradiction,
  effectiveBaseline,
  indexAsOf,
  latestMeasurement,
  prepareKpi,
  prepareMeasurements,
  stale,
  status,
  type Cadence,
  type Direction,
  type KpiInput,
  type Measurement,
} from "../../lib/scoring";

const kpi = (over: Partial<KpiInput> = {}): KpiInput => ({
  id: "k1",
  key: "K-1",
  name: "KPI",
  kind: "output",
  direction: "increase",
  baseline: null,
  target: 100,
  weight: 1,
  cadence: "month",
  ...over,
});

const m = (period: string, value: number): Measurement => ({ period, value });

// Given out of order on purpose.
const monthly: Measurement[] = [m("2026-11-01", 100), m("2026-09-01", 40), m("2026-10-01", 70)];

describe("prepareMeasurements", () => {
  test("sorts by period", () => {
    expect(prepareMeasurements(monthly)).toEqual({
      periods: ["2026-09-01", "2026-10-01", "2026-11-01"],
      values: [40, 70, 100],
    });
  });

  test.each<[string, Measurement[], RegExp]>([
    [
      "two values for one period",
      [m("2026-10-01", 1), m("2026-09-01", 2), m("2026-10-01", 3)],
      /Two measurements for period 2026-10-01/,
    ],
    ["an invalid period", [m("2026-02-30", 1)], /Invalid date/],
    ["a non-finite value", [m("2026-02-01", Number.NaN)], /non-finite/],
    ["an infinite value", [m("2026-02-01", Infinity)], /non-finite/],
  ])("refuses %s", (_name, measurements, message) => {
    expect(() => prepareMeasurements(measurements)).toThrow(message);
  });

  test("prepareKpi returns a prepared KPI as is (no second sort)", () => {
    const prepared = prepareKpi({ kpi: kpi(), measurements: monthly });
    expect(prepareKpi(prepared)).toBe(prepared);
    expect(prepared.series.periods).toEqual(["2026-09-01", "2026-10-01", "2026-11-01"]);
  });

  test("names the KPI when a prepared KPI is refused", () => {
    expect(() =>
      prepareKpi({ kpi: kpi({ key: "MKT-3" }), measurements: [m("2026-10-01", 1), m("2026-10-01", 2)] }),
    ).toThrow(/KPI MKT-3/);
  });

  test.each([
    ["2026-08-31", -1],
    ["2026-09-01", 0],
    ["2026-09-30", 0],
    ["2026-10-01", 1],
    ["2026-10-31", 1],
    ["2026-11-25", 2],
    ["2030-01-01", 2],
  ])("indexAsOf(%s) = %i", (asOf, expected) => {
    expect(indexAsOf(prepareMeasurements(monthly), asOf)).toBe(expected);
  });

  test("indexAsOf on an empty series is -1", () => {
    expect(indexAsOf(prepareMeasurements([]), "2026-01-01")).toBe(-1);
  });
});

describe("currentValue", () => {
  test.each<[string, number | null]>([
    ["2026-08-31", null],
    ["2026-09-01", 40],
    ["2026-09-30", 40],
    ["2026-10-31", 70],
    ["2026-11-25", 100],
    ["2027-06-01", 100],
  ])("as of %s → %s", (asOf, expected) => {
    expect(currentValue(monthly, asOf)).toBe(expected);
    expect(currentValue(prepareMeasurements(monthly), asOf)).toBe(expected);
  });

  test("latestMeasurement gives the period too", () => {
    expect(latestMeasurement(monthly, "2026-10-15")).toEqual({ period: "2026-10-01", value: 70 });
    expect(latestMeasurement([], "2026-10-15")).toBeNull();
  });

  test("refuses an invalid as-of date", () => {
    expect(() => currentValue(monthly, "2026-02-30")).toThrow(RangeError);
  });
});

describe("effectiveBaseline", () => {
  test.each<[string, number | null, string, number | null]>([
    ["set baseline wins", 5, "2026-11-25", 5],
    ["set baseline even before any data", 5, "2026-01-01", 5],
    ["set baseline of 0 is kept", 0, "2026-11-25", 0],
    ["earliest measurement", null, "2026-11-25", 40],
    ["earliest measurement, as of its own period", null, "2026-09-01", 40],
    ["no measurement on or before asOf", null, "2026-08-31", null],
  ])("%s", (_name, baseline, asOf, expected) => {
    expect(effectiveBaseline(kpi({ baseline }), monthly, asOf)).toBe(expected);
  });
});

describe("attainmentFromValues", () => {
  test.each<[string, Direction, number, number, number, number]>([
    // direction, value, baseline, target → a
    ["increase, in between", "increase", 80, 50, 100, 0.6],
    ["increase, at baseline", "increase", 50, 50, 100, 0],
    ["increase, at target", "increase", 100, 50, 100, 1],
    ["increase, above target clamps to 1", "increase", 120, 50, 100, 1],
    ["increase, below baseline clamps to 0", "increase", 40, 50, 100, 0],
    ["increase, negative numbers", "increase", 0, -10, 10, 0.5],
    ["decrease, in between", "decrease", 15, 20, 10, 0.5],
    ["decrease, at target", "decrease", 10, 20, 10, 1],
    ["decrease, below target clamps to 1", "decrease", 8, 20, 10, 1],
    ["decrease, worse than baseline clamps to 0", "decrease", 25, 20, 10, 0],
    ["t = b increase, met exactly", "increase", 10, 10, 10, 1],
    ["t = b increase, met above", "increase", 11, 10, 10, 1],
    ["t = b increase, not met", "increase", 9, 10, 10, 0],
    ["t = b decrease, met exactly", "decrease", 10, 10, 10, 1],
    ["t = b decrease, met below", "decrease", 9, 10, 10, 1],
    ["t = b decrease, not met", "decrease", 11, 10, 10, 0],
    ["baseline past target (increase), met", "increase", 130, 120, 100, 1],
    ["baseline past target (increase), met exactly", "increase", 100, 120, 100, 1],
    ["baseline past target (increase), not met", "increase", 90, 120, 100, 0],
    ["baseline past target (decrease), met", "decrease", 8, 5, 10, 1],
    ["baseline past target (decrease), not met", "decrease", 12, 5, 10, 0],
    ["extreme values: ∞ / ∞ falls back to met → 1", "increase", 1.7e308, -1.7e308, 1.7e308, 1],
    ["extreme values: ∞ / ∞ falls back to not met → 0", "increase", 1.6e308, -1.7e308, 1.7e308, 0],
    ["extreme values, decrease: −∞ / −∞ falls back to met → 1", "decrease", -1.7e308, 1.7e308, -1.7e308, 1],
  ])("%s", (_name, direction, v, b, t, expected) => {
    expect(attainmentFromValues(direction, v, b, t)).toBeCloseTo(expected, 12);
  });
});

describe("attainment", () => {
  test.each<[string, Partial<KpiInput>, Measurement[], string, number | null]>([
    ["no measurements", {}, [], "2026-11-25", null],
    ["only measurements after asOf", {}, monthly, "2026-08-31", null],
    ["earliest as baseline: (70 − 40) / (100 − 40)", {}, monthly, "2026-10-15", 0.5],
    ["earliest as baseline, first period: v = b", {}, monthly, "2026-09-15", 0],
    ["earliest as baseline, target reached", {}, monthly, "2026-11-02", 1],
    ["set baseline: (70 − 0) / (100 − 0)", { baseline: 0 }, monthly, "2026-10-15", 0.7],
    [
      "decrease KPI with baseline",
      { direction: "decrease", baseline: 20, target: 10 },
      [m("2026-10-01", 14)],
      "2026-10-15",
      0.6,
    ],
    [
      "decrease KPI, earliest as baseline",
      { direction: "decrease", target: 10 },
      [m("2026-10-01", 20), m("2026-11-01", 12)],
      "2026-11-15",
      0.8,
    ],
    [
      "increase KPI first measured above target (t < b): met",
      { target: 100 },
      [m("2026-10-01", 120), m("2026-11-01", 130)],
      "2026-11-15",
      1,
    ],
    [
      "increase KPI first measured above target (t < b): dropped below",
      { target: 100 },
      [m("2026-10-01", 120), m("2026-11-01", 90)],
      "2026-11-15",
      0,
    ],
  ])("%s", (_name, over, measurements, asOf, expected) => {
    const a = attainment(kpi(over), measurements, asOf);
    if (expected === null) expect(a).toBeNull();
    else expect(a).toBeCloseTo(expected, 12);
  });
});

describe("status", () => {
  test.each<[number | null, string]>([
    [null, "no_data"],
    [1, "on_track"],
    [0.7, "on_track"],
    [attainmentFromValues("increase", 0.24, 0.03, 0.33), "on_track"], // 0.7 computed as 0.6999999999999998
    [attainmentFromValues("increase", 0.05, 0.01, 0.11), "at_risk"], // 0.4 computed as 0.39999999999999997
    [0.69, "at_risk"],
    [0.4, "at_risk"],
    [0.39, "off_track"],
    [0, "off_track"],
  ])("default thresholds: %s → %s", (a, expected) => {
    expect(status(a)).toBe(expected);
  });

  test.each<[number, string]>([
    [0.9, "on_track"],
    [0.8, "at_risk"],
    [0.5, "at_risk"],
    [0.45, "off_track"],
  ])("organisation thresholds 0.9 / 0.5: %s → %s", (a, expected) => {
    expect(status(a, { onTrack: 0.9, atRisk: 0.5 })).toBe(expected);
  });
});

describe("stale", () => {
  test.each<[Cadence, string, string[], boolean]>([
    // month, as of 25 Nov: October is fresh, September stale
    ["month", "2026-11-25", ["2026-11-01"], false],
    ["month", "2026-11-25", ["2026-10-01"], false],
    ["month", "2026-11-25", ["2026-09-01"], true],
    ["month", "2026-11-25", ["2026-08-01", "2026-09-01"], true],
    ["month", "2026-11-25", [], true],
    ["month", "2026-11-25", ["2026-12-01"], true], // only a future value: no data as of D
    ["month", "2026-11-25", ["2026-09-01", "2026-12-01"], true], // the future value does not count
    ["month", "2026-11-01", ["2026-10-01"], false],
    ["month", "2026-11-01", ["2026-09-01"], true],
    ["month", "2026-11-30", ["2026-10-01"], false],
    ["month", "2026-01-15", ["2025-12-01"], false],
    ["month", "2026-01-15", ["2025-11-01"], true],
    // week, as of Wed 25 Nov 2026 (week of 23 Nov): the week of 16 Nov is fresh, 9 Nov stale
    ["week", "2026-11-25", ["2026-11-23"], false],
    ["week", "2026-11-25", ["2026-11-16"], false],
    ["week", "2026-11-25", ["2026-11-09"], true],
    ["week", "2026-11-23", ["2026-11-16"], false],
    ["week", "2026-11-23", ["2026-11-09"], true],
    ["week", "2026-11-29", ["2026-11-16"], false],
    // week across the year boundary: 1 Jan 2027 is in the week of 28 Dec 2026
    ["week", "2027-01-01", ["2026-12-21"], false],
    ["week", "2027-01-01", ["2026-12-14"], true],
    // quarter, as of 25 Nov 2026 (Q4): Q3 fresh, Q2 stale
    ["quarter", "2026-11-25", ["2026-10-01"], false],
    ["quarter", "2026-11-25", ["2026-07-01"], false],
    ["quarter", "2026-11-25", ["2026-04-01"], true],
    ["quarter", "2026-01-15", ["2025-10-01"], false],
    ["quarter", "2026-01-15", ["2025-07-01"], true],
    ["quarter", "2026-12-31", ["2026-07-01"], false],
  ])("%s as of %s with %j → %s", (cadence, asOf, periods, expected) => {
    expect(
      stale(
        kpi({ cadence }),
        periods.map((p) => m(p, 1)),
        asOf,
      ),
    ).toBe(expected);
  });
});

describe("directionContradiction", () => {
  test.each<[Direction, number | null, number, RegExp | null]>([
    ["increase", 100, 80, /target \(80\) is below the baseline \(100\)/],
    ["increase", 80, 100, null],
    ["increase", 100, 100, null],
    ["increase", null, 80, null],
    ["decrease", 10, 20, /target \(20\) is above the baseline \(10\)/],
    ["decrease", 20, 10, null],
    ["decrease", 10, 10, null],
    ["decrease", null, 20, null],
    ["increase", 0.5, 0.25, /target \(0.25\) is below the baseline \(0.5\)/],
  ])("%s, baseline %s, target %s", (direction, baseline, target, expected) => {
    const message = directionContradiction(direction, baseline, target);
    if (expected === null) expect(message).toBeNull();
    else expect(message).toMatch(expected);
  });
});

describe("DESIGN Scoring 3: an effective baseline beyond the target scores like t = b", () => {
  // The baseline is not set, so b is the earliest measurement (August); the current value is October's.
  // Beyond the target: increase with b > t, decrease with b < t → 1 when the target is met, else 0.
  // Not beyond: a = clamp((v − b) / (t − b), 0, 1).
  test.each<[Direction, "beyond" | "not beyond", "met" | "not met", number, number, number, number]>([
    // direction, case, b (earliest), t, v (current), a
    ["increase", "beyond", "met", 120, 100, 130, 1], // 130 ≥ 100
    ["increase", "beyond", "not met", 120, 100, 90, 0], // 90 < 100; the formula would give (90 − 120) / (100 − 120) = 1.5
    ["increase", "not beyond", "met", 50, 100, 110, 1], // (110 − 50) / (100 − 50) = 1.2 → 1
    ["increase", "not beyond", "not met", 50, 100, 80, 0.6], // (80 − 50) / (100 − 50)
    ["decrease", "beyond", "met", 5, 10, 8, 1], // 8 ≤ 10
    ["decrease", "beyond", "not met", 5, 10, 12, 0], // 12 > 10; the formula would give (12 − 5) / (10 − 5) = 1.4
    ["decrease", "not beyond", "met", 20, 10, 9, 1], // (9 − 20) / (10 − 20) = 1.1 → 1
    ["decrease", "not beyond", "not met", 20, 10, 15, 0.5], // (15 − 20) / (10 − 20)
  ])("%s, baseline %s the target, target %s", (direction, _beyond, _met, b, t, v, expected) => {
    const measurements = [m("2026-08-01", b), m("2026-10-01", v)];
    expect(attainment(kpi({ direction, baseline: null, target: t }), measurements, "2026-10-31")).toBeCloseTo(
      expected,
      12,
    );
    expect(attainmentFromValues(direction, v, b, t)).toBeCloseTo(expected, 12);
  });
});
