import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  evaluateControlRule,
  forecast,
  processBehaviour,
  scoreChange,
  waterfall,
  type ControlRule,
  type ForecastInput,
  type Signal,
} from "../../lib/analysis";
import {
  addDays,
  scoreSet,
  shiftPeriod,
  valueScore,
  type Direction,
  type KpiInput,
  type KpiWithMeasurements,
} from "../../lib/scoring";

const EPS = 1e-9;
const D1 = "2026-01-31";
const D2 = "2026-06-30";
const direction = fc.constantFrom<Direction>("increase", "decrease");
const kind = fc.constantFrom<KpiInput["kind"]>("output", "outcome");

/** One KPI of a random scope on both dates: membership, kind, weight and value may all differ. */
const scopeKpi = fc.record({
  inFirst: fc.boolean(),
  inSecond: fc.constantFrom<"yes" | "no" | "archived">("yes", "no", "archived"),
  kind1: kind,
  kind2: kind,
  weight1: fc.double({ min: 0.1, max: 10, noNaN: true }),
  weight2: fc.double({ min: 0.1, max: 10, noNaN: true }),
  // Baseline 0, target 100: attainment = value / 100. null = no value for that date.
  value1: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  value2: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
});

type ScopeKpi = typeof scopeKpi extends fc.Arbitrary<infer T> ? T : never;

function definition(id: string, k: ScopeKpi, second: boolean): KpiInput {
  return {
    id,
    key: id.toUpperCase(),
    name: id,
    kind: second ? k.kind2 : k.kind1,
    direction: "increase",
    baseline: 0,
    target: 100,
    weight: second ? k.weight2 : k.weight1,
    cadence: "month",
    archived: second && k.inSecond === "archived",
  };
}

/** The scope as scored by lib/scoring on D1 (January's values) and D2 (June's, or January's when none). */
function scope(kpis: ScopeKpi[]): { first: KpiWithMeasurements[]; second: KpiWithMeasurements[] } {
  const first: KpiWithMeasurements[] = [];
  const second: KpiWithMeasurements[] = [];
  kpis.forEach((k, i) => {
    const id = `k${i}`;
    const january = k.value1 === null ? [] : [{ period: "2026-01-01", value: k.value1 }];
    const june = k.value2 === null ? [] : [{ period: "2026-06-01", value: k.value2 }];
    if (k.inFirst) first.push({ kpi: definition(id, k, false), measurements: january });
    if (k.inSecond !== "no") second.push({ kpi: definition(id, k, true), measurements: [...january, ...june] });
  });
  return { first, second };
}

describe("why did the score move: the waterfall adds up", () => {
  test("value contributions + switch = ΔV, and per kind the contributions = ΔO, ΔC, within 1e-9", () => {
    fc.assert(
      fc.property(
        fc.array(scopeKpi, { maxLength: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        (kpis, alpha, splitMix, maxKpis) => {
          const { first, second } = scope(kpis);
          const s1 = scoreSet(first, D1, { outcomeWeight: alpha });
          const s2 = scoreSet(second, D2, { outcomeWeight: alpha });
          const change = scoreChange(s1, s2, alpha);

          const sum = (pick: (c: (typeof change.contributions)[number]) => number) =>
            change.contributions.reduce((total, c) => total + pick(c), 0);
          expect(Math.abs(sum((c) => c.output) - ((s2.output ?? 0) - (s1.output ?? 0)))).toBeLessThan(EPS);
          expect(Math.abs(sum((c) => c.outcome) - ((s2.outcome ?? 0) - (s1.outcome ?? 0)))).toBeLessThan(EPS);

          const v1 = valueScore(s1.output, s1.outcome, alpha);
          const v2 = valueScore(s2.output, s2.outcome, alpha);
          if (v1 === null || v2 === null) {
            expect(change.deltaValue).toBeNull();
            expect(change.switch).toBeNull();
            expect(waterfall(change)).toEqual([]);
            return;
          }
          const delta = v2 - v1;
          expect(Math.abs((change.deltaValue as number) - delta)).toBeLessThan(EPS);
          expect(Math.abs(sum((c) => c.value as number) + (change.switch as number) - delta)).toBeLessThan(EPS);
          expect(
            Math.abs(sum((c) => (c.performance as number) + (c.mix as number)) - sum((c) => c.value as number)),
          ).toBeLessThan(EPS);
          const samePattern =
            (s1.output === null) === (s2.output === null) && (s1.outcome === null) === (s2.outcome === null);
          if (samePattern) expect(change.switch).toBe(0);

          const steps = waterfall(change, { splitMix, maxKpis });
          const last = steps[steps.length - 2] as (typeof steps)[number];
          expect(Math.abs(last.to - v2)).toBeLessThan(EPS);
          expect(steps.filter((s) => s.step === "kpi").length).toBeLessThanOrEqual(maxKpis);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("forecast", () => {
  const series = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 6, maxLength: 27 });
  const forecastInput = fc
    .record({
      kpiId: fc.string({ minLength: 1, maxLength: 12 }),
      direction,
      steps: series,
      gap: fc.integer({ min: -40, max: 60 }),
      targetMonths: fc.option(fc.integer({ min: 0, max: 24 }), { nil: null }),
      knownAtDays: fc.integer({ min: 0, max: 400 }),
    })
    .map(({ kpiId, direction: d, steps, gap, targetMonths, knownAtDays }): ForecastInput => {
      let value = 100;
      const measurements = steps.map((step, i) => {
        value += step;
        return { period: shiftPeriod("2024-01-01", "month", i), value };
      });
      const asOf = addDays(shiftPeriod("2024-01-01", "month", steps.length - 1), 20);
      return {
        kpiId,
        direction: d,
        cadence: "month",
        target: value + (d === "increase" ? gap : -gap),
        targetDate: targetMonths === null ? null : addDays(shiftPeriod(asOf, "month", targetMonths), 27),
        measurements,
        asOf,
        knownAt: new Date(Date.UTC(2024, 0, 1) + knownAtDays * 86_400_000).toISOString(),
      };
    });

  test("is identical when recomputed, also from the measurements in another order", () => {
    fc.assert(
      fc.property(forecastInput, (input) => {
        const once = forecast(input);
        expect(forecast(input)).toEqual(once);
        const reversed = [...(input.measurements as readonly { period: string; value: number }[])].reverse();
        expect(forecast({ ...input, measurements: reversed })).toEqual(once);
        if (once.forecast !== null) {
          const { cumulative, eta } = once.forecast;
          for (let k = 1; k < cumulative.length; k++)
            expect(cumulative[k]).toBeGreaterThanOrEqual(cumulative[k - 1] as number);
          if (eta.p50 !== null && eta.p85 !== null) expect(eta.p85).toBeGreaterThanOrEqual(eta.p50);
        }
      }),
      { numRuns: 40 },
    );
  });

  // DESIGN's ±0.015 is 3 standard errors at P ≈ 0.5 (√(0.25 / 10,000) = 0.005): about 1 seed in 40 misses
  // it at one of the 9 k, so for any seed the bound is 5 standard errors. p95 is 8 or 9: P(8) = 0.948 lies
  // 0.0018 below 0.95, under one standard error (0.0022).
  test("DESIGN's check for any seed: within 5 standard errors, 50 % in 5, 85 % in 7, 95 % in 8 or 9", () => {
    const exact = [0, 0, 0, 0.16, 0.4336, 0.66336, 0.812416, 0.8998144, 0.94817536];
    const measurements = [100, 104, 103, 108, 110, 113].map((value, i) => ({
      period: shiftPeriod("2026-01-01", "month", i),
      value,
    }));
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 24 }), (kpiId, knownAt) => {
        const f = forecast({
          kpiId,
          direction: "increase",
          cadence: "month",
          target: 125,
          targetDate: null,
          measurements,
          asOf: "2026-06-30",
          knownAt,
        }).forecast!;
        exact.forEach((p, k) =>
          expect(Math.abs((f.cumulative[k] as number) - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / 10_000)),
        );
        expect(f.eta.p50).toBe(5);
        expect(f.eta.p85).toBe(7);
        expect([8, 9]).toContain(f.eta.p95);
      }),
      { numRuns: 30, seed: 14 }, // fixed: a statistical bound must not make the suite flaky
    );
  });
});

describe("signal or noise", () => {
  test("constant data never raises a signal, whatever the value, length, direction or fixed range", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 9, max: 40 }),
        direction,
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
        (value, length, d, rangeStart) => {
          const measurements = Array.from({ length }, (_, i) => ({
            period: shiftPeriod("2024-01-01", "month", i),
            value,
          }));
          const range =
            rangeStart === null || rangeStart + 8 > length
              ? null
              : {
                  from: shiftPeriod("2024-01-01", "month", rangeStart),
                  to: shiftPeriod("2024-01-01", "month", rangeStart + 7),
                };
          const r = processBehaviour(measurements, { asOf: "2030-01-01", direction: d, range });
          expect(r.limits).not.toBeNull();
          expect(r.signals).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  const integerSeries = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 9, maxLength: 30 });
  const periodsOf = (signals: Signal[]) => signals.map((s) => [s.rule, s.side, s.direction, s.periods]);
  const behaviour = (values: number[], d: Direction) =>
    processBehaviour(
      values.map((value, i) => ({ period: shiftPeriod("2024-01-01", "month", i), value })),
      { asOf: "2030-01-01", direction: d },
    ).signals;

  test("signals do not depend on the unit: scaling by a > 0 and shifting keeps them", () => {
    fc.assert(
      fc.property(
        integerSeries,
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: -500, max: 500 }),
        direction,
        (values, a, b, d) => {
          expect(
            periodsOf(
              behaviour(
                values.map((x) => a * x + b),
                d,
              ),
            ),
          ).toEqual(periodsOf(behaviour(values, d)));
        },
      ),
      { numRuns: 200 },
    );
  });

  test("mirroring the values and the direction mirrors the sides and keeps the directions", () => {
    fc.assert(
      fc.property(integerSeries, direction, (values, d) => {
        const flipped = behaviour(
          values.map((x) => -x),
          d === "increase" ? "decrease" : "increase",
        );
        const mirrored = behaviour(values, d).map((s) => [
          s.rule,
          s.side === "above" ? "below" : "above",
          s.direction,
          s.periods,
        ]);
        expect(periodsOf(flipped)).toEqual(mirrored);
      }),
      { numRuns: 200 },
    );
  });
});

describe("evidence-based controls", () => {
  test("met rests on n satisfying values; breached on a failing one; the evidence is the last ≤ n values", () => {
    const rule = fc.record({
      comparator: fc.constantFrom<ControlRule["comparator"]>("lt", "lte", "gt", "gte", "eq"),
      threshold: fc.integer({ min: 0, max: 5 }),
      periods: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(
      fc.property(
        rule,
        fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), { maxLength: 12 }),
        (r, slots) => {
          const measurements = slots.flatMap((value, i) =>
            value === null ? [] : [{ period: shiftPeriod("2026-01-01", "month", i), value }],
          );
          const result = evaluateControlRule(r, { cadence: "month", measurements }, "2026-12-15");
          expect(result.periods.length).toBe(Math.min(r.periods, measurements.length));
          if (result.status === "met") {
            expect(result.periods).toHaveLength(r.periods);
            expect(result.periods.every((p) => p.satisfies)).toBe(true);
          }
          if (result.status === "breached") expect(result.periods.some((p) => !p.satisfies)).toBe(true);
          if (result.reason === "latest_fails") expect(result.periods.at(-1)?.satisfies).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
