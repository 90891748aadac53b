import { describe, expect, test } from "vitest";
import {
  controlRuleErrors,
  describeRule,
  evaluateControlRule,
  satisfiesRule,
  type Comparator,
  type ControlReason,
  type ControlRule,
  type ControlStatus,
} from "../../lib/analysis";
import type { Measurement } from "../../lib/scoring";

// DESIGN's example: scrap rate ≤ 2 (%) for 3 consecutive months. As of 25 Nov 2026 a monthly KPI is fresh
// with an October value (stale from September back: lib/scoring's definition).
const RULE: ControlRule = { comparator: "lte", threshold: 2, periods: 3 };
const AS_OF = "2026-11-25";
const m = (period: string, value: number): Measurement => ({ period, value });

describe("evaluateControlRule", () => {
  test.each<[string, Measurement[], ControlStatus, ControlReason, string[], number]>([
    [
      "met: Aug 1.5, Sep 1.8, Oct 2.0 (on the threshold satisfies ≤)",
      [m("2026-07-01", 5), m("2026-08-01", 1.5), m("2026-09-01", 1.8), m("2026-10-01", 2)],
      "met",
      "satisfied",
      ["2026-08-01", "2026-09-01", "2026-10-01"],
      3,
    ],
    [
      "breached: the latest (Oct 2.5) fails",
      [m("2026-08-01", 1.5), m("2026-09-01", 1.8), m("2026-10-01", 2.5)],
      "breached",
      "latest_fails",
      ["2026-08-01", "2026-09-01", "2026-10-01"],
      0,
    ],
    [
      "recovering: Aug 3 fails, Sep and Oct satisfy — still breached until 3 in a row",
      [m("2026-08-01", 3), m("2026-09-01", 1.5), m("2026-10-01", 1.8)],
      "breached",
      "recovering",
      ["2026-08-01", "2026-09-01", "2026-10-01"],
      2,
    ],
    [
      "gaps are skipped: the last 3 periods with data are Jun, Aug, Oct",
      [m("2026-06-01", 1), m("2026-08-01", 1.5), m("2026-10-01", 1.2)],
      "met",
      "satisfied",
      ["2026-06-01", "2026-08-01", "2026-10-01"],
      3,
    ],
    [
      "November's value (on or before D) is the latest",
      [m("2026-09-01", 1), m("2026-10-01", 1), m("2026-11-01", 9)],
      "breached",
      "latest_fails",
      ["2026-09-01", "2026-10-01", "2026-11-01"],
      0,
    ],
    [
      "values after D are not read",
      [m("2026-08-01", 1), m("2026-09-01", 1), m("2026-10-01", 1), m("2026-12-01", 9)],
      "met",
      "satisfied",
      ["2026-08-01", "2026-09-01", "2026-10-01"],
      3,
    ],
    [
      "unknown: stale (latest is September), even though it fails",
      [m("2026-07-01", 1), m("2026-08-01", 1), m("2026-09-01", 9)],
      "unknown",
      "stale",
      ["2026-07-01", "2026-08-01", "2026-09-01"],
      0,
    ],
    ["unknown: no data", [], "unknown", "no_data", [], 0],
    [
      "unknown: only 2 values, both satisfy",
      [m("2026-09-01", 1), m("2026-10-01", 1)],
      "unknown",
      "too_few_values",
      ["2026-09-01", "2026-10-01"],
      2,
    ],
    [
      "breached: only 2 values and the earlier fails",
      [m("2026-09-01", 3), m("2026-10-01", 1)],
      "breached",
      "recovering",
      ["2026-09-01", "2026-10-01"],
      1,
    ],
  ])("%s", (_name, measurements, status, reason, periods, consecutive) => {
    const r = evaluateControlRule(RULE, { cadence: "month", measurements }, AS_OF);
    expect(r.status).toBe(status);
    expect(r.reason).toBe(reason);
    expect(r.periods.map((p) => p.period)).toEqual(periods);
    expect(r.consecutive).toBe(consecutive);
    expect(r.needed).toBe(3);
  });

  test("the evidence lists each value and whether it satisfies the rule", () => {
    const r = evaluateControlRule(
      RULE,
      { cadence: "month", measurements: [m("2026-08-01", 3), m("2026-09-01", 1.5), m("2026-10-01", 1.8)] },
      AS_OF,
    );
    expect(r.periods).toEqual([
      { period: "2026-08-01", value: 3, satisfies: false },
      { period: "2026-09-01", value: 1.5, satisfies: true },
      { period: "2026-10-01", value: 1.8, satisfies: true },
    ]);
  });

  test("a weekly rule, n = 1", () => {
    // As of Wed 25 Nov 2026 a weekly KPI is fresh with the week of Mon 16 Nov.
    const rule: ControlRule = { comparator: "gte", threshold: 95, periods: 1 };
    const fresh = evaluateControlRule(rule, { cadence: "week", measurements: [m("2026-11-16", 96)] }, AS_OF);
    expect([fresh.status, fresh.reason]).toEqual(["met", "satisfied"]);
    const stale = evaluateControlRule(rule, { cadence: "week", measurements: [m("2026-11-09", 96)] }, AS_OF);
    expect([stale.status, stale.reason]).toEqual(["unknown", "stale"]);
  });

  test("an invalid rule is refused", () => {
    expect(() => evaluateControlRule({ ...RULE, periods: 0 }, { cadence: "month", measurements: [] }, AS_OF)).toThrow(
      RangeError,
    );
  });
});

describe("satisfiesRule", () => {
  test.each<[Comparator, number, number, boolean]>([
    ["lt", 1.9, 2, true],
    ["lt", 2, 2, false],
    ["lte", 2, 2, true],
    ["lte", 2.1, 2, false],
    ["gt", 2.1, 2, true],
    ["gt", 2, 2, false],
    ["gte", 2, 2, true],
    ["gte", 1.9, 2, false],
    ["eq", 2, 2, true],
    ["eq", 2.1, 2, false],
    // Float noise: 0.1 + 0.2 = 0.30000000000000004 counts as 0.3; 1e-9 relative is the line.
    ["lte", 0.1 + 0.2, 0.3, true],
    ["eq", 0.1 + 0.2, 0.3, true],
    ["gt", 0.1 + 0.2, 0.3, false],
    ["lt", 1.9999999999, 2, false],
    ["lt", 1.99999, 2, true],
    ["eq", 0, 0, true],
  ])("%s: %d against %d → %s", (comparator, value, threshold, expected) => {
    expect(satisfiesRule(value, { comparator, threshold })).toBe(expected);
  });
});

describe("controlRuleErrors and describeRule", () => {
  test.each<[string, Record<string, unknown>, Record<string, string>]>([
    ["valid", { comparator: "lte", threshold: 2, periods: 3 }, {}],
    [
      "a comparator that is not one of the list",
      { comparator: "<<", threshold: 2, periods: 3 },
      { comparator: "Choose one of <, ≤, >, ≥, =." },
    ],
    [
      "a threshold that is not a number",
      { comparator: "lt", threshold: "2%", periods: 3 },
      { threshold: "Enter a number." },
    ],
    ["an infinite threshold", { comparator: "lt", threshold: Infinity, periods: 3 }, { threshold: "Enter a number." }],
    [
      "zero periods",
      { comparator: "lt", threshold: 2, periods: 0 },
      { periods: "Enter a whole number of periods from 1 to 120." },
    ],
    [
      "a fraction of a period",
      { comparator: "lt", threshold: 2, periods: 1.5 },
      { periods: "Enter a whole number of periods from 1 to 120." },
    ],
  ])("%s", (_name, rule, errors) => {
    expect(controlRuleErrors(rule as Parameters<typeof controlRuleErrors>[0])).toEqual(errors);
  });

  test("a rule in words", () => {
    expect(describeRule(RULE, "%")).toBe("≤ 2 % for 3 consecutive periods");
    expect(describeRule({ comparator: "gt", threshold: 95, periods: 1 })).toBe("> 95 in the latest period");
  });
});
