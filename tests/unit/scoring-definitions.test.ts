import { describe, expect, test } from "vitest";
import {
  definitionAsOf,
  definitionChanges,
  explainScore,
  kpiAsOf,
  leverage,
  scoreSet,
  shiftPeriod,
  targetSteps,
  trend,
  trendDates,
  type KpiDefinitionVersion,
  type KpiInput,
  type KpiWithMeasurements,
  type Measurement,
} from "../../lib/scoring";
import { END_OF_TIME, endOfDayUtc } from "../../lib/time";

const at = (instant: string) => new Date(instant);
const m = (period: string, value: number): Measurement => ({ period, value });

/** A version of a monthly output KPI: increase, baseline 0, target 100, weight 1 unless overridden. */
function version(
  validFrom: string,
  recordedAt: string,
  over: Partial<KpiDefinitionVersion> = {},
): KpiDefinitionVersion {
  return {
    kind: "output",
    direction: "increase",
    baseline: 0,
    target: 100,
    weight: 1,
    validFrom,
    recordedAt: at(recordedAt),
    ...over,
  };
}

/** A KPI carrying its versions; its own definition fields are the last version's (the current one). */
function kpi(key: string, versions: KpiDefinitionVersion[], measurements: Measurement[] = []): KpiWithMeasurements {
  const current = versions[versions.length - 1]!;
  const { validFrom: _v, recordedAt: _r, author: _a, ...definition } = current;
  const input: KpiInput = {
    id: key.toLowerCase(),
    key,
    name: `${key} name`,
    cadence: "month",
    ...definition,
    versions,
  };
  return { kpi: input, measurements };
}

describe("definitionAsOf: the latest validFrom ≤ asOf among the versions recorded by knownAt", () => {
  const v1 = version("2026-01-01", "2026-01-01T09:00:00Z", { target: 120 });
  const v2 = version("2027-01-01", "2026-11-20T10:00:00Z", { target: 140 }); // planned ahead
  const v3 = version("2026-06-01", "2026-12-10T08:00:00Z", { target: 110 }); // a correction of the past
  const v3b = version("2026-06-01", "2026-12-11T08:00:00Z", { target: 115 }); // corrected again, same validFrom
  const versions = [v1, v2, v3, v3b];

  test.each<[string, string, Date, KpiDefinitionVersion | null]>([
    ["before the KPI existed", "2025-12-31", END_OF_TIME, null],
    ["its first day", "2026-01-01", END_OF_TIME, v1],
    ["May: before the correction's validFrom", "2026-05-31", END_OF_TIME, v1],
    ["June as known now: the later of two corrections with the same validFrom", "2026-06-15", END_OF_TIME, v3b],
    ["June as known on 10 December, after the first correction", "2026-06-15", at("2026-12-10T12:00:00Z"), v3],
    ["June as known on 1 December: the correction was not recorded yet", "2026-06-15", at("2026-12-01T00:00:00Z"), v1],
    ["today, 25 November: the planned change is known but not in force", "2026-11-25", at("2026-11-25T12:00:00Z"), v1],
    ["January 2027 as known on 25 November: the planned target", "2027-01-31", at("2026-11-25T12:00:00Z"), v2],
    ["January 2027 as known on 19 November, before it was planned", "2027-01-31", at("2026-11-19T00:00:00Z"), v1],
    [
      "knownAt before any version was recorded: the KPI did not exist yet",
      "2026-06-15",
      at("2025-12-31T00:00:00Z"),
      null,
    ],
    ["at the very instant of recording", "2026-01-01", at("2026-01-01T09:00:00Z"), v1],
  ])("%s", (_name, asOf, knownAt, expected) => {
    expect(definitionAsOf(versions, asOf, knownAt)).toBe(expected);
  });

  test("'did not exist yet' is judged as known at knownAt: a later version that backdates the start", () => {
    const created = version("2026-10-01", "2026-10-01T08:00:00Z");
    const backdated = version("2026-09-01", "2026-10-20T08:00:00Z"); // "we tracked it from September"
    const both = [created, backdated];
    expect(definitionAsOf(both, "2026-09-15", END_OF_TIME)).toBe(backdated);
    expect(definitionAsOf(both, "2026-09-15", endOfDayUtc("2026-09-15"))).toBeNull();
    expect(definitionAsOf(both, "2026-09-15", endOfDayUtc("2026-10-19"))).toBeNull(); // first known version: October
  });

  test("exact ties on validFrom and recordedAt: the later one given", () => {
    const a = version("2026-01-01", "2026-01-01T09:00:00Z", { target: 1 });
    const b = version("2026-01-01", "2026-01-01T09:00:00Z", { target: 2 });
    expect(definitionAsOf([a, b], "2026-02-01")).toBe(b);
    expect(definitionAsOf([b, a], "2026-02-01")).toBe(a);
  });

  test("kpiAsOf: current labels with the date's fields, defaults filled in", () => {
    const k = kpi("SAL-1", [v1, v2]).kpi;
    expect(kpiAsOf(k, "2026-11-25")).toEqual({
      id: "sal-1",
      key: "SAL-1",
      name: "SAL-1 name",
      cadence: "month",
      kind: "output",
      direction: "increase",
      baseline: 0,
      target: 120,
      weight: 1,
      targetDate: null,
      planStart: null,
      teamId: null,
      stageId: null,
      archived: false,
      validFrom: "2026-01-01",
    });
    expect(kpiAsOf(k, "2027-01-01")?.target).toBe(140);
    expect(kpiAsOf(k, "2025-06-01")).toBeNull();
    const { versions: _versions, ...plain } = k;
    expect(kpiAsOf(plain, "1990-01-01")).toMatchObject({ target: 140, validFrom: null, archived: false }); // no history
  });
});

describe("scoreSet with definition versions", () => {
  test("a target change planned from a future date: today unchanged, a date after it uses the new target", () => {
    // Target 120 from 1 Jan 2026 (baseline 100); on 20 Nov the owner plans target 140 from 1 Jan 2027.
    const sales = kpi(
      "SAL-1",
      [
        version("2026-01-01", "2026-01-01T09:00:00Z", { baseline: 100, target: 120 }),
        version("2027-01-01", "2026-11-20T10:00:00Z", { baseline: 100, target: 140 }),
      ],
      [m("2026-11-01", 115), m("2027-01-01", 125)],
    );
    const today = scoreSet([sales], "2026-11-25", {}, { knownAt: at("2026-11-25T12:00:00Z") });
    expect(today.kpis[0]).toMatchObject({ target: 120, attainment: 0.75, validFrom: "2026-01-01" }); // (115 − 100) / (120 − 100)
    const january = scoreSet([sales], "2027-01-31", {}, { knownAt: at("2027-01-31T12:00:00Z") });
    expect(january.kpis[0]).toMatchObject({ target: 140, attainment: 0.625, validFrom: "2027-01-01" }); // 25 / 40
    // Before the plan was recorded, January 2027 would have used target 120: (125 − 100) / 20 = 1.25 → 1.
    const before = scoreSet([sales], "2027-01-31", {}, { knownAt: at("2026-11-19T00:00:00Z") });
    expect(before.kpis[0]).toMatchObject({ target: 120, attainment: 1 });
  });

  test("a correction dated in the past and recorded later: as known then vs as known now", () => {
    // Baseline 50 from January; on 10 December: "the baseline was 60 from 1 June".
    const churn = kpi(
      "RET-2",
      [
        version("2026-01-01", "2026-01-01T09:00:00Z", { baseline: 50 }),
        version("2026-06-01", "2026-12-10T08:00:00Z", { baseline: 60 }),
      ],
      [m("2026-05-01", 70), m("2026-11-01", 80)],
    );
    const thenKnown = scoreSet([churn], "2026-11-30", {}, { knownAt: endOfDayUtc("2026-11-30") });
    expect(thenKnown.kpis[0]).toMatchObject({ baseline: 50, attainment: 0.6 }); // (80 − 50) / (100 − 50)
    expect(thenKnown.output).toBe(0.6);
    const nowKnown = scoreSet([churn], "2026-11-30", {}, { knownAt: at("2026-12-15T00:00:00Z") });
    expect(nowKnown.kpis[0]).toMatchObject({ baseline: 60, attainment: 0.5 }); // (80 − 60) / (100 − 60)
    // May is before the correction's validFrom: baseline 50 either way, (70 − 50) / 50 = 0.4.
    expect(scoreSet([churn], "2026-05-31").kpis[0]?.attainment).toBe(0.4);
    // Without knownAt every version given counts (the caller loaded what it knows).
    expect(scoreSet([churn], "2026-11-30").kpis[0]?.attainment).toBe(0.5);
  });

  test("a KPI created after D is not in D's set", () => {
    // O1 (a = 0.8) exists all year; NEW starts on 1 October, with a September value backfilled (a = 0.2).
    const o1 = kpi("O1", [version("2026-01-01", "2026-01-01T00:00:00Z")], [m("2026-09-01", 80)]);
    const created = kpi("NEW", [version("2026-10-01", "2026-10-01T08:00:00Z")], [m("2026-09-01", 20)]);
    const september = scoreSet([o1, created], "2026-09-30");
    expect(september.kpis.map((k) => k.key)).toEqual(["O1"]);
    expect(september.output).toBe(0.8);
    expect(september.coverage).toBe(1); // 1 of 1 KPI
    expect(september.notInSet).toEqual([{ id: "new", key: "NEW", name: "NEW name", reason: "not_defined_yet" }]);
    const october = scoreSet([o1, created], "2026-10-15");
    expect(october.kpis.map((k) => k.key)).toEqual(["O1", "NEW"]);
    expect(october.output).toBeCloseTo(0.5, 12); // (0.8 + 0.2) / 2
    expect(october.notInSet).toEqual([]);
  });

  test("archived from a date: in the set before it, out from it on, in the trend too", () => {
    // Y (a = 0.2 every month) is archived from 1 August 2026; X has a = 1 every month.
    const months = Array.from({ length: 12 }, (_, i) => shiftPeriod("2025-12-01", "month", i));
    const x = kpi(
      "X",
      [version("2025-01-01", "2025-01-01T00:00:00Z")],
      months.map((p) => m(p, 100)),
    );
    const y = kpi(
      "Y",
      [
        version("2025-01-01", "2025-01-01T00:00:00Z"),
        version("2026-08-01", "2026-08-01T09:00:00Z", { archived: true }),
      ],
      months.map((p) => m(p, 20)),
    );
    expect(scoreSet([x, y], "2026-07-31").output).toBeCloseTo(0.6, 12); // (1 + 0.2) / 2
    const august = scoreSet([x, y], "2026-08-01");
    expect(august.output).toBe(1);
    expect(august.kpis.map((k) => k.key)).toEqual(["X"]);
    expect(august.notInSet).toEqual([{ id: "y", key: "Y", name: "Y name", reason: "archived" }]);
    // Trend as of 25 Nov 2026: December .. July with Y (0.6), August .. November without it (1).
    const points = trend([x, y], "2026-11-25");
    expect(points.map((p) => p.asOf)).toEqual(trendDates("2026-11-25"));
    points.forEach((p, i) => expect(p.value).toBeCloseTo(i < 8 ? 0.6 : 1, 12));
    // As known on 31 July the archiving was not recorded: Y still counts on 1 August.
    expect(scoreSet([x, y], "2026-08-01", {}, { knownAt: endOfDayUtc("2026-07-31") }).output).toBeCloseTo(0.6, 12);
  });

  test("a weight change mid-trend: each point uses the weights of its own date", () => {
    // A always attains 1, B always 0. A's weight is 1 until May and 3 from 1 June 2026 (recorded 20 May).
    // O = V (no outcome KPI): (1·1 + 1·0) / 2 = 0.5 before June, (3·1 + 1·0) / 4 = 0.75 from June.
    const months = Array.from({ length: 12 }, (_, i) => shiftPeriod("2025-12-01", "month", i));
    const a = kpi(
      "A",
      [version("2025-01-01", "2025-01-01T00:00:00Z"), version("2026-06-01", "2026-05-20T00:00:00Z", { weight: 3 })],
      months.map((p) => m(p, 100)),
    );
    const b = kpi(
      "B",
      [version("2025-01-01", "2025-01-01T00:00:00Z")],
      months.map((p) => m(p, 0)),
    );
    const values = trend([a, b], "2026-11-25").map((p) => p.value);
    expect(values).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75]);
    // As known on 19 May the change was not recorded: every point 0.5.
    const known = trend([a, b], "2026-11-25", {}, { knownAt: at("2026-05-19T00:00:00Z") });
    expect(known.map((p) => p.value)).toEqual(Array(12).fill(0.5));
  });

  test("a kind change: the KPI counts as output before and as outcome after", () => {
    const k = kpi(
      "K",
      [
        version("2026-01-01", "2026-01-01T00:00:00Z"),
        version("2026-07-01", "2026-07-01T00:00:00Z", { kind: "outcome" }),
      ],
      [m("2026-06-01", 40)],
    );
    expect(scoreSet([k], "2026-06-30")).toMatchObject({ output: 0.4, outcome: null, quadrant: "blind_spot" });
    expect(scoreSet([k], "2026-07-31")).toMatchObject({ output: null, outcome: 0.4, outcomeFocus: 1 });
  });

  test("include: a team's set as it was on each date", () => {
    // K moves from team t1 to team t2 on 1 June.
    const k = kpi(
      "K",
      [
        version("2026-01-01", "2026-01-01T00:00:00Z", { teamId: "t1" }),
        version("2026-06-01", "2026-05-25T00:00:00Z", { teamId: "t2" }),
      ],
      [m("2026-05-01", 50)],
    );
    const t1 = { include: (d: { teamId: string | null }) => d.teamId === "t1" };
    expect(scoreSet([k], "2026-05-31", {}, t1).kpis.map((r) => r.key)).toEqual(["K"]);
    expect(scoreSet([k], "2026-06-30", {}, t1).kpis).toEqual([]);
    expect(scoreSet([k], "2026-06-30", {}, t1).notInSet).toEqual([]); // another team's: not "missing"
  });

  test("explainScore shows the figures of the definition in force on the date", () => {
    const sales = kpi(
      "SAL-1",
      [
        version("2026-01-01", "2026-01-01T09:00:00Z", { baseline: 100, target: 120, weight: 2 }),
        version("2027-01-01", "2026-11-20T10:00:00Z", { baseline: 100, target: 140, weight: 3 }),
      ],
      [m("2026-11-01", 115), m("2027-01-01", 125)],
    );
    const gone = kpi("OLD", [
      version("2026-01-01", "2026-01-01T00:00:00Z"),
      version("2026-12-01", "2026-12-01T00:00:00Z", { archived: true }),
    ]);
    const now = explainScore(scoreSet([sales, gone], "2026-11-25"));
    expect(now.output.rows[0]).toMatchObject({ target: 120, weight: 2, validFrom: "2026-01-01" });
    expect(now.output.rows[0]?.attainmentFormula).toBe("a = (115 − 100) / (120 − 100) = 0.75");
    expect(now.notInSet).toEqual([]);
    const later = explainScore(scoreSet([sales, gone], "2027-01-31"));
    expect(later.output.rows[0]).toMatchObject({ target: 140, weight: 3, validFrom: "2027-01-01" });
    expect(later.output.rows[0]?.attainmentFormula).toBe("a = (125 − 100) / (140 − 100) = 0.63"); // 0.625
    expect(later.output.formula).toBe("O = (3×0.63) / (3) = 0.63");
    expect(later.notInSet).toEqual([
      {
        id: "old",
        key: "OLD",
        name: "OLD name",
        reason: "archived",
        reading: "not counted: archived as of 2027-01-31",
      },
    ]);
  });
});

describe("leverage with definition versions", () => {
  test("each period's attainment uses the definitions as of its last day", () => {
    // Output: value 100 every month; target 100 until June, 200 from 1 July: a = 1, then 0.5.
    // Outcome: exists from 1 May 2026 only: no attainment before, although values exist.
    const months = Array.from({ length: 9 }, (_, i) => shiftPeriod("2026-03-01", "month", i)); // March .. November
    const output = kpi(
      "OUT",
      [version("2026-01-01", "2026-01-01T00:00:00Z"), version("2026-07-01", "2026-06-15T00:00:00Z", { target: 200 })],
      months.map((p) => m(p, 100)),
    );
    const outcome = kpi(
      "INC",
      [version("2026-05-01", "2026-05-01T00:00:00Z", { kind: "outcome" })],
      months.map((p, i) => m(p, 10 * (i + 1))),
    );
    const r = leverage(output, outcome, "2026-11-30");
    const tail = r.periods.slice(-9).map((p) => [p.period, p.output, p.outcome]);
    expect(tail).toEqual([
      ["2026-03-01", 1, null],
      ["2026-04-01", 1, null],
      ["2026-05-01", 1, 0.3],
      ["2026-06-01", 1, 0.4],
      ["2026-07-01", 0.5, 0.5],
      ["2026-08-01", 0.5, 0.6],
      ["2026-09-01", 0.5, 0.7],
      ["2026-10-01", 0.5, 0.8],
      ["2026-11-01", 0.5, 0.9],
    ]);
    // As known on 1 June the target change was not recorded: the output attains 1 throughout.
    const known = leverage(output, outcome, "2026-11-30", { knownAt: at("2026-06-01T00:00:00Z") });
    expect(known.periods.slice(-9).map((p) => p.output)).toEqual(Array(9).fill(1));
  });
});

describe("definition history: what changed, from when, by whom", () => {
  const ada = { kind: "user" as const, id: "u-ada" };
  const created = { ...version("2026-01-01", "2026-01-01T09:00:00Z", { target: 120 }), author: ada };
  const planned = version("2027-01-01", "2026-11-20T10:00:00Z", { target: 140, targetDate: "2027-12-31" });
  const corrected = version("2026-06-01", "2026-12-10T08:00:00Z", { target: 120, baseline: 10 });
  const archived = version("2027-06-01", "2026-12-11T08:00:00Z", {
    target: 140,
    targetDate: "2027-12-31",
    archived: true,
  });

  test("each version against what was in force on its validFrom just before it was recorded", () => {
    const history = definitionChanges([planned, archived, created, corrected]); // any order in, recording order out
    expect(history.map((h) => [h.validFrom, h.created, h.changes])).toEqual([
      ["2026-01-01", true, []],
      [
        "2027-01-01",
        false,
        [
          { field: "target", from: 120, to: 140 },
          { field: "targetDate", from: null, to: "2027-12-31" },
        ],
      ],
      ["2026-06-01", false, [{ field: "baseline", from: 0, to: 10 }]], // a correction of the past
      ["2027-06-01", false, [{ field: "archived", from: false, to: true }]],
    ]);
    expect(history[0]?.author).toEqual(ada);
    expect(history[1]?.author).toBeNull();
  });

  test("targetSteps: the target line over a range, as known now and as known then", () => {
    const all = [created, planned, corrected, archived];
    expect(targetSteps(all, "2025-10-01", "2027-12-31")).toEqual([
      { from: "2025-10-01", target: null, baseline: null, targetDate: null }, // before the KPI existed
      { from: "2026-01-01", target: 120, baseline: 0, targetDate: null },
      { from: "2026-06-01", target: 120, baseline: 10, targetDate: null },
      { from: "2027-01-01", target: 140, baseline: 0, targetDate: "2027-12-31" },
      { from: "2027-06-01", target: null, baseline: null, targetDate: null }, // archived
    ]);
    // As known on 1 December 2026: the plan for 2027 is known, the correction and the archiving are not.
    expect(targetSteps(all, "2026-03-01", "2027-12-31", at("2026-12-01T00:00:00Z"))).toEqual([
      { from: "2026-03-01", target: 120, baseline: 0, targetDate: null },
      { from: "2027-01-01", target: 140, baseline: 0, targetDate: "2027-12-31" },
    ]);
    // A version that changes nothing drawn makes no step; an empty range has none.
    const sameTarget = version("2026-03-01", "2026-02-01T00:00:00Z", { target: 120, weight: 2 });
    expect(targetSteps([created, sameTarget], "2026-01-01", "2026-12-31")).toHaveLength(1);
    expect(targetSteps(all, "2026-12-31", "2026-01-01")).toEqual([]);
  });
});
