import { describe, expect, test } from "vitest";
import {
  daysBetween,
  definitionIssues,
  expectedAttainment,
  explainPace,
  paceSummary,
  explainScore,
  paceStatus,
  scoreSet,
  type KpiDefinitionVersion,
  type KpiInput,
  type KpiStatus,
  type KpiWithMeasurements,
} from "../../lib/scoring";

// A plan for 2026: S = 1 January, T = 31 December, T − S = 364 days.
const S = "2026-01-01";
const T = "2026-12-31";

describe("expectedAttainment e(D) = clamp((D − S) / (T − S), 0, 1) in days", () => {
  test.each<[string, string, number]>([
    ["before the plan starts: clamped to 0", "2025-12-15", 0],
    ["the plan's first day", "2026-01-01", 0],
    ["the next day: 1 / 364", "2026-01-02", 1 / 364],
    ["the middle: 2 July is day 182 of 364", "2026-07-02", 0.5],
    ["the day before the target date: 363 / 364", "2026-12-30", 363 / 364],
    ["the target date", "2026-12-31", 1],
    ["after the target date: clamped to 1", "2027-02-01", 1],
  ])("%s", (_name, asOf, expected) => {
    expect(expectedAttainment(asOf, S, T)).toBeCloseTo(expected, 12);
  });

  test.each<[string, number]>([
    ["2026-06-29", 0], // before T = S
    ["2026-06-30", 1], // the plan is due at once
    ["2026-07-01", 1],
  ])("T = S = 30 June: e(%s) = %s", (asOf, expected) => {
    expect(expectedAttainment(asOf, "2026-06-30", "2026-06-30")).toBe(expected);
  });

  test("a target date before its plan start throws (it is refused when saved)", () => {
    expect(() => expectedAttainment("2026-06-01", "2026-06-30", "2026-06-29")).toThrow(RangeError);
  });

  test.each<[string, string, number]>([
    ["2026-01-01", "2026-12-31", 364],
    ["2024-02-28", "2024-03-01", 2], // leap day
    ["2026-03-01", "2026-02-01", -28],
  ])("daysBetween(%s, %s) = %s", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe("paceStatus: on_track a ≥ e − 0.05, at_risk a ≥ e − 0.15, else off_track", () => {
  test.each<[number | null, number, KpiStatus]>([
    [0.45, 0.5, "on_track"], // 0.45 = 0.5 − 0.05
    [0.449, 0.5, "at_risk"],
    [0.35, 0.5, "at_risk"], // 0.35 = 0.5 − 0.15
    [0.349, 0.5, "off_track"],
    [0.9, 0.5, "on_track"], // ahead of plan
    [0, 0, "on_track"], // the plan's first day: nothing is expected yet
    [0.95, 1, "on_track"], // at the target date a ≥ 0.95
    [0.9, 1, "at_risk"],
    [0.8, 1, "off_track"],
    [null, 0.5, "no_data"],
  ])("a %s against e %s → %s", (a, e, expected) => {
    expect(paceStatus(a, e)).toBe(expected);
  });

  test("tolerances are settings", () => {
    expect(paceStatus(0.42, 0.5, { onTrack: 0.1, atRisk: 0.2 })).toBe("on_track");
    expect(paceStatus(0.42, 0.5)).toBe("at_risk");
  });
});

/** A monthly output KPI with baseline 0 and target 100 (a = value / 100), versioned from S with target date T. */
function planned(value: number | null, over: Partial<KpiDefinitionVersion> = {}): KpiWithMeasurements {
  const version: KpiDefinitionVersion = {
    kind: "output",
    direction: "increase",
    baseline: 0,
    target: 100,
    weight: 1,
    targetDate: T,
    validFrom: S,
    recordedAt: new Date("2025-12-20T10:00:00Z"),
    ...over,
  };
  const kpi: KpiInput = {
    id: "p",
    key: "P-1",
    name: "Planned",
    cadence: "month",
    ...version,
    versions: [version],
  };
  return { kpi, measurements: value === null ? [] : [{ period: "2026-01-01", value }] };
}

describe("scoreSet with a target date: the pace status replaces DESIGN 4's status", () => {
  test.each<[string, string, number | null, number, KpiStatus, KpiStatus]>([
    // as of, value, e(D), pace status, what DESIGN 4's status would have said
    ["start: a = 0.00 with nothing expected yet", "2026-01-01", 0, 0, "on_track", "off_track"],
    ["start: no data", "2026-01-01", null, 0, "no_data", "no_data"],
    ["middle: a = 0.40 where 0.50 is expected", "2026-07-02", 40, 0.5, "at_risk", "at_risk"],
    ["middle: a = 0.30, 0.20 behind", "2026-07-02", 30, 0.5, "off_track", "off_track"],
    ["middle: a = 0.46, within 0.05", "2026-07-02", 46, 0.5, "on_track", "at_risk"],
    ["end: a = 0.90 at the target date", "2026-12-31", 90, 1, "at_risk", "on_track"],
    ["end: a = 0.96", "2026-12-31", 96, 1, "on_track", "on_track"],
    ["after the end: a = 0.80", "2027-03-01", 80, 1, "off_track", "on_track"],
  ])("%s", (_name, asOf, value, expected, paceState, plainStatus) => {
    const result = scoreSet([planned(value)], asOf);
    const k = result.kpis[0]!;
    expect(k.expected).toBeCloseTo(expected, 12);
    expect(k.status).toBe(paceState);
    expect(k.targetDate).toBe(T);
    expect(k.planStart).toBe(S); // S defaults to the version's validFrom
    // O still uses a, whatever the pace says.
    expect(result.output).toBe(value === null ? null : value / 100);
    const withoutDate = scoreSet([planned(value, { targetDate: null })], asOf).kpis[0]!;
    expect(withoutDate.status).toBe(plainStatus);
    expect(withoutDate.expected).toBeNull();
  });

  test("an explicit plan start, and T = S", () => {
    // S = 1 July: as of 2 July, e = 1 / 183 (1 July .. 31 December is 183 days).
    const k = scoreSet([planned(0, { planStart: "2026-07-01" })], "2026-07-02").kpis[0]!;
    expect(k.planStart).toBe("2026-07-01");
    expect(k.expected).toBeCloseTo(1 / 183, 12);
    expect(k.status).toBe("on_track");
    const due = planned(60, { targetDate: "2026-06-30", planStart: "2026-06-30" });
    expect(scoreSet([due], "2026-06-29").kpis[0]).toMatchObject({ expected: 0, status: "on_track" });
    expect(scoreSet([due], "2026-06-30").kpis[0]).toMatchObject({ expected: 1, status: "off_track" }); // 0.6 < 0.85
  });

  test("tolerances come from the settings", () => {
    const k = scoreSet([planned(40)], "2026-07-02", { pace: { onTrack: 0.1, atRisk: 0.2 } }).kpis[0]!;
    expect(k.status).toBe("on_track"); // 0.40 ≥ 0.50 − 0.10
  });

  test("a KPI without versions needs its plan start with a target date", () => {
    const base = planned(50).kpi;
    const { versions: _versions, ...plain } = base;
    const withStart: KpiWithMeasurements = {
      kpi: { ...plain, planStart: "2026-01-01" },
      measurements: [{ period: "2026-01-01", value: 50 }],
    };
    expect(scoreSet([withStart], "2026-07-02").kpis[0]).toMatchObject({ expected: 0.5, status: "on_track" });
    expect(() => scoreSet([{ ...withStart, kpi: plain }], "2026-07-02")).toThrow(/needs a plan start/);
  });
});

describe("explainPace: what the card says", () => {
  test("on pace: 0.52 of the way, 0.50 expected by today", () => {
    // S = 30 September 2026, T = 20 January 2027: 112 days; 25 November is day 56, so e = 0.50.
    const kpi = planned(52, { validFrom: "2026-09-30", targetDate: "2027-01-20" });
    const k = scoreSet([kpi], "2026-11-25").kpis[0]!;
    expect(k.expected).toBe(0.5);
    expect(explainPace(k, "2026-11-25", "by today")).toBe(
      "on pace: 0.52 of the way, 0.50 expected by today (e = (2026-11-25 − 2026-09-30) / (2027-01-20 − 2026-09-30) = 56 / 112 days = 0.50)",
    );
    // The card and the KPI page say the words without the arithmetic.
    expect(paceSummary(k, "2026-11-25", "by today")).toBe("on pace: 0.52 of the way, 0.50 expected by today");
    expect(paceSummary({ ...k, targetDate: null, expected: null }, "2026-11-25")).toBeNull();
  });

  test.each<[string, number | null, string, string]>([
    [
      "behind pace",
      40,
      "2026-07-02",
      "behind pace: 0.40 of the way, 0.50 expected by 2026-07-02 (e = (2026-07-02 − 2026-01-01) / (2026-12-31 − 2026-01-01) = 182 / 364 days = 0.50)",
    ],
    [
      "well behind pace, past the target date",
      80,
      "2027-03-01",
      "well behind pace: 0.80 of the way, 1.00 expected by 2027-03-01 (e = (2027-03-01 − 2026-01-01) / (2026-12-31 − 2026-01-01) = 424 / 364 days = 1.16 → clamped to 1)",
    ],
    [
      "no data",
      null,
      "2026-07-02",
      "no data: 0.50 expected by 2026-07-02 (e = (2026-07-02 − 2026-01-01) / (2026-12-31 − 2026-01-01) = 182 / 364 days = 0.50)",
    ],
  ])("%s", (_name, value, asOf, text) => {
    const k = scoreSet([planned(value)], asOf).kpis[0]!;
    expect(explainPace(k, asOf)).toBe(text);
  });

  test("T = S, and no target date", () => {
    const due = scoreSet([planned(60, { targetDate: "2026-06-30", planStart: "2026-06-30" })], "2026-07-01").kpis[0]!;
    expect(explainPace(due, "2026-07-01")).toBe(
      "well behind pace: 0.60 of the way, 1.00 expected by 2026-07-01 (target date = plan start 2026-06-30: 0 before it, 1 from it on)",
    );
    expect(explainPace(scoreSet([planned(60, { targetDate: null })], "2026-07-01").kpis[0]!, "2026-07-01")).toBeNull();
  });

  test("the score's explanation carries e and the pace per row", () => {
    const e = explainScore(scoreSet([planned(40)], "2026-07-02"));
    expect(e.output.rows[0]).toMatchObject({ expected: 0.5, validFrom: S });
    expect(e.output.rows[0]?.paceFormula).toMatch(/^behind pace: 0.40 of the way, 0.50 expected by 2026-07-02/);
  });
});

describe("definitionIssues: what a definition version may not be", () => {
  const base = { kind: "output", direction: "increase", baseline: 10, target: 20, weight: 1 } as const;

  test.each<[string, Parameters<typeof definitionIssues>[0], { field: string; message: RegExp }[]]>([
    ["a sound version", { ...base, validFrom: "2026-01-01", targetDate: "2026-12-31" }, []],
    ["T = S is allowed", { ...base, validFrom: "2026-01-01", targetDate: "2026-01-01" }, []],
    ["no validFrom given (it defaults to today)", { ...base, targetDate: "2026-12-31" }, []],
    [
      "a target date before the date it applies from",
      { ...base, validFrom: "2026-03-01", targetDate: "2026-02-28" },
      [{ field: "targetDate", message: /2026-02-28\) is before the date this change applies from \(2026-03-01\)/ }],
    ],
    [
      "a target date before its plan start",
      { ...base, validFrom: "2026-01-01", planStart: "2026-06-01", targetDate: "2026-05-31" },
      [{ field: "targetDate", message: /before its plan start \(2026-06-01\)/ }],
    ],
    [
      "validFrom before 2000",
      { ...base, validFrom: "1999-12-31" },
      [{ field: "validFrom", message: /from 2000-01-01 on/ }],
    ],
    ["validFrom not a date", { ...base, validFrom: "2026-02-30" }, [{ field: "validFrom", message: /real date/ }]],
    [
      "a target date that is not a date",
      { ...base, targetDate: "soon" },
      [{ field: "targetDate", message: /real date/ }],
    ],
    [
      "a plan start that is not a date",
      { ...base, planStart: "2026-1-1" },
      [{ field: "planStart", message: /real date/ }],
    ],
    [
      "a direction contradicting the set baseline and target (a future version too)",
      { ...base, direction: "decrease", validFrom: "2027-01-01" },
      [{ field: "target", message: /above the baseline \(10\), but lower is better/ }],
    ],
    ["no baseline: nothing to contradict", { ...base, baseline: null, direction: "decrease" }, []],
  ])("%s", (_name, version, expected) => {
    const issues = definitionIssues(version);
    expect(issues.map((i) => i.field)).toEqual(expected.map((e) => e.field));
    issues.forEach((issue, i) => expect(issue.message).toMatch(expected[i]!.message));
  });
});
