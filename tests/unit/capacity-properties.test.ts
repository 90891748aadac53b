import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  assessChain,
  assessStream,
  extraNeeded,
  findCycle,
  mainResource,
  perMonth,
  shortfall,
  stageCapacity,
  utilisation,
  validateLink,
  type ChainStreamInput,
  type Period,
  type Resource,
  type Stage,
  type StreamAssessment,
  type StreamInput,
  type StreamLinkInput,
} from "../../lib/capacity";

const RELATIVE = 1e-9;
const atMost = (x: number, bound: number) => x <= bound + RELATIVE * Math.max(1, Math.abs(bound));
const near = (x: number, y: number) => Math.abs(x - y) <= RELATIVE * Math.max(1, Math.abs(x), Math.abs(y));

/**
 * The single-unit assessment as it was before stage units (commit 54735f9), changed only where DESIGN
 * changed: a demand of 0 gives pace 0. The oracle for "conversion 1 reproduces today's figures".
 */
function singleUnitAssessment(input: StreamInput) {
  const { demand } = input;
  const hasDemand = demand !== null && demand > 0;
  const stages = input.stages.map((stage) => {
    const capacity = stageCapacity(stage);
    const main = mainResource(stage);
    const gap = shortfall(demand, capacity);
    return {
      capacity,
      utilisation: utilisation(demand, capacity),
      shortfall: gap,
      extraNeeded: extraNeeded(gap, main),
      main,
    };
  });
  let bottleneck = -1;
  stages.forEach((s, i) => {
    const b = stages[bottleneck];
    if (b === undefined) bottleneck = i;
    else if (hasDemand ? (s.utilisation ?? 0) > (b.utilisation ?? 0) : s.capacity < b.capacity) bottleneck = i;
  });
  const minCap = stages.length > 0 ? Math.min(...stages.map((s) => s.capacity)) : null;
  const pace = minCap === null ? null : demand === null ? minCap : demand === 0 ? 0 : Math.min(demand, minCap);
  const wips = input.stages.filter((s) => s.wip != null).map((s) => s.wip!);
  const times = input.stages.filter((s) => s.processTime != null).map((s) => s.processTime!);
  const pcts = input.stages.filter((s) => s.pctCA != null).map((s) => s.pctCA!);
  const leadTime = wips.length > 0 && pace !== null && pace > 0 ? wips.reduce((a, b) => a + b, 0) / pace : null;
  const flowEfficiency =
    times.length > 0 && leadTime !== null && leadTime > 0 ? times.reduce((a, b) => a + b, 0) / leadTime : null;
  return {
    stages,
    bottleneck,
    pace,
    leadTime,
    leadTimePartial: leadTime !== null && wips.length < input.stages.length,
    flowEfficiency,
    rolledPctCA: pcts.length > 0 ? pcts.reduce((a, b) => a * b, 1) : null,
  };
}

// Figures as people enter them: magnitudes below 1e-6 become 0, since products of subnormal doubles
// underflow to 0 (5e-324 × 0.01 is 0) and no stage counts a millionth of a unit.
const entered = (a: fc.Arbitrary<number>) => a.map((x) => (Math.abs(x) < 1e-6 ? 0 : x));

const resource: fc.Arbitrary<Resource> = fc.record({
  kind: fc.constantFrom("people", "machine", "tool", "software", "ai", "material"),
  name: fc.constantFrom("a", "b", "c"),
  quantity: fc.oneof(fc.integer({ min: 0, max: 20 }), entered(fc.double({ min: 0, max: 50, noNaN: true }))),
  rate: fc.oneof(fc.integer({ min: 0, max: 500 }), entered(fc.double({ min: 0, max: 500, noNaN: true }))),
  availability: fc.oneof(fc.constantFrom(0, 0.5, 0.75, 0.8, 1), entered(fc.double({ min: 0, max: 1, noNaN: true }))),
});
const optional = (a: fc.Arbitrary<number>) => fc.option(a, { nil: null });

const stages = (extra: fc.Arbitrary<Partial<Stage>>): fc.Arbitrary<Stage[]> =>
  fc
    .array(
      fc.record({
        resources: fc.array(resource, { maxLength: 3 }),
        wip: optional(fc.integer({ min: 0, max: 200 })),
        processTime: optional(fc.double({ min: 0, max: 5, noNaN: true })),
        pctCA: optional(fc.double({ min: 0, max: 1, noNaN: true })),
        extra,
      }),
      { maxLength: 6 },
    )
    .map((list) => list.map(({ extra: more, ...s }, i) => ({ id: `s${i}`, name: `Stage ${i}`, ...s, ...more })));

const demand = fc.option(
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 }), entered(fc.double({ min: 0, max: 1000, noNaN: true }))),
  { nil: null },
);

function sameFigures(a: StreamAssessment, o: ReturnType<typeof singleUnitAssessment>) {
  expect(a.stages.length).toBe(o.stages.length);
  a.stages.forEach((s, i) => {
    const r = o.stages[i]!;
    expect(Object.is(s.capacity, r.capacity)).toBe(true);
    expect(Object.is(s.utilisation, r.utilisation)).toBe(true);
    expect(Object.is(s.shortfall, r.shortfall)).toBe(true);
    expect(s.extraNeeded).toBe(r.extraNeeded);
    expect(s.mainResource).toBe(r.main);
    expect(s.isBottleneck).toBe(i === o.bottleneck);
  });
  expect(Object.is(a.pace, o.pace)).toBe(true);
  expect(Object.is(a.leadTime, o.leadTime)).toBe(true);
  expect(a.leadTimePartial).toBe(o.leadTimePartial);
  expect(Object.is(a.flowEfficiency, o.flowEfficiency)).toBe(true);
  expect(Object.is(a.rolledPctCA, o.rolledPctCA)).toBe(true);
}

describe("stage units: properties", () => {
  test("conversion 1 everywhere (given or omitted) reproduces the single-unit figures exactly", () => {
    const one = fc.constantFrom<Partial<Stage>>({}, { conversion: 1 }, { conversion: null }, { unit: null });
    fc.assert(
      fc.property(demand, stages(one), (d, list) => {
        const input = { demand: d, stages: list };
        sameFigures(assessStream(input), singleUnitAssessment(input));
      }),
      { numRuns: 500 },
    );
  });

  test("scaling a stage's conversion and its rates together changes nothing in stream units", () => {
    // A stage that counts c times as many units per stream unit, handling c times as many per resource,
    // serves the same stream: same capacity in stream units, utilisation, pace and bottleneck.
    fc.assert(
      fc.property(
        demand,
        stages(fc.constant({})),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.nat(),
        (d, list, c, pick) => {
          fc.pre(list.length > 0);
          const at = pick % list.length;
          const scaled = list.map((s, i) =>
            i === at ? { ...s, conversion: c, resources: s.resources.map((r) => ({ ...r, rate: r.rate * c })) } : s,
          );
          const a = assessStream({ demand: d, stages: list });
          const b = assessStream({ demand: d, stages: scaled });
          a.stages.forEach((s, i) => {
            const t = b.stages[i]!;
            expect(near(s.capacityInStreamUnits, t.capacityInStreamUnits)).toBe(true);
            if (s.utilisation === null || !Number.isFinite(s.utilisation)) expect(t.utilisation).toBe(s.utilisation);
            else expect(near(s.utilisation, t.utilisation!)).toBe(true);
          });
          expect(near(a.pace ?? 0, b.pace ?? 0)).toBe(true);
          // Bottlenecks agree unless two stages tie within float noise.
          if (a.bottleneck && b.bottleneck && a.bottleneck.index !== b.bottleneck.index) {
            const other = a.stages[b.bottleneck.index]!;
            expect(near(other.capacityInStreamUnits, a.bottleneck.capacityInStreamUnits)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test("with demand, the bottleneck has the highest utilisation and pace never exceeds demand or any stage", () => {
    const conversion = fc.record({ conversion: fc.double({ min: 0.001, max: 1000, noNaN: true }) });
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), stages(conversion), (d, list) => {
        const a = assessStream({ demand: d, stages: list });
        if (list.length === 0) {
          expect(a.bottleneck).toBeNull();
          return;
        }
        for (const s of a.stages) {
          expect(atMost(s.utilisation!, a.bottleneck!.utilisation!) || s.utilisation === Infinity).toBe(true);
          expect(atMost(a.pace!, s.capacityInStreamUnits)).toBe(true);
        }
        expect(atMost(a.pace!, d)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const periods: Period[] = ["day", "week", "month", "quarter"];

/**
 * A random chain: streams with optional demand and stages (capacity), links only from a lower index to
 * a higher one (so acyclic), the streams handed over in a shuffled order.
 */
const chainCase = fc
  .integer({ min: 1, max: 7 })
  .chain((n) =>
    fc.record({
      streams: fc.array(
        fc.record({
          demand: optional(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true }))),
          capacity: optional(fc.double({ min: 0, max: 2000, noNaN: true })),
          period: fc.constantFrom(...periods),
        }),
        { minLength: n, maxLength: n },
      ),
      links: fc.uniqueArray(
        fc.record({
          from: fc.integer({ min: 0, max: n - 1 }),
          to: fc.integer({ min: 0, max: n - 1 }),
          conversion: fc.double({ min: 0.01, max: 100, noNaN: true }),
        }),
        { maxLength: 12, selector: (l) => `${Math.min(l.from, l.to)}-${Math.max(l.from, l.to)}` },
      ),
      order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    }),
  )
  .map(({ streams, links, order }) => ({
    streams: order.map((i): ChainStreamInput => {
      const s = streams[i]!;
      const pace = s.capacity === null ? null : s.demand === null ? s.capacity : Math.min(s.demand, s.capacity);
      return {
        id: `S${i}`,
        name: `Stream ${i}`,
        unit: "units",
        period: s.period,
        demand: s.demand,
        capacity: s.capacity,
        pace,
      };
    }),
    links: links
      .filter((l) => l.from !== l.to)
      .map((l): StreamLinkInput => ({
        from: `S${Math.min(l.from, l.to)}`,
        to: `S${Math.max(l.from, l.to)}`,
        conversion: l.conversion,
      })),
  }));

describe("value chain: properties", () => {
  test("a stream's chain pace never exceeds its own pace nor its suppliers' converted chain paces", () => {
    fc.assert(
      fc.property(chainCase, ({ streams, links }) => {
        const chain = assessChain(streams, links);
        const figures = new Map(chain.streams.map((s) => [s.id, s]));
        for (const s of chain.streams) {
          const input = streams.find((x) => x.id === s.id)!;
          const own = input.pace === null ? null : perMonth(input.pace, input.period);
          const incoming = links.filter((l) => l.to === s.id);
          const paces = incoming.map((l) => figures.get(l.from)!.chainPace);
          const supply =
            incoming.length === 0 || paces.includes(null)
              ? null
              : incoming.reduce((sum, l, i) => sum + l.conversion * paces[i]!, 0);
          if (own !== null) expect(atMost(s.chainPace!, own)).toBe(true);
          if (supply !== null) {
            expect(near(s.supply!, supply)).toBe(true);
            expect(atMost(s.chainPace!, supply)).toBe(true);
          }
          if (incoming.length === 0) expect(s.chainPace).toBe(own);
          if (s.chainPace !== null) expect(s.chainPace).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  test("required demand is linear in the final streams' demand", () => {
    fc.assert(
      fc.property(
        chainCase,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 7, maxLength: 7 }),
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 7, maxLength: 7 }),
        ({ streams, links }, lambda, d1, d2) => {
          // Every final stream gets a demand (per month, so the period drops out): d1, d2, d1 + d2, λ × d1.
          const withDemand = (pick: (i: number) => number) =>
            assessChain(
              streams.map((s, i) => ({ ...s, period: "month" as const, demand: pick(i) })),
              links,
            );
          const a = withDemand((i) => d1[i]!);
          const b = withDemand((i) => d2[i]!);
          const sum = withDemand((i) => d1[i]! + d2[i]!);
          const scaled = withDemand((i) => lambda * d1[i]!);
          a.streams.forEach((s, i) => {
            const tolerance = 1e-9 * Math.max(1, s.required! * Math.max(1, lambda), b.streams[i]!.required!);
            expect(Math.abs(sum.streams[i]!.required! - (s.required! + b.streams[i]!.required!))).toBeLessThanOrEqual(
              tolerance,
            );
            expect(Math.abs(scaled.streams[i]!.required! - lambda * s.required!)).toBeLessThanOrEqual(tolerance);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  test("the constraint has the highest chain utilisation among linked streams", () => {
    fc.assert(
      fc.property(chainCase, ({ streams, links }) => {
        const chain = assessChain(streams, links);
        const known = chain.streams.filter((s) => s.linked && s.utilisation !== null);
        if (known.length === 0) {
          expect(chain.constraint).toBeNull();
          return;
        }
        for (const s of known) expect(atMost(s.utilisation!, chain.constraint!.utilisation!)).toBe(true);
        expect(chain.order.indexOf(chain.constraint!.id)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  test("links that validateLink accepts never form a cycle, and the chain assesses them", () => {
    const ids = ["a", "b", "c", "d", "e"];
    const named = ids.map((id) => ({ id, name: id.toUpperCase() }));
    const anyLink = fc.record({
      from: fc.constantFrom(...ids),
      to: fc.constantFrom(...ids),
      conversion: fc.oneof(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.constantFrom(0, -1, Number.NaN, 2e9)),
    });
    fc.assert(
      fc.property(fc.array(anyLink, { maxLength: 15 }), (candidates) => {
        const accepted: StreamLinkInput[] = [];
        for (const c of candidates) if (validateLink(c, accepted, named).length === 0) accepted.push(c);
        expect(findCycle(accepted)).toBeNull();
        const chain = assessChain(
          ids.map((id) => ({ id, name: id, unit: null, period: "month", demand: 10, capacity: 20, pace: 10 })),
          accepted,
        );
        expect(chain.order.length + chain.unlinked.length).toBe(ids.length);
      }),
      { numRuns: 300 },
    );
  });
});
