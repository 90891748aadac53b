import { describe, expect, test } from "vitest";
import { AppError } from "../../lib/errors";
import { fixedClock } from "@/lib/clock";
import { END_OF_TIME, endOfDayUtc, parseKnownAt, utcDate } from "../../lib/time";

const NOW = new Date("2026-11-25T12:00:00.000Z");

describe("parseKnownAt", () => {
  test.each<[string, string | undefined | null, string]>([
    ["absent: now", undefined, "2026-11-25T12:00:00.000Z"],
    ["null: now", null, "2026-11-25T12:00:00.000Z"],
    ["empty: now", "", "2026-11-25T12:00:00.000Z"],
    ["a date: the end of that day UTC", "2026-11-15", "2026-11-15T23:59:59.999Z"],
    ["a date in a leap February", "2024-02-29", "2024-02-29T23:59:59.999Z"],
    ["a UTC timestamp, as given", "2026-11-15T09:30:00Z", "2026-11-15T09:30:00.000Z"],
    ["milliseconds kept", "2026-11-15T09:30:00.123Z", "2026-11-15T09:30:00.123Z"],
    [
      "microseconds (as Postgres prints them) cut to milliseconds",
      "2026-11-15T09:30:00.123987Z",
      "2026-11-15T09:30:00.123Z",
    ],
    ["one decimal", "2026-11-15T09:30:00.5Z", "2026-11-15T09:30:00.500Z"],
    ["no seconds", "2026-11-15T09:30Z", "2026-11-15T09:30:00.000Z"],
    ["no zone: UTC", "2026-11-15T09:30:00", "2026-11-15T09:30:00.000Z"],
    ["an offset east of UTC: 10:30 at +01:00 is 09:30Z", "2026-11-15T10:30:00+01:00", "2026-11-15T09:30:00.000Z"],
    ["an offset west of UTC: 04:30 at −05:00 is 09:30Z", "2026-11-15T04:30:00-05:00", "2026-11-15T09:30:00.000Z"],
    [
      "an offset crossing midnight: 00:30 at +02:00 is 22:30Z the day before",
      "2026-11-15T00:30+02:00",
      "2026-11-14T22:30:00.000Z",
    ],
    ["a '+' that the query string decoded as a space", "2026-11-15T10:30:00 01:00", "2026-11-15T09:30:00.000Z"],
    ["surrounding spaces", " 2026-11-15 ", "2026-11-15T23:59:59.999Z"],
    ["exactly now", "2026-11-25T12:00:00Z", "2026-11-25T12:00:00.000Z"],
  ])("%s", (_name, param, expected) => {
    expect(parseKnownAt(param, NOW).toISOString()).toBe(expected);
  });

  test.each<[string, string]>([
    ["a timestamp after now", "2026-11-25T12:00:00.001Z"],
    ["today as a date: its end has not come yet ('as known then' for today)", "2026-11-25"],
    ["a future date", "2027-01-01"],
  ])("clamped to now: %s", (_name, param) => {
    expect(parseKnownAt(param, NOW)).toEqual(NOW);
  });

  test.each<[string, string | string[]]>([
    ["a word", "yesterday"],
    ["a date that does not exist", "2026-02-30"],
    ["a date out of range", "1899-12-31"],
    ["a short date", "2026-11-5"],
    ["hour 24", "2026-11-15T24:00:00Z"],
    ["minute 60", "2026-11-15T09:60:00Z"],
    ["second 60", "2026-11-15T09:30:60Z"],
    ["an offset of 25 hours", "2026-11-15T09:30:00+25:00"],
    ["a compact offset", "2026-11-15T09:30:00+0100"],
    ["a lower-case t", "2026-11-15t09:30:00Z"],
    ["a number", "1763199000000"],
    ["given twice", ["2026-11-15", "2026-11-16"]],
  ])("refuses %s with a message naming the field", (_name, param) => {
    let error: unknown;
    try {
      parseKnownAt(param, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation");
    expect(Object.keys((error as AppError).fields ?? {})).toEqual(["knownAt"]);
    expect((error as AppError).message).toMatch(/knownAt/);
  });

  test("names another field when asked", () => {
    expect(() => parseKnownAt("soon", NOW, "asKnownAt")).toThrow(/asKnownAt must be a date/);
  });
});

describe("instants", () => {
  test("endOfDayUtc is the last millisecond of the day", () => {
    expect(endOfDayUtc("2026-12-31").toISOString()).toBe("2026-12-31T23:59:59.999Z");
    expect(endOfDayUtc("2026-12-31").getTime() + 1).toBe(Date.parse("2027-01-01T00:00:00Z"));
    expect(() => endOfDayUtc("2026-13-01")).toThrow(RangeError);
  });

  test("END_OF_TIME is after any instant a Date can hold", () => {
    expect(END_OF_TIME.getTime()).toBe(8.64e15);
    expect(new Date(END_OF_TIME.getTime() + 1).getTime()).toBeNaN();
  });

  test("a fixed clock always answers its instant, and a copy of it", () => {
    const clock = fixedClock("2026-11-25T08:00:00Z");
    const first = clock();
    first.setUTCFullYear(1999);
    expect(clock().toISOString()).toBe("2026-11-25T08:00:00.000Z");
    expect(() => fixedClock("not a time")).toThrow(RangeError);
  });

  test.each<[string, string]>([
    ["2026-11-25T23:59:59.999Z", "2026-11-25"],
    ["2026-11-25T00:00:00.000Z", "2026-11-25"],
    ["2026-11-25T00:30:00+02:00", "2026-11-24"],
  ])("utcDate(%s) = %s", (instant, date) => {
    expect(utcDate(new Date(instant))).toBe(date);
  });
});
