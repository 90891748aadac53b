import { describe, expect, test } from "vitest";
import {
  assessStream,
  ceilTolerant,
  explainBottleneck,
  extraNeeded,
  formatQuantity,
  mainResource,
  shortfall,
  stageCapacity,
  utilisation,
  type ExplainNames,
  type Resource,
  type ResourceKind,
  type Stage,
} from "../../lib/capacity";

const res = (
  name: string,
  quantity: number,
  rate: number,
  availability: number,
  kind: ResourceKind = "people",
): Resource => ({
  kind,
  name,
  quantity,
  rate,
  availability,
});

const stage = (id: string, resources: Resource[], extra: Partial<Stage> = {}): Stage => ({
  id,
  name: id,
  resources,
  ...extra,
});

/** Stage with a single "people" resource line of the given capacity (quantity × rate 1 × availability 1). */
const capStage = (id: string, cap: number, extra: Partial<Stage> = {}): Stage =>
  stage(id, [res("worker", cap, 1, 1)], extra);

// Production example used by several tests (demand 120 orders/week):
//   Machining: 3 machines × 50 × 0.8               = 120  → u 1
//   Assembly:  6 fitters × 15 × 1 + 1 press × 100 × 0 = 90 → u 4/3, short 30, +ceil(30/15) = 2 fitters
//   Quality:   2 inspectors × 100 × 0.75           = 150  → u 0.8
const production: Stage[] = [
  stage("Machining", [res("machine", 3, 50, 0.8, "machine")], { wip: 45, processTime: 0.02, pctCA: 0.9 }),
  stage("Assembly", [res("fitter", 6, 15, 1), res("press", 1, 100, 0, "tool")], {
    wip: 90,
    processTime: 0.05,
    pctCA: 0.8,
  }),
  stage("Quality", [res("inspector", 2, 100, 0.75)], { wip: null, processTime: 0.01 }),
];

describe("stageCapacity", () => {
  test.each<[string, Resource[], number]>([
    ["no resources", [], 0],
    ["one line", [res("a", 3, 10, 0.5)], 15],
    ["two lines add up", [res("a", 2, 10, 1), res("b", 1, 30, 0.5)], 35],
    ["zero rate contributes nothing", [res("a", 5, 0, 1), res("b", 2, 4, 1)], 8],
    ["zero availability contributes nothing", [res("a", 4, 10, 0)], 0],
    ["zero quantity contributes nothing", [res("a", 0, 10, 1), res("b", 1, 7, 1)], 7],
  ])("%s", (_name, resources, expected) => {
    expect(stageCapacity({ resources })).toBeCloseTo(expected, 12);
  });
});

describe("utilisation", () => {
  test.each<[string, number | null, number, number | null]>([
    ["overloaded", 120, 90, 4 / 3],
    ["under capacity", 90, 120, 0.75],
    ["exactly at capacity", 60, 60, 1],
    ["zero capacity with demand", 120, 0, Infinity],
    ["zero demand and zero capacity", 0, 0, 0],
    ["zero demand", 0, 50, 0],
    ["null demand", null, 50, null],
    ["null demand and zero capacity", null, 0, null],
  ])("%s: utilisation(%s, %s) = %s", (_name, demand, cap, expected) => {
    const u = utilisation(demand, cap);
    if (expected === null || expected === Infinity) expect(u).toBe(expected);
    else expect(u).toBeCloseTo(expected, 12);
  });
});

describe("shortfall and extraNeeded", () => {
  test.each<[string, number | null, number, number | null]>([
    ["short", 120, 90, 30],
    ["covered", 90, 120, 0],
    ["null demand", null, 90, null],
    ["float noise above capacity counts as none", 0.1 + 0.2, 0.3, 0],
  ])("shortfall %s", (_name, demand, cap, expected) => {
    expect(shortfall(demand, cap)).toBe(expected);
  });

  test.each<[string, number | null, Resource | null, number | null]>([
    ["(120 − 90) / 15 is exactly 2", 30, res("fitter", 6, 15, 1), 2],
    ["rounds up", 31, res("fitter", 6, 15, 1), 3],
    ["availability counts: 30 / (20 × 0.5)", 30, res("x", 1, 20, 0.5), 3],
    ["float noise: 1.1 / 0.1 is 11, not 12", 1.1, res("x", 0, 0.1, 1), 11],
    ["no gap", 0, res("x", 1, 10, 1), 0],
    ["no gap and no resource", 0, null, 0],
    ["unknown gap", null, res("x", 1, 10, 1), null],
    ["no resource", 30, null, null],
    ["zero rate", 30, res("x", 5, 0, 1), null],
    ["zero availability", 30, res("x", 5, 10, 0), null],
  ])("extraNeeded: %s", (_name, gap, resource, expected) => {
    expect(extraNeeded(gap, resource)).toBe(expected);
  });
});

describe("ceilTolerant", () => {
  test.each<[number, number]>([
    [2, 2],
    [(120 - 90) / 15, 2],
    [1.1 / 0.1, 11],
    [11.000000000000002, 11],
    [2.5, 3],
    [2.0001, 3],
    [0, 0],
    [-1e-17, 0],
  ])("ceilTolerant(%s) = %s", (x, expected) => {
    expect(Object.is(ceilTolerant(x), expected)).toBe(true);
  });
});

describe("mainResource", () => {
  const a = res("a", 2, 10, 1); // 20
  const b = res("b", 1, 30, 1); // 30
  const b2 = res("b2", 1, 30, 1); // 30, same unit as b
  const c = res("c", 3, 10, 1); // 30, smaller unit
  const zeroQty = res("zq", 0, 50, 1); // 0, unit 50
  const zeroRate = res("zr", 4, 0, 1); // 0, unit 0
  test.each<[string, Resource[], Resource | null]>([
    ["none", [], null],
    ["largest contribution", [a, b], b],
    ["full tie → earlier", [b, b2], b],
    ["full tie → earlier (reversed)", [b2, b], b2],
    ["tie on contribution → larger rate × availability", [c, b], b],
    ["tie at 0 → the one a unit of which adds capacity", [zeroRate, zeroQty], zeroQty],
    ["tie at 0 → the one a unit of which adds capacity (reversed)", [zeroQty, zeroRate], zeroQty],
  ])("%s", (_name, resources, expected) => {
    expect(mainResource({ resources })).toBe(expected);
  });
});

describe("assessStream: per stage figures", () => {
  type Row = {
    capacity: number;
    utilisation: number | null;
    shortfall: number | null;
    extraNeeded: number | null;
    isBottleneck: boolean;
  };
  test.each<[string, number | null, Stage[], Row[]]>([
    [
      "production stream, Assembly overloaded",
      120,
      production,
      [
        { capacity: 120, utilisation: 1, shortfall: 0, extraNeeded: 0, isBottleneck: false },
        { capacity: 90, utilisation: 4 / 3, shortfall: 30, extraNeeded: 2, isBottleneck: true },
        { capacity: 150, utilisation: 0.8, shortfall: 0, extraNeeded: 0, isBottleneck: false },
      ],
    ],
    [
      "two overloaded stages: the worse one is the bottleneck",
      100,
      [stage("S1", [res("x", 5, 10, 1)]), stage("S2", [res("y", 4, 20, 1)])],
      [
        { capacity: 50, utilisation: 2, shortfall: 50, extraNeeded: 5, isBottleneck: true },
        { capacity: 80, utilisation: 1.25, shortfall: 20, extraNeeded: 1, isBottleneck: false },
      ],
    ],
    [
      "tie on utilisation → earliest stage",
      100,
      [capStage("S1", 150), capStage("S2", 80), capStage("S3", 80)],
      [
        { capacity: 150, utilisation: 100 / 150, shortfall: 0, extraNeeded: 0, isBottleneck: false },
        { capacity: 80, utilisation: 1.25, shortfall: 20, extraNeeded: 20, isBottleneck: true },
        { capacity: 80, utilisation: 1.25, shortfall: 20, extraNeeded: 20, isBottleneck: false },
      ],
    ],
    [
      "tie at Infinity (two stages without resources) → earliest",
      10,
      [capStage("S1", 20), stage("S2", []), stage("S3", [])],
      [
        { capacity: 20, utilisation: 0.5, shortfall: 0, extraNeeded: 0, isBottleneck: false },
        { capacity: 0, utilisation: Infinity, shortfall: 10, extraNeeded: null, isBottleneck: true },
        { capacity: 0, utilisation: Infinity, shortfall: 10, extraNeeded: null, isBottleneck: false },
      ],
    ],
    [
      "no demand → lowest capacity, earliest on ties; figures unknown",
      null,
      [capStage("S1", 90), capStage("S2", 60), capStage("S3", 60)],
      [
        { capacity: 90, utilisation: null, shortfall: null, extraNeeded: null, isBottleneck: false },
        { capacity: 60, utilisation: null, shortfall: null, extraNeeded: null, isBottleneck: true },
        { capacity: 60, utilisation: null, shortfall: null, extraNeeded: null, isBottleneck: false },
      ],
    ],
    [
      "demand 0 → lowest capacity is the bottleneck; utilisation 0",
      0,
      [capStage("S1", 90), capStage("S2", 60)],
      [
        { capacity: 90, utilisation: 0, shortfall: 0, extraNeeded: 0, isBottleneck: false },
        { capacity: 60, utilisation: 0, shortfall: 0, extraNeeded: 0, isBottleneck: true },
      ],
    ],
    [
      "one stage",
      50,
      [stage("Only", [res("x", 4, 10, 1)])],
      [{ capacity: 40, utilisation: 1.25, shortfall: 10, extraNeeded: 1, isBottleneck: true }],
    ],
    [
      "zero rate and zero availability: capacity 0, extra cannot be computed",
      10,
      [stage("ZeroRate", [res("x", 5, 0, 1)]), stage("ZeroAvail", [res("y", 3, 10, 0)])],
      [
        { capacity: 0, utilisation: Infinity, shortfall: 10, extraNeeded: null, isBottleneck: true },
        { capacity: 0, utilisation: Infinity, shortfall: 10, extraNeeded: null, isBottleneck: false },
      ],
    ],
    [
      "main resource with quantity 0 but a usable rate",
      30,
      [stage("S", [res("broken", 4, 0, 1), res("spare", 0, 50, 1)])],
      [{ capacity: 0, utilisation: Infinity, shortfall: 30, extraNeeded: 1, isBottleneck: true }],
    ],
    [
      "extra is counted in the main resource (people 60 > robot 40), not the fastest: ceil(25 / 10) = 3",
      125,
      [stage("S", [res("people", 6, 10, 1), res("robot", 1, 40, 1)])],
      [{ capacity: 100, utilisation: 1.25, shortfall: 25, extraNeeded: 3, isBottleneck: true }],
    ],
  ])("%s", (_name, demand, stages, expected) => {
    const a = assessStream({ demand, stages });
    expect(a.stages).toHaveLength(expected.length);
    expected.forEach((row, i) => {
      const s = a.stages[i]!;
      expect(s.index).toBe(i);
      expect(s.id).toBe(stages[i]!.id);
      expect(s.capacity).toBeCloseTo(row.capacity, 12);
      if (row.utilisation === null || row.utilisation === Infinity) expect(s.utilisation).toBe(row.utilisation);
      else expect(s.utilisation).toBeCloseTo(row.utilisation, 12);
      expect(s.shortfall === null ? null : Number(s.shortfall.toFixed(9))).toBe(row.shortfall);
      expect(s.extraNeeded).toBe(row.extraNeeded);
      expect(s.isBottleneck).toBe(row.isBottleneck);
    });
    const bi = expected.findIndex((r) => r.isBottleneck);
    expect(a.bottleneck).toBe(bi === -1 ? null : a.stages[bi]);
  });

  test("zero stages: nothing to assess", () => {
    expect(assessStream({ demand: 120, stages: [] })).toEqual({
      demand: 120,
      stages: [],
      bottleneck: null,
      capacity: null,
      pace: null,
      leadTime: null,
      leadTimePartial: false,
      leadTimeIsEstimate: false,
      flowEfficiency: null,
      rolledPctCA: null,
      pctCAAssumed: [],
    });
  });

  test("the main resource is reported", () => {
    const a = assessStream({ demand: 120, stages: production });
    expect(a.stages.map((s) => s.mainResource?.name ?? null)).toEqual(["machine", "fitter", "inspector"]);
    expect(assessStream({ demand: 1, stages: [stage("E", [])] }).stages[0]!.mainResource).toBeNull();
  });
});

describe("assessStream: stream figures", () => {
  type Flow = {
    pace: number | null;
    leadTime: number | null;
    leadTimePartial: boolean;
    flowEfficiency: number | null;
    rolledPctCA: number | null;
  };
  test.each<[string, number | null, Stage[], Flow]>([
    [
      "production: pace 90, WIP of Quality missing, %C&A of Quality missing",
      120,
      production,
      // lead time (45 + 90) / 90 = 1.5; flow eff (0.02 + 0.05 + 0.01) / 1.5; %C&A 0.9 × 0.8
      { pace: 90, leadTime: 1.5, leadTimePartial: true, flowEfficiency: 0.08 / 1.5, rolledPctCA: 0.72 },
    ],
    [
      "demand below every capacity: pace = demand; all WIP given",
      40,
      [capStage("A", 50, { wip: 10, processTime: 0.1 }), capStage("B", 80, { wip: 30, processTime: 0.3 })],
      // lead time 40 / 40 = 1; flow eff 0.4 / 1
      { pace: 40, leadTime: 1, leadTimePartial: false, flowEfficiency: 0.4, rolledPctCA: null },
    ],
    [
      "no demand: pace = min capacity",
      null,
      [capStage("A", 50, { wip: 25 }), capStage("B", 80, { wip: 25 })],
      { pace: 50, leadTime: 1, leadTimePartial: false, flowEfficiency: null, rolledPctCA: null },
    ],
    [
      // DESIGN (issue 10 item 7): pace is 0 when demand is 0 (it used to be the min capacity, 50, and
      // the lead time 100 / 50 = 2); with pace 0 there is no lead time.
      "demand 0: pace 0, so no lead time",
      0,
      [capStage("A", 50, { wip: 100 }), capStage("B", 80)],
      { pace: 0, leadTime: null, leadTimePartial: false, flowEfficiency: null, rolledPctCA: null },
    ],
    [
      "no WIP at all: no lead time, no flow efficiency",
      100,
      [capStage("A", 50, { processTime: 0.2, pctCA: 0.5 }), capStage("B", 80, { wip: null, pctCA: 0.5 })],
      { pace: 50, leadTime: null, leadTimePartial: false, flowEfficiency: null, rolledPctCA: 0.25 },
    ],
    [
      "pace 0 (a stage without resources): no lead time",
      10,
      [capStage("A", 50, { wip: 5, processTime: 1 }), stage("B", [], { wip: 5 })],
      { pace: 0, leadTime: null, leadTimePartial: false, flowEfficiency: null, rolledPctCA: null },
    ],
    [
      "WIP all 0: lead time 0, flow efficiency not computable",
      10,
      [capStage("A", 50, { wip: 0, processTime: 0.1 })],
      { pace: 10, leadTime: 0, leadTimePartial: false, flowEfficiency: null, rolledPctCA: null },
    ],
    [
      "%C&A multiplies over three stages",
      10,
      [capStage("A", 50, { pctCA: 0.9 }), capStage("B", 50, { pctCA: 0.8 }), capStage("C", 50, { pctCA: 0.5 })],
      { pace: 10, leadTime: null, leadTimePartial: false, flowEfficiency: null, rolledPctCA: 0.36 },
    ],
    [
      "%C&A of one stage only",
      10,
      [capStage("A", 50), capStage("B", 50, { pctCA: 0.95 })],
      { pace: 10, leadTime: null, leadTimePartial: false, flowEfficiency: null, rolledPctCA: 0.95 },
    ],
    [
      "%C&A of 0 zeroes the product",
      10,
      [capStage("A", 50, { pctCA: 0.9 }), capStage("B", 50, { pctCA: 0 })],
      { pace: 10, leadTime: null, leadTimePartial: false, flowEfficiency: null, rolledPctCA: 0 },
    ],
  ])("%s", (_name, demand, stages, expected) => {
    const a = assessStream({ demand, stages });
    const close = (actual: number | null, want: number | null) => {
      if (want === null) expect(actual).toBeNull();
      else expect(actual).toBeCloseTo(want, 12);
    };
    close(a.pace, expected.pace);
    close(a.leadTime, expected.leadTime);
    expect(a.leadTimePartial).toBe(expected.leadTimePartial);
    close(a.flowEfficiency, expected.flowEfficiency);
    close(a.rolledPctCA, expected.rolledPctCA);
  });
});

describe("explainBottleneck", () => {
  const orders: ExplainNames = { unit: "orders", period: "week" };
  test.each<[string, number | null, Stage[], ExplainNames, string]>([
    [
      "short: resource word given",
      120,
      production,
      { ...orders, resource: "fitters" },
      "Assembly limits the stream to 90 orders/week; demand is 120; 2 more fitters would close the gap.",
    ],
    [
      "short: resource word defaults to the resource name",
      120,
      production,
      orders,
      "Assembly limits the stream to 90 orders/week; demand is 120; 2 more fitter would close the gap.",
    ],
    [
      "short by one: singular form",
      100,
      [stage("Assembly", [res("fitter", 6, 15, 1)])],
      { ...orders, resource: { one: "fitter", other: "fitters" } },
      "Assembly limits the stream to 90 orders/week; demand is 100; 1 more fitter would close the gap.",
    ],
    [
      "short by more than one: plural form",
      120,
      production,
      { ...orders, resource: { one: "fitter", other: "fitters" } },
      "Assembly limits the stream to 90 orders/week; demand is 120; 2 more fitters would close the gap.",
    ],
    [
      "other stages also short",
      100,
      [stage("S1", [res("x", 5, 10, 1)]), stage("S2", [res("y", 4, 20, 1)]), stage("S3", [res("z", 9, 10, 1)])],
      { ...orders, resource: "operators" },
      "S1 limits the stream to 50 orders/week; demand is 100; 5 more operators would close the gap. 2 other stages also fall short: S2, S3.",
    ],
    [
      "one other stage also short",
      100,
      [stage("S1", [res("x", 5, 10, 1)]), stage("S2", [res("y", 4, 20, 1)])],
      { ...orders, resource: "operators" },
      "S1 limits the stream to 50 orders/week; demand is 100; 5 more operators would close the gap. 1 other stage also falls short: S2.",
    ],
    [
      "covered: busiest stage and its utilisation",
      120,
      [stage("Machining", [res("m", 2, 100, 1)]), stage("Assembly", [res("fitter", 8, 20, 1)])],
      orders,
      "Assembly is the busiest stage at 75% of its capacity; the stream can meet demand of 120 orders/week.",
    ],
    [
      "exactly at capacity",
      90,
      [stage("Assembly", [res("fitter", 6, 15, 1)])],
      orders,
      "Assembly is the busiest stage at 100% of its capacity; the stream can meet demand of 90 orders/week.",
    ],
    [
      "no resources",
      10,
      [stage("Packing", [])],
      orders,
      "Packing limits the stream to 0 orders/week; demand is 10; it has no resources, so add some to close the gap.",
    ],
    [
      "zero rate",
      10,
      [stage("Packing", [res("packer", 2, 0, 1)])],
      { ...orders, resource: "packers" },
      "Packing limits the stream to 0 orders/week; demand is 10; adding packers cannot close the gap while their rate × availability is 0.",
    ],
    [
      "no demand",
      null,
      [capStage("Machining", 90), capStage("Assembly", 60)],
      orders,
      "Assembly has the lowest capacity, 60 orders/week, the most the stream can deliver; no demand is set.",
    ],
    [
      "demand 0",
      0,
      [capStage("Machining", 90), capStage("Assembly", 60)],
      orders,
      "Assembly has the lowest capacity, 60 orders/week, the most the stream can deliver; demand is 0.",
    ],
    ["no stages", 120, [], orders, "The stream has no stages to assess."],
    [
      "decimals are rounded to 2 places, float noise hidden",
      2.5,
      [stage("Review", [res("reviewer", 3, 0.1, 1)])],
      { unit: "leads", period: "day", resource: "reviewers" },
      "Review limits the stream to 0.3 leads/day; demand is 2.5; 22 more reviewers would close the gap.",
    ],
  ])("%s", (_name, demand, stages, names, expected) => {
    expect(explainBottleneck(assessStream({ demand, stages }), names)).toBe(expected);
  });

  test.each<[number, string]>([
    [90, "90"],
    [37.5, "37.5"],
    [0.1 + 0.2, "0.3"],
    [2 / 3, "0.67"],
    [-0.001, "0"],
  ])("formatQuantity(%s) = %s", (x, expected) => {
    expect(formatQuantity(x)).toBe(expected);
  });
});
