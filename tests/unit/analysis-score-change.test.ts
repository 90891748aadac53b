import { describe, expect, test } from "vitest";
import { scoreChange, waterfall, type ScoredKpi, type ScoreSnapshot } from "../../lib/analysis";

const D1 = "2026-01-31";
const D2 = "2026-06-30";
const ALPHA = 0.7;

const out = (id: string, attainment: number | null, weight = 1): ScoredKpi => ({
  id,
  kind: "output",
  weight,
  attainment,
});
const inc = (id: string, attainment: number | null, weight = 1): ScoredKpi => ({
  id,
  kind: "outcome",
  weight,
  attainment,
});
const at = (asOf: string, kpis: ScoredKpi[]): ScoreSnapshot => ({ asOf, kpis });

interface Expected {
  valueFrom: number | null;
  valueTo: number | null;
  deltaValue: number | null;
  switch: number | null;
  /** kpiId → [change, output, outcome, value] */
  rows: Record<string, [string, number, number, number | null]>;
}

const close = (actual: number | null, expected: number | null) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 12);
};

describe("scoreChange: each KPI's exact contribution", () => {
  test.each<[string, ScoredKpi[], ScoredKpi[], Expected]>([
    [
      // D1: O = (1×0.5 + 2×0.8) / 3 = 0.7, C = 0.4, V = 0.7×0.4 + 0.3×0.7 = 0.49.
      // D2: O = (1×0.6 + 2×0.8 + 1×0.2) / 4 = 0.6, C = 0.7, V = 0.49 + 0.3×0.6 − … = 0.7×0.7 + 0.3×0.6 = 0.67.
      // O1: 1×(0.6 − 0.5)/4 + 1×0.5×(1/4 − 1/3) = 0.025 − 0.041667 = −0.016667; value ×0.3 = −0.005.
      // O2: 0 + 2×0.8×(1/4 − 1/3) = −0.133333; value −0.04.  O3 gained: 0.2/4 = 0.05; value 0.015.
      // C1: 0.3/1 = 0.3; value ×0.7 = 0.21.  Σ value = −0.005 − 0.04 + 0.015 + 0.21 = 0.18 = ΔV.
      "both scores on both dates; an output KPI gains data",
      [out("O1", 0.5), out("O2", 0.8, 2), out("O3", null), inc("C1", 0.4)],
      [out("O1", 0.6), out("O2", 0.8, 2), out("O3", 0.2), inc("C1", 0.7)],
      {
        valueFrom: 0.49,
        valueTo: 0.67,
        deltaValue: 0.18,
        switch: 0,
        rows: {
          O1: ["measured_on_both", -1 / 60, 0, -0.005],
          O2: ["measured_on_both", -2 / 15, 0, -0.04],
          O3: ["gained_data", 0.05, 0, 0.015],
          C1: ["measured_on_both", 0, 0.3, 0.21],
        },
      },
    ],
    [
      // Only outputs: V = O on both dates, value weight 1. D1 O = (0.6 + 0.2)/2 = 0.4; D2 O = 0.6 (O2 left).
      // O1: 0 + 0.6×(1/1 − 1/2) = 0.3; O2 left: −0.2/2 = −0.1; Σ = 0.2 = ΔV.
      "only outputs; one leaves the set",
      [out("O1", 0.6), out("O2", 0.2)],
      [out("O1", 0.6)],
      {
        valueFrom: 0.4,
        valueTo: 0.6,
        deltaValue: 0.2,
        switch: 0,
        rows: { O1: ["measured_on_both", 0.3, 0, 0.3], O2: ["lost_data", -0.1, 0, -0.1] },
      },
    ],
    [
      // C appears: V1 = O1 = 0.5; V2 = 0.7×0.9 + 0.3×0.6 = 0.81; ΔV = 0.31.
      // O1: 0.1, value 0.3×0.1 = 0.03; C1 gained 0.9 but C is not scored on both dates: value 0.
      // Switch = 0.31 − 0.03 = 0.28 = α(C₂ − O₁) = 0.7×(0.9 − 0.5).
      "the outcome score appears: a switch line",
      [out("O1", 0.5), inc("C1", null)],
      [out("O1", 0.6), inc("C1", 0.9)],
      {
        valueFrom: 0.5,
        valueTo: 0.81,
        deltaValue: 0.31,
        switch: 0.28,
        rows: { O1: ["measured_on_both", 0.1, 0, 0.03], C1: ["gained_data", 0, 0.9, 0] },
      },
    ],
    [
      // C disappears: V1 = 0.7×0.9 + 0.3×0.5 = 0.78; V2 = O = 0.5; ΔV = −0.28; O1 unchanged (value 0).
      // Switch = −0.28 = α(O₂ − C₁) = 0.7×(0.5 − 0.9).
      "the outcome score disappears",
      [out("O1", 0.5), inc("C1", 0.9)],
      [out("O1", 0.5)],
      {
        valueFrom: 0.78,
        valueTo: 0.5,
        deltaValue: -0.28,
        switch: -0.28,
        rows: { O1: ["measured_on_both", 0, 0, 0], C1: ["lost_data", 0, -0.9, 0] },
      },
    ],
    [
      // Only outcomes (V = C), weight 1: C1 0.2 → 0.5: contribution 0.3, value 0.3, no switch.
      "only outcomes: value weight 1",
      [inc("C1", 0.2), out("O1", null)],
      [inc("C1", 0.5), out("O1", null)],
      { valueFrom: 0.2, valueTo: 0.5, deltaValue: 0.3, switch: 0, rows: { C1: ["measured_on_both", 0, 0.3, 0.3] } },
    ],
    [
      // K changes kind output → outcome. D1: O = (0.5 + 1)/2 = 0.75, C = 0.2, V = 0.14 + 0.225 = 0.365.
      // D2: O = 1, C = (0.2 + 0.5)/2 = 0.35, V = 0.245 + 0.3 = 0.545; ΔV = 0.18.
      // K: output −0.5/2 = −0.25, outcome 0.5/2 = 0.25, value −0.075 + 0.175 = 0.1.
      // O2: 1/1 − 1/2 = 0.5, value 0.15.  C1: 0.2/2 − 0.2/1 = −0.1, value −0.07.  Σ = 0.18.
      "a KPI changes kind",
      [out("K", 0.5), out("O2", 1), inc("C1", 0.2)],
      [inc("K", 0.5), out("O2", 1), inc("C1", 0.2)],
      {
        valueFrom: 0.365,
        valueTo: 0.545,
        deltaValue: 0.18,
        switch: 0,
        rows: {
          K: ["changed_kind", -0.25, 0.25, 0.1],
          O2: ["measured_on_both", 0.5, 0, 0.15],
          C1: ["measured_on_both", 0, -0.1, -0.07],
        },
      },
    ],
    [
      // Weight 1 → 3: D1 O = (0.5 + 1)/2 = 0.75; D2 O = (3×0.5 + 1)/4 = 0.625 = V (no outcomes).
      // O1: 3×0.5/4 − 1×0.5/2 = 0.125; O2: 1/4 − 1/2 = −0.25; Σ = −0.125.
      "a weight changes",
      [out("O1", 0.5), out("O2", 1)],
      [out("O1", 0.5, 3), out("O2", 1)],
      {
        valueFrom: 0.75,
        valueTo: 0.625,
        deltaValue: -0.125,
        switch: 0,
        rows: { O1: ["measured_on_both", 0.125, 0, 0.125], O2: ["measured_on_both", -0.25, 0, -0.25] },
      },
    ],
    [
      // Nothing measured on D1: no ΔV to bridge; the kind contributions still show (a null O counts as 0).
      "no data on D1",
      [out("O1", null)],
      [out("O1", 0.5)],
      { valueFrom: null, valueTo: 0.5, deltaValue: null, switch: null, rows: { O1: ["gained_data", 0.5, 0, null] } },
    ],
  ])("%s", (_name, before, after, expected) => {
    const change = scoreChange(at(D1, before), at(D2, after), ALPHA);
    expect(change).toMatchObject({ from: D1, to: D2, outcomeWeight: ALPHA });
    close(change.valueFrom, expected.valueFrom);
    close(change.valueTo, expected.valueTo);
    close(change.deltaValue, expected.deltaValue);
    close(change.switch, expected.switch);
    expect(Object.keys(Object.fromEntries(change.contributions.map((c) => [c.kpiId, 1])))).toEqual(
      Object.keys(expected.rows),
    );
    for (const c of change.contributions) {
      const [kind, output, outcome, value] = expected.rows[c.kpiId]!;
      expect(c.change).toBe(kind);
      close(c.output, output);
      close(c.outcome, outcome);
      close(c.value, value);
    }
  });

  test("performance and mix split DESIGN's formula: w(a₂ − a₁)/W₂ and w·a₁(1/W₂ − 1/W₁), times the value weight", () => {
    const change = scoreChange(
      at(D1, [out("O1", 0.5), out("O2", 0.8, 2), out("O3", null), inc("C1", 0.4)]),
      at(D2, [out("O1", 0.6), out("O2", 0.8, 2), out("O3", 0.2), inc("C1", 0.7)]),
      ALPHA,
    );
    const row = (id: string) => change.contributions.find((c) => c.kpiId === id)!;
    // O1: performance 0.3 × 0.1/4 = 0.0075, mix 0.3 × (−0.041667) = −0.0125.
    close(row("O1").performance, 0.0075);
    close(row("O1").mix, -0.0125);
    // O3 gained data: all mix (0.015). C1: all performance (0.21).
    close(row("O3").performance, 0);
    close(row("O3").mix, 0.015);
    close(row("C1").performance, 0.21);
    // Σ mix = −0.0125 − 0.04 + 0.015 + 0 = −0.0375.
    close(change.mix, -0.0375);
  });

  test.each<[string, () => unknown]>([
    ["D2 before D1", () => scoreChange(at(D2, []), at(D1, []), ALPHA)],
    ["D2 = D1", () => scoreChange(at(D1, []), at(D1, []), ALPHA)],
    ["α above 1", () => scoreChange(at(D1, []), at(D2, []), 1.2)],
    ["a KPI twice", () => scoreChange(at(D1, [out("A", 1), out("A", 0)]), at(D2, []), ALPHA)],
    ["a zero weight", () => scoreChange(at(D1, [out("A", 1, 0)]), at(D2, []), ALPHA)],
    ["not a date", () => scoreChange(at("2026-02-30", []), at(D2, []), ALPHA)],
  ])("refuses %s", (_name, run) => {
    expect(run).toThrow(RangeError);
  });
});

describe("waterfall", () => {
  const change = scoreChange(
    at(D1, [out("O1", 0.5), out("O2", 0.8, 2), out("O3", null), inc("C1", 0.4)]),
    at(D2, [out("O1", 0.6), out("O2", 0.8, 2), out("O3", 0.2), inc("C1", 0.7)]),
    ALPHA,
  );
  const shape = (steps: ReturnType<typeof waterfall>) =>
    steps.map((s) => [s.step, s.kpiId, Math.round(s.value * 1e6) / 1e6, Math.round(s.to * 1e6) / 1e6]);

  test("from V(D1) by the largest contributions first to V(D2)", () => {
    // 0.49 → C1 +0.21 → 0.70 → O2 −0.04 → 0.66 → O3 +0.015 → 0.675 → O1 −0.005 → 0.67.
    expect(shape(waterfall(change))).toEqual([
      ["start", null, 0.49, 0.49],
      ["kpi", "C1", 0.21, 0.7],
      ["kpi", "O2", -0.04, 0.66],
      ["kpi", "O3", 0.015, 0.675],
      ["kpi", "O1", -0.005, 0.67],
      ["end", null, 0.67, 0.67],
    ]);
  });

  test("performance per KPI and one mix line", () => {
    // Performance: C1 0.21, O1 0.0075 (O2, O3: 0, left out); mix −0.0375: 0.49 → 0.70 → 0.7075 → 0.67.
    expect(shape(waterfall(change, { splitMix: true }))).toEqual([
      ["start", null, 0.49, 0.49],
      ["kpi", "C1", 0.21, 0.7],
      ["kpi", "O1", 0.0075, 0.7075],
      ["mix", null, -0.0375, 0.67],
      ["end", null, 0.67, 0.67],
    ]);
  });

  test("the smallest gathered into others", () => {
    // others = O3 + O1 = 0.015 − 0.005 = 0.01.
    const steps = waterfall(change, { maxKpis: 2 });
    expect(shape(steps).slice(1, 4)).toEqual([
      ["kpi", "C1", 0.21, 0.7],
      ["kpi", "O2", -0.04, 0.66],
      ["others", null, 0.01, 0.67],
    ]);
    expect(steps[3]?.count).toBe(2);
  });

  test("a switch step when V changes formula; nothing to draw without ΔV", () => {
    const switched = scoreChange(at(D1, [out("O1", 0.5)]), at(D2, [out("O1", 0.6), inc("C1", 0.9)]), ALPHA);
    expect(shape(waterfall(switched))).toEqual([
      ["start", null, 0.5, 0.5],
      ["kpi", "O1", 0.03, 0.53],
      ["switch", null, 0.28, 0.81],
      ["end", null, 0.81, 0.81],
    ]);
    expect(waterfall(scoreChange(at(D1, []), at(D2, [out("O1", 0.5)]), ALPHA))).toEqual([]);
  });
});
