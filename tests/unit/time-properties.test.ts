import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  addDays,
  definitionAsOf,
  expectedAttainment,
  leverage,
  paceStatus,
  periodStart,
  rebucket,
  scoreSet,
  seriesAsKnown,
  shiftPeriod,
  trend,
  type Cadence,
  type KpiDefinitionVersion,
  type KpiStatus,
  type KpiWithMeasurements,
  type Measurement,
  type MeasurementVersion,
  type ScoreResult,
} from "../../lib/scoring";
import { END_OF_TIME } from "../../lib/time";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const HOUR = 3_600_000;
// Recording instants on an hourly grid over two years: coarse enough that ties happen.
const instant = fc.integer({ min: 0, max: 2 * 365 * 24 }).map((h) => new Date(T0 + h * HOUR));
const day = fc.integer({ min: 0, max: 730 }).map((d) => addDays("2025-01-01", d));
const cadence = fc.constantFrom<Cadence>("week", "month", "quarter");

const definitionVersion: fc.Arbitrary<KpiDefinitionVersion> = fc.record({
  kind: fc.constantFrom("output" as const, "outcome" as const),
  direction: fc.constantFrom("increase" as const, "decrease" as const),
  baseline: fc.option(fc.integer({ min: -50, max: 150 }), { nil: null }),
  target: fc.integer({ min: -50, max: 150 }),
  weight: fc.integer({ min: 1, max: 5 }),
  archived: fc.integer({ min: 0, max: 5 }).map((n) => n === 0), // now and then, not half the time
  teamId: fc.constantFrom("t1", "t2", null),
  validFrom: day,
  recordedAt: instant,
});

const versions = fc.array(definitionVersion, { maxLength: 6 });

const kpiWithVersions = (id: string): fc.Arbitrary<KpiWithMeasurements> =>
  fc
    .record({
      cadence,
      versions,
      offsets: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }),
      values: fc.array(fc.integer({ min: -100, max: 200 }), { minLength: 12, maxLength: 12 }),
    })
    .map((r) => ({
      kpi: {
        id,
        key: id.toUpperCase(),
        name: id,
        cadence: r.cadence,
        kind: "output",
        direction: "increase",
        baseline: null,
        target: 100,
        weight: 1,
        versions: r.versions,
      },
      measurements: r.offsets.map((o, i) => ({
        period: shiftPeriod("2025-01-01", r.cadence, o),
        value: r.values[i] ?? 0,
      })),
    }));

const kpiSet = fc
  .integer({ min: 0, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => kpiWithVersions(`k${i}`))));

/** The latest-validFrom rule, written differently: sort (stably) by validFrom then recordedAt and take the last in force. */
function referenceAsOf(vs: readonly KpiDefinitionVersion[], asOf: string, knownAt: Date) {
  const known = vs.filter((v) => v.recordedAt.getTime() <= knownAt.getTime() && v.validFrom <= asOf);
  const sorted = [...known].sort((a, b) =>
    a.validFrom !== b.validFrom
      ? a.validFrom < b.validFrom
        ? -1
        : 1
      : a.recordedAt.getTime() - b.recordedAt.getTime(),
  );
  return sorted.at(-1) ?? null;
}

/** Every figure of a result, knownAt-sensitive or not (`settings` is the same object shape either way). */
const figures = (r: ScoreResult) => ({ ...r, settings: undefined });

describe("definition versions", () => {
  test("definitionAsOf with knownAt = +∞ is the latest-validFrom rule (ties: latest recorded, then the later given)", () => {
    fc.assert(
      fc.property(versions, day, (vs, asOf) => {
        expect(definitionAsOf(vs, asOf, END_OF_TIME)).toBe(referenceAsOf(vs, asOf, END_OF_TIME));
      }),
    );
  });

  test("as known at K equals the rule over the versions recorded by K", () => {
    fc.assert(
      fc.property(versions, day, instant, (vs, asOf, knownAt) => {
        const known = vs.filter((v) => v.recordedAt <= knownAt);
        expect(definitionAsOf(vs, asOf, knownAt)).toBe(definitionAsOf(known, asOf, END_OF_TIME));
        expect(definitionAsOf(vs, asOf, knownAt)).toBe(referenceAsOf(vs, asOf, knownAt));
      }),
    );
  });

  interface LaterVersion {
    version: KpiDefinitionVersion;
    afterHours: number;
    at: number;
  }
  const later: fc.Arbitrary<LaterVersion> = fc.record({
    version: definitionVersion,
    afterHours: fc.integer({ min: 1, max: 5000 }),
    at: fc.nat(),
  });

  /** The KPIs with `add` (recorded `afterHours` after K) inserted among the versions of the KPI `which` picks. */
  function withLaterVersion(kpis: KpiWithMeasurements[], which: number, knownAt: Date, add: LaterVersion) {
    const i = which % kpis.length;
    const version = { ...add.version, recordedAt: new Date(knownAt.getTime() + add.afterHours * HOUR) };
    const vs = [...(kpis[i]!.kpi.versions ?? [])];
    vs.splice(add.at % (vs.length + 1), 0, version);
    return kpis.map((k, j) => (j === i ? { ...k, kpi: { ...k.kpi, versions: vs } } : k));
  }

  test("adding a version recorded after K never changes scores or trends as known at K", () => {
    fc.assert(
      fc.property(kpiSet, day, instant, fc.nat(), later, (kpis, asOf, knownAt, which, add) => {
        fc.pre(kpis.length > 0);
        const changed = withLaterVersion(kpis, which, knownAt, add);
        const options = { knownAt };
        expect(figures(scoreSet(changed, asOf, {}, options))).toEqual(figures(scoreSet(kpis, asOf, {}, options)));
        expect(trend(changed, asOf, {}, options)).toEqual(trend(kpis, asOf, {}, options));
      }),
    );
  }, 30_000);

  test("adding a version recorded after K never changes leverage as known at K", () => {
    const pair = fc.tuple(kpiWithVersions("out"), kpiWithVersions("inc"));
    fc.assert(
      fc.property(pair, day, instant, fc.nat(), later, (kpis, asOf, knownAt, which, add) => {
        const changed = withLaterVersion(kpis, which, knownAt, add);
        const options = { knownAt };
        expect(leverage(changed[0]!, changed[1]!, asOf, options)).toEqual(leverage(kpis[0], kpis[1], asOf, options));
      }),
      { numRuns: 50 }, // 24 periods × 2 KPIs per run
    );
  }, 30_000);

  test("one version valid from the beginning scores exactly as the KPI without versions", () => {
    fc.assert(
      fc.property(kpiSet, day, (kpis, asOf) => {
        const plain = kpis.map((k) => {
          const first = k.kpi.versions?.[0];
          const { versions: _v, ...rest } = k.kpi;
          return { ...k, kpi: first ? { ...rest, ...first, teamId: first.teamId ?? null } : rest };
        });
        const single = plain.map((k) => {
          const {
            validFrom: _f,
            recordedAt: _r,
            ...definition
          } = k.kpi as typeof k.kpi & Partial<KpiDefinitionVersion>;
          const only: KpiDefinitionVersion = { ...definition, validFrom: "1900-01-01", recordedAt: new Date(T0) };
          return { ...k, kpi: { ...k.kpi, versions: [only] } };
        });
        const withoutValidFrom = (r: ScoreResult) => ({
          ...r,
          kpis: r.kpis.map((k) => ({ ...k, validFrom: null })),
        });
        expect(withoutValidFrom(scoreSet(single, asOf))).toEqual(scoreSet(plain, asOf));
        expect(trend(single, asOf)).toEqual(trend(plain, asOf));
      }),
    );
  }, 30_000);
});

// Measurement history: writes (a value or a tombstone) with the instant they were recorded.
const valueVersion = (c: Cadence): fc.Arbitrary<MeasurementVersion> =>
  fc.record({
    period: fc.integer({ min: 0, max: 30 }).map((o) => shiftPeriod("2025-01-01", c, o)),
    value: fc.option(fc.integer({ min: -100, max: 200 }), { nil: null, freq: 5 }),
    recordedAt: instant,
  });

/** Replays the writes in recording order into a map (a tombstone deletes): an event-sourced reading of seriesAsKnown. */
function replay(history: readonly MeasurementVersion[], knownAt: Date): Measurement[] {
  const ordered = history
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => v.recordedAt <= knownAt)
    .sort((a, b) => a.v.recordedAt.getTime() - b.v.recordedAt.getTime() || a.i - b.i);
  const state = new Map<string, number>();
  for (const { v } of ordered) {
    if (v.value === null) state.delete(v.period);
    else state.set(v.period, v.value);
  }
  return [...state].map(([period, value]) => ({ period, value })).sort((a, b) => (a.period < b.period ? -1 : 1));
}

describe("measurement knowledge", () => {
  test("seriesAsKnown equals replaying every write recorded by K in order", () => {
    fc.assert(
      fc.property(
        cadence.chain((c) => fc.array(valueVersion(c), { maxLength: 30 })),
        instant,
        (history, knownAt) => {
          expect(seriesAsKnown(history, knownAt)).toEqual(replay(history, knownAt));
        },
      ),
    );
  });

  test("the promise: scores on day D from what was known then equal scores redrawn later as known at D", () => {
    // Day D's dashboard sees only what was recorded by K = the end of D. Later, more definitions and
    // values (edits, backfills, deletes) are recorded; redrawn with knownAt = K, every figure is the same.
    const kpiHistory = (id: string) =>
      cadence
        .chain((c) =>
          fc.record({
            cadence: fc.constant(c),
            versions,
            values: fc.array(valueVersion(c), { maxLength: 20 }),
          }),
        )
        .map((h) => ({ id, ...h }));
    const histories = fc
      .integer({ min: 1, max: 4 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => kpiHistory(`k${i}`))));
    const build = (
      hs: { id: string; cadence: Cadence; versions: KpiDefinitionVersion[]; values: MeasurementVersion[] }[],
      knownAt: Date,
      loadEverything: boolean,
    ): KpiWithMeasurements[] =>
      hs.map((h) => ({
        kpi: {
          id: h.id,
          key: h.id.toUpperCase(),
          name: h.id,
          cadence: h.cadence,
          kind: "output",
          direction: "increase",
          baseline: null,
          target: 100,
          weight: 1,
          versions: loadEverything ? h.versions : h.versions.filter((v) => v.recordedAt <= knownAt),
        },
        // On day D the database held only the writes recorded by then, and read them as known now.
        measurements: loadEverything
          ? seriesAsKnown(h.values, knownAt)
          : seriesAsKnown(
              h.values.filter((v) => v.recordedAt <= knownAt),
              END_OF_TIME,
            ),
      }));
    fc.assert(
      fc.property(histories, day, instant, (hs, asOf, knownAt) => {
        const then = build(hs, knownAt, false); // what day D's data layer loaded
        const later = build(hs, knownAt, true); // everything recorded since, redrawn as known at K
        const options = { knownAt };
        expect(figures(scoreSet(later, asOf, {}, options))).toEqual(figures(scoreSet(then, asOf)));
        expect(trend(later, asOf, {}, options)).toEqual(trend(then, asOf));
      }),
    );
  }, 30_000);
});

describe("re-bucketing", () => {
  const series = (c: Cadence) =>
    fc
      .uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 25 })
      .chain((offsets) =>
        fc.tuple(
          fc.constant(offsets),
          fc.array(fc.integer({ min: -100, max: 200 }), { minLength: offsets.length, maxLength: offsets.length }),
        ),
      )
      .map(([offsets, values]) =>
        offsets.map((o, i) => ({ period: shiftPeriod("2025-01-01", c, o), value: values[i]! })),
      );
  const change = fc
    .tuple(cadence, cadence)
    .chain(([from, to]) => fc.tuple(fc.constant(from), fc.constant(to), series(from)));

  test("each new period holds the value of the latest old period whose start it holds; the preview adds up", () => {
    fc.assert(
      fc.property(change, ([from, to, values]) => {
        const { values: next, preview } = rebucket(values, from, to);
        const sorted = [...values].sort((a, b) => (a.period < b.period ? -1 : 1));
        const expected = new Map<string, number>();
        for (const v of sorted) expected.set(periodStart(v.period, to), v.value);
        expect(next).toEqual(
          [...expected].map(([period, value]) => ({ period, value })).sort((a, b) => (a.period < b.period ? -1 : 1)),
        );
        expect(preview.merged + preview.moved + preview.stayed).toBe(values.length);
        expect(preview.before - preview.after).toBe(preview.dropped);
        expect(preview.after).toBe(next.length);
        if (from === to) expect(preview.stayed).toBe(values.length);
      }),
    );
  });

  test("applying the writes to the old series gives the new one", () => {
    fc.assert(
      fc.property(change, ([from, to, values]) => {
        const { values: next, writes } = rebucket(values, from, to);
        const state = new Map(values.map((v) => [v.period, v.value]));
        for (const p of writes.remove) state.delete(p);
        for (const w of writes.record) state.set(w.period, w.value);
        expect(
          [...state].map(([period, value]) => ({ period, value })).sort((a, b) => (a.period < b.period ? -1 : 1)),
        ).toEqual(next);
        // No write is redundant: each recorded value changes its period, each tombstone removes an old period.
        const old = new Map(values.map((v) => [v.period, v.value]));
        for (const w of writes.record) expect(old.get(w.period)).not.toBe(w.value);
        for (const p of writes.remove) expect(old.has(p) && !next.some((n) => n.period === p)).toBe(true);
      }),
    );
  });

  test("quarter → month → quarter comes back unchanged (months nest in quarters; weeks do not)", () => {
    fc.assert(
      fc.property(series("quarter"), (values) => {
        const there = rebucket(values, "quarter", "month").values;
        expect(there).toHaveLength(values.length);
        const back = rebucket(there, "month", "quarter").values;
        expect(back).toEqual([...values].sort((a, b) => (a.period < b.period ? -1 : 1)));
      }),
    );
  });
});

describe("pace", () => {
  const plan = fc.tuple(day, fc.integer({ min: 0, max: 500 })).map(([s, span]) => [s, addDays(s, span)] as const);

  test("e(D) lies in [0, 1] and never decreases as D moves on", () => {
    fc.assert(
      fc.property(plan, day, fc.integer({ min: 0, max: 400 }), ([s, t], d, later) => {
        const e = expectedAttainment(d, s, t);
        expect(e).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(1);
        expect(expectedAttainment(addDays(d, later), s, t)).toBeGreaterThanOrEqual(e);
      }),
    );
  });

  test("a higher attainment never has a worse pace status", () => {
    const rank: Record<KpiStatus, number> = { no_data: -1, off_track: 0, at_risk: 1, on_track: 2 };
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, gain, e) => {
          expect(rank[paceStatus(Math.min(1, a + gain), e)]).toBeGreaterThanOrEqual(rank[paceStatus(a, e)]);
        },
      ),
    );
  });
});
