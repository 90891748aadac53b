import { describe, expect, test } from "vitest";
import { rebucket, seriesAsKnown, type Cadence, type Measurement, type MeasurementVersion } from "../../lib/scoring";
import { END_OF_TIME } from "../../lib/time";

const at = (instant: string) => new Date(instant);
const v = (period: string, value: number | null, recordedAt: string): MeasurementVersion => ({
  period,
  value,
  recordedAt: at(recordedAt),
});
const m = (period: string, value: number): Measurement => ({ period, value });

describe("seriesAsKnown: per period the latest version recorded by knownAt, tombstones deleted", () => {
  // A monthly KPI's history, given out of order on purpose.
  const history: MeasurementVersion[] = [
    v("2026-11-01", 15, "2026-12-01T08:00:00Z"), // November's first value
    v("2026-10-01", 10, "2026-11-02T08:00:00Z"), // October recorded early November
    v("2026-11-01", null, "2026-12-05T08:00:00Z"), // November deleted
    v("2026-10-01", 12, "2026-11-20T08:00:00Z"), // October corrected
    v("2026-09-01", 7, "2026-12-10T08:00:00Z"), // September backfilled late
    v("2026-11-01", 17, "2026-12-09T08:00:00Z"), // November entered again
  ];

  test.each<[string, Date, Measurement[]]>([
    ["before anything was recorded", at("2026-11-01T00:00:00Z"), []],
    ["at the very instant October was recorded", at("2026-11-02T08:00:00Z"), [m("2026-10-01", 10)]],
    ["one millisecond before it", at("2026-11-02T07:59:59.999Z"), []],
    ["end of November: October as corrected", at("2026-11-30T23:59:59.999Z"), [m("2026-10-01", 12)]],
    ["3 December: November's first value", at("2026-12-03T00:00:00Z"), [m("2026-10-01", 12), m("2026-11-01", 15)]],
    ["6 December: November deleted", at("2026-12-06T00:00:00Z"), [m("2026-10-01", 12)]],
    ["9 December noon: November again", at("2026-12-09T12:00:00Z"), [m("2026-10-01", 12), m("2026-11-01", 17)]],
    ["now: with the backfill", END_OF_TIME, [m("2026-09-01", 7), m("2026-10-01", 12), m("2026-11-01", 17)]],
  ])("%s", (_name, knownAt, expected) => {
    expect(seriesAsKnown(history, knownAt)).toEqual(expected);
  });

  test("versions recorded at the same instant: the later one given wins", () => {
    const same = "2026-11-02T08:00:00Z";
    expect(seriesAsKnown([v("2026-10-01", 1, same), v("2026-10-01", 2, same)], END_OF_TIME)).toEqual([
      m("2026-10-01", 2),
    ]);
    expect(seriesAsKnown([v("2026-10-01", 2, same), v("2026-10-01", null, same)], END_OF_TIME)).toEqual([]);
  });

  test("refuses an invalid period or recording instant", () => {
    expect(() => seriesAsKnown([v("2026-02-30", 1, "2026-03-01T00:00:00Z")], END_OF_TIME)).toThrow(RangeError);
    expect(() => seriesAsKnown([v("2026-02-01", 1, "never")], END_OF_TIME)).toThrow(/recordedAt/);
  });
});

describe("rebucket", () => {
  test.each<[string, Cadence, Cadence, Measurement[], Measurement[], Record<string, number>]>([
    [
      // June ← weeks of 22 and 29 June (29 June is a Monday in June, though most of its week is in July):
      // the latest, 2. July ← weeks of 6 and 27 July: 4. August ← week of 3 August alone: 5, moved to 1 August.
      "week → month: a week belongs to the month of its Monday",
      "week",
      "month",
      [m("2026-06-22", 1), m("2026-06-29", 2), m("2026-07-06", 3), m("2026-07-27", 4), m("2026-08-03", 5)],
      [m("2026-06-01", 2), m("2026-07-01", 4), m("2026-08-01", 5)],
      { before: 5, after: 3, merged: 4, moved: 1, stayed: 0, dropped: 2 },
    ],
    [
      // 1 June 2026 is a Monday: its week starts that day. 1 July is a Wednesday (week of 29 June), 1 August a
      // Saturday (week of 27 July): both move back into the month before.
      "month → week: the ISO week holding the month's first day",
      "month",
      "week",
      [m("2026-06-01", 10), m("2026-07-01", 20), m("2026-08-01", 30)],
      [m("2026-06-01", 10), m("2026-06-29", 20), m("2026-07-27", 30)],
      { before: 3, after: 3, merged: 0, moved: 2, stayed: 1, dropped: 0 },
    ],
    [
      // Q1 ← January, February, March: the latest, 3. April and July are the first months of Q2 and Q3.
      "month → quarter: the latest month of each quarter",
      "month",
      "quarter",
      [m("2026-01-01", 1), m("2026-02-01", 2), m("2026-03-01", 3), m("2026-04-01", 4), m("2026-07-01", 7)],
      [m("2026-01-01", 3), m("2026-04-01", 4), m("2026-07-01", 7)],
      { before: 5, after: 3, merged: 3, moved: 0, stayed: 2, dropped: 2 },
    ],
    [
      "quarter → month: the quarter's first month",
      "quarter",
      "month",
      [m("2026-01-01", 5), m("2026-04-01", 6)],
      [m("2026-01-01", 5), m("2026-04-01", 6)],
      { before: 2, after: 2, merged: 0, moved: 0, stayed: 2, dropped: 0 },
    ],
    [
      // 1 January 2026 is a Thursday: week of Monday 29 December 2025; 1 April a Wednesday: week of 30 March.
      "quarter → week: the week holding the quarter's first day, possibly in the year before",
      "quarter",
      "week",
      [m("2026-01-01", 5), m("2026-04-01", 6)],
      [m("2025-12-29", 5), m("2026-03-30", 6)],
      { before: 2, after: 2, merged: 0, moved: 2, stayed: 0, dropped: 0 },
    ],
    [
      // The week of Monday 30 March counts for Q1 though six of its days are in April.
      "week → quarter: by the week's Monday",
      "week",
      "quarter",
      [m("2026-03-30", 8), m("2026-04-06", 9)],
      [m("2026-01-01", 8), m("2026-04-01", 9)],
      { before: 2, after: 2, merged: 0, moved: 2, stayed: 0, dropped: 0 },
    ],
    [
      "the same cadence changes nothing",
      "month",
      "month",
      [m("2026-02-01", 2), m("2026-01-01", 1)],
      [m("2026-01-01", 1), m("2026-02-01", 2)],
      { before: 2, after: 2, merged: 0, moved: 0, stayed: 2, dropped: 0 },
    ],
    ["no values", "week", "month", [], [], { before: 0, after: 0, merged: 0, moved: 0, stayed: 0, dropped: 0 }],
  ])("%s", (_name, from, to, values, expected, preview) => {
    const result = rebucket(values, from, to);
    expect(result.values).toEqual(expected);
    expect(result.preview).toEqual(preview);
  });

  test("the writes: new values where they differ, tombstones for periods that no longer exist", () => {
    const weekly = rebucket(
      [m("2026-06-22", 1), m("2026-06-29", 2), m("2026-07-06", 3), m("2026-07-27", 4), m("2026-08-03", 5)],
      "week",
      "month",
    );
    expect(weekly.writes).toEqual({
      record: [m("2026-06-01", 2), m("2026-07-01", 4), m("2026-08-01", 5)],
      remove: ["2026-06-22", "2026-06-29", "2026-07-06", "2026-07-27", "2026-08-03"],
    });
    // January's own value 1 is replaced by March's 3 on the same date; February and March go.
    const monthly = rebucket(
      [m("2026-01-01", 1), m("2026-02-01", 2), m("2026-03-01", 3), m("2026-04-01", 4)],
      "month",
      "quarter",
    );
    expect(monthly.writes).toEqual({ record: [m("2026-01-01", 3)], remove: ["2026-02-01", "2026-03-01"] });
    expect(rebucket([m("2026-01-01", 5)], "quarter", "month").writes).toEqual({ record: [], remove: [] });
  });

  test("month → week → month does not always come back: a week belongs to its Monday's month", () => {
    // 1 July 2026 (Wednesday) → week of 29 June → June.
    const weekly = rebucket([m("2026-07-01", 20)], "month", "week").values;
    expect(rebucket(weekly, "week", "month").values).toEqual([m("2026-06-01", 20)]);
  });

  test.each<[string, Measurement[], Cadence, RegExp]>([
    ["a period that is not the start of a week", [m("2026-06-23", 1)], "week", /not the start of a week/],
    ["a period that is not the start of a quarter", [m("2026-02-01", 1)], "quarter", /not the start of a quarter/],
    ["two values for one period", [m("2026-06-01", 1), m("2026-06-01", 2)], "month", /Two measurements/],
  ])("refuses %s", (_name, values, from, message) => {
    expect(() => rebucket(values, from, "month")).toThrow(message);
  });
});
