import { describe, expect, test } from "vitest";
import {
  addDays,
  assertIsoDate,
  lastDayOfMonth,
  nextPeriod,
  parseIsoDate,
  periodEnd,
  periodsBetween,
  periodStart,
  previousPeriod,
  shiftPeriod,
  type Cadence,
} from "../../lib/scoring";

describe("periodStart", () => {
  test.each<[string, Cadence, string]>([
    ["2026-11-25", "week", "2026-11-23"], // Wednesday
    ["2026-11-23", "week", "2026-11-23"], // Monday is its own start
    ["2026-11-29", "week", "2026-11-23"], // Sunday ends the ISO week
    ["2026-11-30", "week", "2026-11-30"],
    ["2027-01-01", "week", "2026-12-28"], // across a year boundary
    ["2021-01-03", "week", "2020-12-28"],
    ["2024-03-01", "week", "2024-02-26"], // across 29 February
    ["1900-01-01", "week", "1900-01-01"],
    ["2026-11-25", "month", "2026-11-01"],
    ["2026-11-01", "month", "2026-11-01"],
    ["2024-02-29", "month", "2024-02-01"],
    ["2026-01-01", "quarter", "2026-01-01"],
    ["2026-03-31", "quarter", "2026-01-01"],
    ["2026-04-01", "quarter", "2026-04-01"],
    ["2026-06-30", "quarter", "2026-04-01"],
    ["2026-07-15", "quarter", "2026-07-01"],
    ["2026-09-30", "quarter", "2026-07-01"],
    ["2026-11-25", "quarter", "2026-10-01"],
    ["2026-12-31", "quarter", "2026-10-01"],
  ])("%s by %s → %s", (date, cadence, expected) => {
    expect(periodStart(date, cadence)).toBe(expected);
  });
});

describe("nextPeriod and previousPeriod", () => {
  test.each<[string, Cadence, string, string]>([
    ["2026-12-28", "week", "2027-01-04", "2026-12-21"],
    ["2027-01-04", "week", "2027-01-11", "2026-12-28"],
    ["2026-12-01", "month", "2027-01-01", "2026-11-01"],
    ["2026-01-01", "month", "2026-02-01", "2025-12-01"],
    ["2026-10-01", "quarter", "2027-01-01", "2026-07-01"],
    ["2026-01-01", "quarter", "2026-04-01", "2025-10-01"],
    // a date inside a period steps from that period's start
    ["2026-11-25", "month", "2026-12-01", "2026-10-01"],
    ["2027-01-01", "week", "2027-01-04", "2026-12-21"],
    ["2026-11-25", "quarter", "2027-01-01", "2026-07-01"],
  ])("%s by %s: next %s, previous %s", (date, cadence, next, previous) => {
    expect(nextPeriod(date, cadence)).toBe(next);
    expect(previousPeriod(date, cadence)).toBe(previous);
  });

  test.each<[string, Cadence, number, string]>([
    ["2026-11-01", "month", -11, "2025-12-01"],
    ["2026-11-01", "month", 14, "2028-01-01"],
    ["2026-10-01", "quarter", -8, "2024-10-01"],
    ["2026-12-28", "week", -52, "2025-12-29"],
    ["2026-11-25", "month", 0, "2026-11-01"],
  ])("shiftPeriod(%s, %s, %i) = %s", (date, cadence, count, expected) => {
    expect(shiftPeriod(date, cadence, count)).toBe(expected);
  });
});

describe("periodEnd and lastDayOfMonth", () => {
  test.each<[string, Cadence, string]>([
    ["2026-12-28", "week", "2027-01-03"],
    ["2026-11-25", "week", "2026-11-29"],
    ["2024-02-01", "month", "2024-02-29"],
    ["2026-02-01", "month", "2026-02-28"],
    ["2026-04-15", "month", "2026-04-30"],
    ["2026-12-01", "month", "2026-12-31"],
    ["2026-01-01", "quarter", "2026-03-31"],
    ["2026-04-01", "quarter", "2026-06-30"],
    ["2026-07-01", "quarter", "2026-09-30"],
    ["2026-11-25", "quarter", "2026-12-31"],
  ])("%s by %s ends %s", (date, cadence, expected) => {
    expect(periodEnd(date, cadence)).toBe(expected);
  });

  test.each([
    ["2026-04-10", "2026-04-30"],
    ["2026-02-10", "2026-02-28"],
    ["2024-02-01", "2024-02-29"],
    ["2000-02-29", "2000-02-29"],
    ["1900-02-10", "1900-02-28"], // 1900 is not a leap year
    ["2026-12-31", "2026-12-31"],
  ])("lastDayOfMonth(%s) = %s", (date, expected) => {
    expect(lastDayOfMonth(date)).toBe(expected);
  });

  test.each([
    ["2026-12-31", 1, "2027-01-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2026-03-01", -1, "2026-02-28"],
  ])("addDays(%s, %i) = %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe("periodsBetween", () => {
  test.each<[string, string, Cadence, string[]]>([
    ["2026-11-25", "2027-02-03", "month", ["2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"]],
    ["2026-12-30", "2027-01-12", "week", ["2026-12-28", "2027-01-04", "2027-01-11"]],
    ["2026-02-15", "2026-11-25", "quarter", ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]],
    ["2026-11-02", "2026-11-29", "month", ["2026-11-01"]],
    ["2026-12-01", "2026-11-30", "month", []],
  ])("%s to %s by %s", (from, to, cadence, expected) => {
    expect(periodsBetween(from, to, cadence)).toEqual(expected);
  });
});

describe("parseIsoDate", () => {
  test.each([
    ["2026-02-28", { year: 2026, month: 2, day: 28 }],
    ["2024-02-29", { year: 2024, month: 2, day: 29 }],
    ["2000-02-29", { year: 2000, month: 2, day: 29 }],
    ["1900-01-01", { year: 1900, month: 1, day: 1 }],
    ["2200-12-31", { year: 2200, month: 12, day: 31 }],
  ])("accepts %s", (text, expected) => {
    expect(parseIsoDate(text)).toEqual(expected);
  });

  test.each([
    "2026-02-30",
    "2026-02-29",
    "2100-02-29", // 2100 is not a leap year
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-32",
    "1899-12-31",
    "2201-01-01",
    "0099-01-01",
    "2026-1-05",
    "26-01-05",
    " 2026-01-05",
    "2026-01-05 ",
    "2026-01-05T00:00:00Z",
    "20260105",
    "2026/01/05",
    "",
  ])("rejects %j", (text) => {
    expect(parseIsoDate(text)).toBeNull();
    expect(() => assertIsoDate(text)).toThrow(RangeError);
  });

  test.each(["2026-02-30", "2026-13-01", "not a date", "0099-01-01"])("calendar functions throw on %j", (text) => {
    expect(() => periodStart(text, "month")).toThrow(RangeError);
    expect(() => periodEnd(text, "week")).toThrow(RangeError);
    expect(() => nextPeriod(text, "quarter")).toThrow(RangeError);
  });

  test("arithmetic works just outside the validated range (a trend as of January 1900)", () => {
    expect(previousPeriod("1900-01-15", "month")).toBe("1899-12-01");
    expect(periodEnd("1899-12-01", "month")).toBe("1899-12-31");
    expect(nextPeriod("2200-12-31", "month")).toBe("2201-01-01");
  });
});
