import { describe, expect, test } from "vitest";
import {
  explainAttainment,
  explainScore,
  QUADRANT_READINGS,
  scoreSet,
  trend,
  trendDates,
  valueScore,
  type KpiInput,
  type KpiWithMeasurements,
  type Measurement,
  type Quadrant,
} from "../../lib/scoring";

const AS_OF = "2026-11-25";

/**
 * A monthly KPI with baseline 0 and target 100, so attainment = value / 100; `value` null = no data.
 * The value is recorded for November 2026 (fresh as of AS_OF).
 */
function k(
  key: string,
  kind: KpiInput["kind"],
  value: number | null,
  over: Partial<KpiInput> = {},
  period = "2026-11-01",
): KpiWithMeasurements {
  return {
    kpi: {
      id: key.toLowerCase(),
      key,
      name: `${key} name`,
      kind,
      direction: "increase",
      baseline: 0,
      target: 100,
      weight: 1,
      cadence: "month",
      ...over,
    },
    measurements: value === null ? [] : [{ period, value }],
  };
}

const out = (key: string, value: number | null, over: Partial<KpiInput> = {}) => k(key, "output", value, over);
const inc = (key: string, value: number | null, over: Partial<KpiInput> = {}) => k(key, "outcome", value, over);

interface Expected {
  output: number | null;
  outcome: number | null;
  value: number | null;
  quadrant: Quadrant;
}

const close = (actual: number | null, expected: number | null) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 12);
};

describe("scoreSet: O, C, V and the quadrant", () => {
  test.each<[string, KpiWithMeasurements[], Expected]>([
    [
      "creating_value: O = (1×0.8 + 2×0.5)/3 = 0.6, C = 0.7, V = 0.7×0.7 + 0.3×0.6",
      [out("O1", 80), out("O2", 50, { weight: 2 }), inc("C1", 70)],
      { output: 0.6, outcome: 0.7, value: 0.67, quadrant: "creating_value" },
    ],
    [
      "output_trap: O = 0.6, C = 0.3",
      [out("O1", 80), out("O2", 50, { weight: 2 }), inc("C1", 30)],
      { output: 0.6, outcome: 0.3, value: 0.39, quadrant: "output_trap" },
    ],
    [
      "outcome_at_risk: O = 0.3, C = 0.7",
      [out("O1", 30), inc("C1", 70)],
      { output: 0.3, outcome: 0.7, value: 0.58, quadrant: "outcome_at_risk" },
    ],
    [
      "outcome_at_risk with O null: V = C",
      [out("O1", null), inc("C1", 60)],
      { output: null, outcome: 0.6, value: 0.6, quadrant: "outcome_at_risk" },
    ],
    [
      "stalled: O = 0.3, C = 0.2",
      [out("O1", 30), inc("C1", 20)],
      { output: 0.3, outcome: 0.2, value: 0.23, quadrant: "stalled" },
    ],
    ["stalled with O null: V = C", [inc("C1", 20)], { output: null, outcome: 0.2, value: 0.2, quadrant: "stalled" }],
    [
      "blind_spot: outputs only, V = O",
      [out("O1", 80), out("O2", 40), inc("C1", null)],
      { output: 0.6, outcome: null, value: 0.6, quadrant: "blind_spot" },
    ],
    [
      "blind_spot even when O is low",
      [out("O1", 10)],
      { output: 0.1, outcome: null, value: 0.1, quadrant: "blind_spot" },
    ],
    [
      "no_data: KPIs without measurements",
      [out("O1", null), inc("C1", null)],
      { output: null, outcome: null, value: null, quadrant: "no_data" },
    ],
    ["no_data: empty set", [], { output: null, outcome: null, value: null, quadrant: "no_data" }],
    [
      "thresholds are inclusive: O = C = θ = 0.5",
      [out("O1", 50), inc("C1", 50)],
      { output: 0.5, outcome: 0.5, value: 0.5, quadrant: "creating_value" },
    ],
    [
      "float noise: (0.25 − 0.1) / (0.4 − 0.1) = 0.4999999999999999 counts as θ = 0.5",
      [out("O1", 0.25, { baseline: 0.1, target: 0.4 }), inc("C1", 0.25, { baseline: 0.1, target: 0.4 })],
      { output: 0.5, outcome: 0.5, value: 0.5, quadrant: "creating_value" },
    ],
    [
      "O just below θ",
      [out("O1", 49), inc("C1", 50)],
      { output: 0.49, outcome: 0.5, value: 0.497, quadrant: "outcome_at_risk" },
    ],
    [
      "C just below θ",
      [out("O1", 50), inc("C1", 49)],
      { output: 0.5, outcome: 0.49, value: 0.493, quadrant: "output_trap" },
    ],
    [
      "weighted outcome: C = (3×1 + 1×0)/4 = 0.75",
      [inc("C1", 100, { weight: 3 }), inc("C2", 0), out("O1", 100)],
      { output: 1, outcome: 0.75, value: 0.825, quadrant: "creating_value" },
    ],
    [
      "KPIs without data do not count in O or C: O = 0.8, C = 0.6",
      [out("O1", 80), out("O2", null, { weight: 5 }), inc("C1", 60), inc("C2", null, { weight: 5 })],
      { output: 0.8, outcome: 0.6, value: 0.66, quadrant: "creating_value" },
    ],
    [
      "archived KPIs are excluded: the archived outcome would have made C = 0.9",
      [out("O1", 80), inc("C1", 90, { archived: true })],
      { output: 0.8, outcome: null, value: 0.8, quadrant: "blind_spot" },
    ],
    [
      "decrease KPIs: lead time 15 from 20 toward 10 = 0.5",
      [
        out("O1", 15, { direction: "decrease", baseline: 20, target: 10 }),
        inc("C1", 5, { direction: "decrease", baseline: 10, target: 0 }),
      ],
      { output: 0.5, outcome: 0.5, value: 0.5, quadrant: "creating_value" },
    ],
    [
      "clamped values: above target and below baseline",
      [out("O1", 150), inc("C1", -20)],
      { output: 1, outcome: 0, value: 0.3, quadrant: "output_trap" },
    ],
  ])("%s", (_name, kpis, expected) => {
    const r = scoreSet(kpis, AS_OF);
    close(r.output, expected.output);
    close(r.outcome, expected.outcome);
    close(r.value, expected.value);
    expect(r.quadrant).toBe(expected.quadrant);
    expect(r.asOf).toBe(AS_OF);
  });

  test("settings: α = 0.5 and θ = 0.8", () => {
    const r = scoreSet([out("O1", 90), inc("C1", 70)], AS_OF, { outcomeWeight: 0.5, quadrantThreshold: 0.8 });
    close(r.value, 0.8);
    expect(r.quadrant).toBe("output_trap");
    expect(r.settings).toEqual({ outcomeWeight: 0.5, quadrantThreshold: 0.8, onTrack: 0.7, atRisk: 0.4 });
  });

  test("status thresholds come from the settings", () => {
    const r = scoreSet([out("O1", 80)], AS_OF, { onTrack: 0.9, atRisk: 0.5 });
    expect(r.kpis[0]?.status).toBe("at_risk");
    expect(scoreSet([out("O1", 80)], AS_OF).kpis[0]?.status).toBe("on_track");
  });

  test.each<[number | null, number | null, number, number | null]>([
    [0.6, 0.7, 0.7, 0.67],
    [null, 0.7, 0.7, 0.7],
    [0.6, null, 0.7, 0.6],
    [null, null, 0.7, null],
    [0.2, 1, 1, 1],
    [0.2, 1, 0, 0.2],
  ])("valueScore(O %s, C %s, α %s) = %s", (o, c, alpha, expected) => {
    close(valueScore(o, c, alpha), expected);
  });

  test("measurements after asOf are ignored", () => {
    const kpis = [k("O1", "output", 80, {}, "2026-12-01"), inc("C1", 60)];
    const r = scoreSet(kpis, AS_OF);
    expect(r.output).toBeNull();
    expect(r.quadrant).toBe("outcome_at_risk");
  });

  test("refuses an invalid as-of date", () => {
    expect(() => scoreSet([], "2026-11-31")).toThrow(RangeError);
  });
});

describe("scoreSet: outcome focus, coverage and KPI rows", () => {
  test.each<[string, KpiWithMeasurements[], number | null, number | null]>([
    ["empty set", [], null, null],
    [
      "weights count with or without data: 3 / (1 + 2 + 3)",
      [out("O1", 80), out("O2", null, { weight: 2 }), inc("C1", null, { weight: 3 })],
      0.5,
      1 / 3,
    ],
    ["outputs only", [out("O1", 80), out("O2", 40)], 0, 1],
    ["outcomes only", [inc("C1", 80)], 1, 1],
    ["archived KPIs count in neither", [out("O1", 80), inc("C1", 80, { archived: true })], 0, 1],
    [
      "coverage: fresh, stale (September), no data, fresh = 2 / 4",
      [
        out("O1", 80),
        k("O2", "output", 50, {}, "2026-09-01"),
        inc("C1", null),
        k("C2", "outcome", 50, {}, "2026-10-01"),
      ],
      0.5,
      0.5,
    ],
  ])("%s", (_name, kpis, focus, coverage) => {
    const r = scoreSet(kpis, AS_OF);
    close(r.outcomeFocus, focus);
    close(r.coverage, coverage);
  });

  test("KPI rows carry the figures behind the score, archived ones left out", () => {
    const kpis: KpiWithMeasurements[] = [
      {
        kpi: {
          id: "a",
          key: "A",
          name: "Leads",
          kind: "output",
          direction: "increase",
          baseline: null,
          target: 100,
          weight: 2,
          cadence: "month",
        },
        measurements: [
          { period: "2026-10-01", value: 70 },
          { period: "2026-08-01", value: 40 },
        ],
      },
      inc("ARCH", 10, { archived: true }),
      {
        kpi: {
          id: "b",
          key: "B",
          name: "Churn",
          kind: "outcome",
          direction: "decrease",
          baseline: 10,
          target: 5,
          weight: 1,
          cadence: "quarter",
        },
        measurements: [],
      },
    ];
    const r = scoreSet(kpis, AS_OF);
    expect(r.kpis).toHaveLength(2);
    expect(r.kpis[0]).toEqual({
      id: "a",
      key: "A",
      name: "Leads",
      kind: "output",
      direction: "increase",
      cadence: "month",
      value: 70,
      period: "2026-10-01",
      baseline: 40,
      baselineSource: "earliest_measurement",
      target: 100,
      weight: 2,
      attainment: 0.5,
      status: "at_risk",
      stale: false,
      expected: null, // no target date
      targetDate: null,
      planStart: null,
      validFrom: null, // given without versions
    });
    expect(r.kpis[1]).toEqual({
      id: "b",
      key: "B",
      name: "Churn",
      kind: "outcome",
      direction: "decrease",
      cadence: "quarter",
      value: null,
      period: null,
      baseline: 10,
      baselineSource: "kpi",
      target: 5,
      weight: 1,
      attainment: null,
      status: "no_data",
      stale: true,
      expected: null,
      targetDate: null,
      planStart: null,
      validFrom: null,
    });
  });
});

describe("explainScore", () => {
  test("creating_value: rows, sums and formulas", () => {
    const r = scoreSet([out("O1", 80), out("O2", 50, { weight: 2 }), inc("C1", 70), inc("C2", null)], AS_OF);
    const e = explainScore(r);
    expect(e.asOf).toBe(AS_OF);
    expect(e.output.formula).toBe("O = (1×0.80 + 2×0.50) / (1 + 2) = 0.60");
    expect(
      e.output.rows.map((row) => [
        row.key,
        row.value,
        row.baseline,
        row.target,
        row.weight,
        row.attainment,
        row.weighted,
      ]),
    ).toEqual([
      ["O1", 80, 0, 100, 1, 0.8, 0.8],
      ["O2", 50, 0, 100, 2, 0.5, 1],
    ]);
    expect(e.output.sumWeighted).toBeCloseTo(1.8, 12);
    expect(e.output.sumWeights).toBe(3);
    expect(e.output.rows[0]?.attainmentFormula).toBe("a = (80 − 0) / (100 − 0) = 0.80");
    expect(e.outcome.formula).toBe("C = (1×0.70) / (1) = 0.70");
    expect(e.outcome.withoutData).toEqual([{ id: "c2", key: "C2", name: "C2 name" }]);
    expect(e.value.formula).toBe("V = 0.7×C + 0.3×O = 0.7×0.70 + 0.3×0.60 = 0.67");
    expect(e.quadrant.reason).toBe("O = 0.60 ≥ 0.5 and C = 0.70 ≥ 0.5.");
    expect(e.quadrant.reading).toBe(QUADRANT_READINGS.creating_value);
    expect(e.outcomeFocus.formula).toBe("Outcome focus = Σ w of outcome KPIs / Σ w of all KPIs = 2 / 5 = 0.40");
    expect(e.coverage.formula).toBe("Coverage = 3 of 4 KPIs with fresh data = 0.75");
    expect(e.coverage.stale.map((s) => s.key)).toEqual(["C2"]);
  });

  test.each<[Quadrant, KpiWithMeasurements[], string, string]>([
    [
      "no_data",
      [out("O1", null)],
      "No KPI in this set has a measurement on or before 2026-11-25.",
      "V: no KPI has data",
    ],
    [
      "blind_spot",
      [out("O1", 80)],
      "No outcome KPI has data, so output (O = 0.80) cannot be judged as value.",
      "V = O = 0.80 (no outcome KPI has data)",
    ],
    [
      "output_trap",
      [out("O1", 80), inc("C1", 20)],
      "O = 0.80 ≥ 0.5 but C = 0.20 < 0.5.",
      "V = 0.7×C + 0.3×O = 0.7×0.20 + 0.3×0.80 = 0.38",
    ],
    [
      "outcome_at_risk",
      [out("O1", 20), inc("C1", 80)],
      "C = 0.80 ≥ 0.5 but O = 0.20 < 0.5.",
      "V = 0.7×C + 0.3×O = 0.7×0.80 + 0.3×0.20 = 0.62",
    ],
    [
      "outcome_at_risk",
      [inc("C1", 80)],
      "C = 0.80 ≥ 0.5 but no output KPI has data.",
      "V = C = 0.80 (no output KPI has data)",
    ],
    [
      "stalled",
      [out("O1", 20), inc("C1", 30)],
      "O = 0.20 < 0.5 and C = 0.30 < 0.5.",
      "V = 0.7×C + 0.3×O = 0.7×0.30 + 0.3×0.20 = 0.27",
    ],
    ["stalled", [inc("C1", 30)], "No output KPI has data and C = 0.30 < 0.5.", "V = C = 0.30 (no output KPI has data)"],
    // 0.496 would read "0.50 < 0.5" with two decimals
    [
      "output_trap",
      [out("O1", 80), inc("C1", 49.6)],
      "O = 0.80 ≥ 0.5 but C = 0.496 < 0.5.",
      "V = 0.7×C + 0.3×O = 0.7×0.50 + 0.3×0.80 = 0.59",
    ],
  ])("%s: %#", (quadrant, kpis, reason, valueFormula) => {
    const e = explainScore(scoreSet(kpis, AS_OF));
    expect(e.quadrant.quadrant).toBe(quadrant);
    expect(e.quadrant.reason).toBe(reason);
    expect(e.quadrant.reading).toBe(QUADRANT_READINGS[quadrant]);
    expect(e.value.formula).toBe(valueFormula);
  });

  test("every quadrant has its own reading", () => {
    expect(QUADRANT_READINGS.output_trap).toBe(
      "Outputs are on target but outcomes are not moving: check whether this work reaches customers.",
    );
    expect(new Set(Object.values(QUADRANT_READINGS)).size).toBe(6);
  });

  test("no data: formulas say so", () => {
    const e = explainScore(scoreSet([], AS_OF));
    expect(e.output.formula).toBe("O: no output KPI has data as of 2026-11-25");
    expect(e.outcome.formula).toBe("C: no outcome KPI has data as of 2026-11-25");
    expect(e.outcomeFocus.formula).toBe("Outcome focus: no KPIs");
    expect(e.coverage.formula).toBe("Coverage: no KPIs");
  });

  test("α from the settings appears in V's formula", () => {
    const e = explainScore(scoreSet([out("O1", 80), inc("C1", 20)], AS_OF, { outcomeWeight: 0.65 }));
    expect(e.value.outcomeWeight).toBe(0.65);
    expect(e.value.formula).toBe("V = 0.65×C + 0.35×O = 0.65×0.20 + 0.35×0.80 = 0.41");
  });

  test.each<[string, KpiWithMeasurements, string | null]>([
    ["clamped above", out("O1", 120), "a = (120 − 0) / (100 − 0) = 1.20 → clamped to 1"],
    ["clamped below", out("O1", -10), "a = (-10 − 0) / (100 − 0) = -0.10 → clamped to 0"],
    [
      "decrease",
      out("O1", 15, { direction: "decrease", baseline: 20, target: 10 }),
      "a = (15 − 20) / (10 − 20) = 0.50",
    ],
    ["t = b met", out("O1", 10, { baseline: 10, target: 10 }), "t = b: target met (10 ≥ 10), a = 1.00"],
    [
      "t = b not met (decrease)",
      out("O1", 11, { direction: "decrease", baseline: 10, target: 10 }),
      "t = b: target not met (11 > 10), a = 0.00",
    ],
    [
      "baseline past target",
      out("O1", 130, { baseline: 120, target: 100 }),
      "baseline 120 is already past target 100: target met (130 ≥ 100), a = 1.00",
    ],
    ["no data", out("O1", null), null],
  ])("explainAttainment: %s", (_name, kpi, expected) => {
    const row = scoreSet([kpi], AS_OF).kpis[0];
    expect(row).toBeDefined();
    expect(explainAttainment(row!)).toBe(expected);
  });
});

describe("trend", () => {
  test("dates: the last day of each of the 11 months before asOf's month, then asOf", () => {
    expect(trendDates("2026-11-25")).toEqual([
      "2025-12-31",
      "2026-01-31",
      "2026-02-28",
      "2026-03-31",
      "2026-04-30",
      "2026-05-31",
      "2026-06-30",
      "2026-07-31",
      "2026-08-31",
      "2026-09-30",
      "2026-10-31",
      "2026-11-25",
    ]);
  });

  test.each([
    ["2024-03-15", "2023-04-30", "2024-02-29"],
    ["2026-01-01", "2025-02-28", "2025-12-31"],
    ["2026-11-30", "2025-12-31", "2026-10-31"],
  ])("dates as of %s run from %s to %s, then asOf", (asOf, first, beforeLast) => {
    const dates = trendDates(asOf);
    expect(dates).toHaveLength(12);
    expect(dates[0]).toBe(first);
    expect(dates[10]).toBe(beforeLast);
    expect(dates[11]).toBe(asOf);
  });

  test("V at each date, oldest first", () => {
    const measurements: Measurement[] = [
      { period: "2026-06-01", value: 60 },
      { period: "2026-01-01", value: 10 },
      { period: "2026-11-01", value: 90 },
    ];
    const kpis: KpiWithMeasurements[] = [
      { kpi: inc("C1", null).kpi, measurements },
      out("O1", 100, {}),
      out("O2", null),
    ];
    // O1's only value is for November: it counts at the last point only.
    const points = trend(kpis, "2026-11-25");
    expect(points).toHaveLength(12);
    expect(points.map((p) => p.asOf)).toEqual(trendDates("2026-11-25"));
    const values = points.map((p) => (p.value === null ? null : Math.round(p.value * 1000) / 1000));
    expect(values).toEqual([null, 0.1, 0.1, 0.1, 0.1, 0.1, 0.6, 0.6, 0.6, 0.6, 0.6, 0.93]);
  });

  test("settings apply at every point", () => {
    const points = trend([out("O1", 100), inc("C1", 0)], "2026-11-25", { outcomeWeight: 0.5 });
    expect(points[11]?.value).toBeCloseTo(0.5, 12);
    expect(points[10]?.value).toBeNull();
  });
});
