import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  addDays,
  attainment,
  attainmentFromValues,
  currentValue,
  effectiveBaseline,
  prepareKpis,
  scoreSet,
  shiftPeriod,
  stale,
  trend,
  type Cadence,
  type Direction,
  type KpiInput,
  type KpiWithMeasurements,
  type ScoreResult,
} from "../../lib/scoring";

const EPS = 1e-9;
const direction = fc.constantFrom<Direction>("increase", "decrease");
const cadence = fc.constantFrom<Cadence>("week", "month", "quarter");
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
// KPI values as people record them: magnitudes below 1e-9 become 0, since subnormal doubles
// (around 1e-308) lose so much precision that v + 1·(t − v) no longer lands on t.
const moderate = fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map((x) => (Math.abs(x) < 1e-9 ? 0 : x));
const asOf = fc.integer({ min: 0, max: 1500 }).map((d) => addDays("2024-01-01", d));

/** A KPI of any kind, direction and cadence (baseline and target may contradict) with unique periods in random order. */
const kpiWithMeasurements = (id: string): fc.Arbitrary<KpiWithMeasurements> =>
  fc
    .record({
      kind: fc.constantFrom<KpiInput["kind"]>("output", "outcome"),
      direction,
      cadence,
      baseline: fc.option(fc.integer({ min: -50, max: 150 }), { nil: null }),
      target: fc.integer({ min: -50, max: 150 }),
      weight: fc.double({ min: 0.1, max: 10, noNaN: true }),
      archived: fc.boolean(),
      offsets: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 12 }),
      values: fc.array(fc.double({ min: -100, max: 200, noNaN: true }), { minLength: 12, maxLength: 12 }),
    })
    .map((r) => ({
      kpi: {
        id,
        key: id.toUpperCase(),
        name: id,
        kind: r.kind,
        direction: r.direction,
        cadence: r.cadence,
        baseline: r.baseline,
        target: r.target,
        weight: r.weight,
        archived: r.archived,
      },
      measurements: r.offsets.map((o, i) => ({
        period: shiftPeriod("2023-06-01", r.cadence, o),
        value: r.values[i] ?? 0,
      })),
    }));

const kpiSet = fc
  .integer({ min: 0, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => kpiWithMeasurements(`k${i}`))));

const scores = (r: ScoreResult) => ({ output: r.output, outcome: r.outcome, value: r.value, quadrant: r.quadrant });

describe("attainment properties", () => {
  test("always in [0, 1], for any finite v, b, t", () => {
    fc.assert(
      fc.property(direction, finite, finite, finite, (d, v, b, t) => {
        const a = attainmentFromValues(d, v, b, t);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
      }),
    );
  });

  /** attainment(d, moved, b, t) ≥ attainment(d, v, b, t) for any d, v, b, t and any `amount` drawn. */
  const neverDecreasesWhenMoved = (
    amount: fc.Arbitrary<number>,
    move: (d: Direction, v: number, t: number, amount: number) => number,
  ) =>
    fc.assert(
      fc.property(direction, moderate, moderate, moderate, amount, (d, v, b, t, x) => {
        expect(attainmentFromValues(d, move(d, v, t, x), b, t)).toBeGreaterThanOrEqual(
          attainmentFromValues(d, v, b, t),
        );
      }),
    );

  test("never decreases as the value moves toward the target", () => {
    neverDecreasesWhenMoved(fc.double({ min: 0, max: 1, noNaN: true }), (_d, v, t, step) => v + step * (t - v));
  });

  test("never decreases as the value gets better (higher for increase, lower for decrease)", () => {
    neverDecreasesWhenMoved(fc.double({ min: 0, max: 1e6, noNaN: true }), (d, v, _t, gain) =>
      d === "increase" ? v + gain : v - gain,
    );
  });

  test("is 1 exactly when the target is met (t ≠ b, consistent direction)", () => {
    fc.assert(
      fc.property(direction, moderate, moderate, moderate, (d, v, b, t) => {
        fc.pre(d === "increase" ? t > b : t < b);
        const met = d === "increase" ? v >= t : v <= t;
        if (met) expect(attainmentFromValues(d, v, b, t)).toBe(1);
      }),
    );
  });
});

describe("score properties", () => {
  test("V lies between O and C for any α in [0, 1]", () => {
    fc.assert(
      fc.property(kpiSet, asOf, fc.double({ min: 0, max: 1, noNaN: true }), (kpis, date, alpha) => {
        const r = scoreSet(kpis, date, { outcomeWeight: alpha });
        if (r.output !== null && r.outcome !== null && r.value !== null) {
          expect(r.value).toBeGreaterThanOrEqual(Math.min(r.output, r.outcome) - EPS);
          expect(r.value).toBeLessThanOrEqual(Math.max(r.output, r.outcome) + EPS);
        } else {
          expect(r.value).toBe(r.output ?? r.outcome);
        }
        for (const s of [r.output, r.outcome, r.value, r.outcomeFocus, r.coverage]) {
          if (s !== null) {
            expect(s).toBeGreaterThanOrEqual(-EPS);
            expect(s).toBeLessThanOrEqual(1 + EPS);
          }
        }
      }),
    );
  });

  test("adding a KPI with no data as of asOf changes neither O, C, V nor the quadrant", () => {
    // Coverage and outcome focus do change: the new KPI counts in both.
    fc.assert(
      fc.property(kpiSet, kpiWithMeasurements("extra"), asOf, fc.nat(), (kpis, extra, date, at) => {
        const noData: KpiWithMeasurements = {
          kpi: extra.kpi,
          measurements: extra.measurements.filter((m) => m.period > date), // data after asOf only, or none
        };
        const withExtra = [...kpis];
        withExtra.splice(at % (kpis.length + 1), 0, noData);
        expect(scores(scoreSet(withExtra, date))).toEqual(scores(scoreSet(kpis, date)));
      }),
    );
  });

  test("scores do not depend on the order of measurements", () => {
    const shuffled = kpiWithMeasurements("k").chain((k) =>
      fc
        .shuffledSubarray([...k.measurements], { minLength: k.measurements.length, maxLength: k.measurements.length })
        .map((measurements) => [k, { kpi: k.kpi, measurements }] as const),
    );
    fc.assert(
      fc.property(fc.array(shuffled, { maxLength: 6 }), asOf, (pairs, date) => {
        const original = pairs.map(([a]) => a);
        const reordered = pairs.map(([, b]) => b);
        expect(scoreSet(reordered, date)).toEqual(scoreSet(original, date));
        expect(trend(reordered, date)).toEqual(trend(original, date));
      }),
    );
  });

  test("each KPI row agrees with the single-KPI functions", () => {
    fc.assert(
      fc.property(kpiSet, asOf, (kpis, date) => {
        const rows = scoreSet(kpis, date).kpis;
        const live = kpis.filter((k) => !k.kpi.archived);
        expect(rows.map((r) => r.id)).toEqual(live.map((k) => k.kpi.id));
        live.forEach((k, i) => {
          const row = rows[i];
          expect(row?.value).toBe(currentValue(k.measurements, date));
          expect(row?.attainment).toBe(attainment(k.kpi, k.measurements, date));
          expect(row?.stale).toBe(stale(k.kpi, k.measurements, date));
          expect(row?.baseline).toBe(effectiveBaseline(k.kpi, k.measurements, date));
        });
      }),
    );
  });

  test("prepared and raw KPIs score the same", () => {
    fc.assert(
      fc.property(kpiSet, asOf, (kpis, date) => {
        expect(scoreSet(prepareKpis(kpis), date)).toEqual(scoreSet(kpis, date));
      }),
    );
  });
});

describe("performance", () => {
  test("1,000 KPIs × 150 measurements: prepare, score and a 12-point trend", () => {
    const cadences: Cadence[] = ["week", "month", "quarter"];
    const kpis: KpiWithMeasurements[] = Array.from({ length: 1000 }, (_, i) => {
      const c = cadences[i % 3] as Cadence;
      const measurements = Array.from({ length: 150 }, (_, j) => ({
        period: shiftPeriod("2026-11-01", c, -j),
        value: (i * 7 + j * 13) % 100,
      }));
      return {
        kpi: {
          id: `k${i}`,
          key: `K-${i}`,
          name: `KPI ${i}`,
          kind: i % 2 ? "output" : "outcome",
          direction: "increase",
          baseline: 0,
          target: 100,
          weight: 1,
          cadence: c,
        },
        measurements,
      };
    });
    const started = performance.now();
    const prepared = prepareKpis(kpis);
    const result = scoreSet(prepared, "2026-11-25");
    const points = trend(prepared, "2026-11-25");
    const elapsed = performance.now() - started;
    expect(result.kpis).toHaveLength(1000);
    expect(points).toHaveLength(12);
    expect(elapsed).toBeLessThan(1500); // typically well under 200 ms
  });
});
