import { describe, expect, test } from "vitest";
import {
  assessStream,
  conversionEntryProblem,
  conversionFromEntry,
  conversionProblem,
  conversionToEntry,
  describeConversion,
  describeLinkConversion,
  explainBottleneck,
  explainLeadTime,
  explainStage,
  formatAmount,
  formatRate,
  linkConversionFromEntry,
  linkConversionToEntry,
  perPeriod,
  sameUnit,
  unitForms,
  type ConversionEntry,
  type ExplainNames,
  type Resource,
  type Stage,
} from "../../lib/capacity";

const people = (name: string, quantity: number, rate: number, availability = 1): Resource => ({
  kind: "people",
  name,
  quantity,
  rate,
  availability,
});

const close = (actual: number | null | undefined, want: number | null) => {
  if (want === null || !Number.isFinite(want)) expect(actual).toBe(want);
  else expect(actual).toBeCloseTo(want, 9);
};

// DESIGN's marketing example, demand 400 leads a month:
//   Plan campaigns: 2 marketers × 4 briefs × 0.9 = 7.2 briefs; 1 brief brings 60 leads, f = 1/60
//     → serves 7.2 × 60 = 432 leads; needs 400 / 60 = 6.67 briefs; u = 6.67 / 7.2 = 400 / 432
//   Write content: 2 writers × 8 pieces = 16 pieces; 1 piece brings 20 leads, f = 1/20
//     → serves 16 × 20 = 320 leads; needs 400 / 20 = 20 pieces; u = 20 / 16 = 1.25;
//       falls behind by 20 − 16 = 4 pieces (4 × 20 = 80 leads); extra ceil(4 / 8) = 1 writer
//   Qualify leads: 3 SDRs × 250 calls × 0.8 = 600 calls; each lead needs 1.5 calls, f = 1.5
//     → serves 600 / 1.5 = 400 leads; needs 400 × 1.5 = 600 calls; u = 1
const marketing: Stage[] = [
  {
    id: "plan",
    name: "Plan campaigns",
    unit: "campaign briefs",
    conversion: 1 / 60,
    resources: [people("marketer", 2, 4, 0.9)],
    wip: 3,
    processTime: 0.1,
    pctCA: 0.9,
  },
  {
    id: "write",
    name: "Write content",
    unit: "content pieces",
    conversion: 1 / 20,
    resources: [people("content writer", 2, 8)],
    wip: 10,
    processTime: 0.2,
  },
  {
    id: "qualify",
    name: "Qualify leads",
    unit: "calls",
    conversion: 1.5,
    resources: [people("SDR", 3, 250, 0.8)],
    wip: 90,
    processTime: 0.05,
    pctCA: 0.8,
  },
];

// Production, demand 100 orders a week:
//   Machining: 2 machines × 200 parts × 0.75 = 300 parts; each order needs 3 parts, f = 3
//     → serves 300 / 3 = 100 orders; needs 100 × 3 = 300 parts; u = 1
//   Assembly (the stream's unit): 6 fitters × 15 = 90 orders; u = 100 / 90; short 10; ceil(10 / 15) = 1
//   Packing: 1 packer × 40 boxes = 40 boxes; a box holds 2 orders, f = 0.5
//     → serves 40 / 0.5 = 80 orders; needs 100 × 0.5 = 50 boxes; u = 50 / 40 = 1.25;
//       short 10 boxes (20 orders); ceil(10 / 40) = 1 packer
const production: Stage[] = [
  {
    id: "machining",
    name: "Machining",
    unit: "machined parts",
    conversion: 3,
    resources: [{ kind: "machine", name: "machine", quantity: 2, rate: 200, availability: 0.75 }],
  },
  { id: "assembly", name: "Assembly", resources: [people("fitter", 6, 15)] },
  { id: "packing", name: "Packing", unit: "boxes", conversion: 0.5, resources: [people("packer", 1, 40)] },
];

describe("DESIGN's worked example", () => {
  test("demand 400 leads a month, 1 brief brings 60 leads: f = 1/60, 6.7 briefs a month", () => {
    const f = conversionFromEntry({ mode: "brings", amount: 60 });
    expect(f).toBeCloseTo(1 / 60, 15);
    const stage: Stage = { id: "plan", name: "Plan campaigns", unit: "campaign briefs", conversion: f, resources: [] };
    // dᵢ = 400 × 1/60 = 6.666…, which DESIGN rounds to 6.7
    expect(assessStream({ demand: 400, stages: [stage] }).stages[0]!.demand).toBeCloseTo(6.7, 1);
    expect(assessStream({ demand: 400, stages: [stage] }).stages[0]!.demand).toBeCloseTo(400 / 60, 12);
  });
});

describe("assessStream with stage units", () => {
  type Row = {
    capacity: number;
    capacityInStreamUnits: number;
    demand: number | null;
    utilisation: number | null;
    shortfall: number | null;
    shortfallInStreamUnits: number | null;
    extraNeeded: number | null;
    isBottleneck: boolean;
  };
  test.each<[string, number | null, Stage[], Row[], { capacity: number | null; pace: number | null }]>([
    [
      "marketing: briefs, content pieces and calls against leads",
      400,
      marketing,
      [
        {
          capacity: 7.2,
          capacityInStreamUnits: 432,
          demand: 400 / 60,
          utilisation: 400 / 432,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: false,
        },
        {
          capacity: 16,
          capacityInStreamUnits: 320,
          demand: 20,
          utilisation: 1.25,
          shortfall: 4,
          shortfallInStreamUnits: 80,
          extraNeeded: 1,
          isBottleneck: true,
        },
        {
          capacity: 600,
          capacityInStreamUnits: 400,
          demand: 600,
          utilisation: 1,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: false,
        },
      ],
      // capacity min(432, 320, 400) = 320; pace min(400, 320) = 320
      { capacity: 320, pace: 320 },
    ],
    [
      "production: parts (f = 3), orders (f = 1) and boxes (f = 0.5)",
      100,
      production,
      [
        {
          capacity: 300,
          capacityInStreamUnits: 100,
          demand: 300,
          utilisation: 1,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: false,
        },
        {
          capacity: 90,
          capacityInStreamUnits: 90,
          demand: 100,
          utilisation: 100 / 90,
          shortfall: 10,
          shortfallInStreamUnits: 10,
          extraNeeded: 1,
          isBottleneck: false,
        },
        {
          capacity: 40,
          capacityInStreamUnits: 80,
          demand: 50,
          utilisation: 1.25,
          shortfall: 10,
          shortfallInStreamUnits: 20,
          extraNeeded: 1,
          isBottleneck: true,
        },
      ],
      // capacity min(100, 90, 80) = 80; pace min(100, 80) = 80
      { capacity: 80, pace: 80 },
    ],
    [
      // u(brief) = (400 / 60) / 10 = 0.6666666666666667 in floats, u(orders) = 400 / 600 = 0.6666666666666666:
      // the same 2/3, so the earlier stage stays the bottleneck.
      "a tie hidden by float noise goes to the earliest stage",
      400,
      [
        { id: "a", name: "A", resources: [people("p", 600, 1)] },
        { id: "b", name: "B", unit: "briefs", conversion: 1 / 60, resources: [people("m", 1, 10)] },
      ],
      [
        {
          capacity: 600,
          capacityInStreamUnits: 600,
          demand: 400,
          utilisation: 2 / 3,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: true,
        },
        {
          capacity: 10,
          capacityInStreamUnits: 600,
          demand: 400 / 60,
          utilisation: 2 / 3,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: false,
        },
      ],
      { capacity: 600, pace: 400 },
    ],
    [
      // No demand: no utilisation; the bottleneck is the lowest capacity in stream units (80 boxes' worth),
      // though Assembly's own figure (90) is larger than Packing's (40 boxes).
      "no demand: lowest capacity in stream units, pace = that capacity",
      null,
      production,
      [
        {
          capacity: 300,
          capacityInStreamUnits: 100,
          demand: null,
          utilisation: null,
          shortfall: null,
          shortfallInStreamUnits: null,
          extraNeeded: null,
          isBottleneck: false,
        },
        {
          capacity: 90,
          capacityInStreamUnits: 90,
          demand: null,
          utilisation: null,
          shortfall: null,
          shortfallInStreamUnits: null,
          extraNeeded: null,
          isBottleneck: false,
        },
        {
          capacity: 40,
          capacityInStreamUnits: 80,
          demand: null,
          utilisation: null,
          shortfall: null,
          shortfallInStreamUnits: null,
          extraNeeded: null,
          isBottleneck: true,
        },
      ],
      { capacity: 80, pace: 80 },
    ],
    [
      "demand 0: utilisation 0 everywhere, pace 0, bottleneck the lowest capacity in stream units",
      0,
      production,
      [
        {
          capacity: 300,
          capacityInStreamUnits: 100,
          demand: 0,
          utilisation: 0,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: false,
        },
        {
          capacity: 90,
          capacityInStreamUnits: 90,
          demand: 0,
          utilisation: 0,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: false,
        },
        {
          capacity: 40,
          capacityInStreamUnits: 80,
          demand: 0,
          utilisation: 0,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: true,
        },
      ],
      { capacity: 80, pace: 0 },
    ],
    [
      // A stage without resources has capacity 0 whatever its f: utilisation Infinity, nothing to add.
      "a stage without capacity limits the stream to 0",
      400,
      [marketing[0]!, { id: "empty", name: "Empty", unit: "calls", conversion: 2, resources: [] }],
      [
        {
          capacity: 7.2,
          capacityInStreamUnits: 432,
          demand: 400 / 60,
          utilisation: 400 / 432,
          shortfall: 0,
          shortfallInStreamUnits: 0,
          extraNeeded: 0,
          isBottleneck: false,
        },
        {
          capacity: 0,
          capacityInStreamUnits: 0,
          demand: 800,
          utilisation: Infinity,
          shortfall: 800,
          shortfallInStreamUnits: 400,
          extraNeeded: null,
          isBottleneck: true,
        },
      ],
      { capacity: 0, pace: 0 },
    ],
  ])("%s", (_name, demand, stages, rows, stream) => {
    const a = assessStream({ demand, stages });
    rows.forEach((row, i) => {
      const s = a.stages[i]!;
      expect(s.conversion).toBe(stages[i]!.conversion ?? 1);
      expect(s.unit).toBe(stages[i]!.unit ?? null);
      close(s.capacity, row.capacity);
      close(s.capacityInStreamUnits, row.capacityInStreamUnits);
      close(s.demand, row.demand);
      expect(s.demandInStreamUnits).toBe(demand);
      close(s.utilisation, row.utilisation);
      close(s.shortfall, row.shortfall);
      close(s.shortfallInStreamUnits, row.shortfallInStreamUnits);
      expect(s.extraNeeded).toBe(row.extraNeeded);
      expect(s.isBottleneck).toBe(row.isBottleneck);
    });
    close(a.capacity, stream.capacity);
    close(a.pace, stream.pace);
  });

  test("lead time counts WIP in stream units; %C&A lists the stages assumed at 100 %", () => {
    const a = assessStream({ demand: 400, stages: marketing });
    // WIP: 3 briefs × 60 = 180 leads, 10 pieces × 20 = 200 leads, 90 calls / 1.5 = 60 leads: 440 leads;
    // lead time 440 / pace 320 = 1.375 months; flow efficiency (0.1 + 0.2 + 0.05) / 1.375
    close(a.leadTime, 1.375);
    expect(a.leadTimePartial).toBe(false);
    expect(a.leadTimeIsEstimate).toBe(true);
    close(a.flowEfficiency, 0.35 / 1.375);
    // %C&A: 0.9 × (Write content assumed 1) × 0.8
    close(a.rolledPctCA, 0.72);
    expect(a.pctCAAssumed).toEqual(["write"]);
    expect(explainLeadTime(a, "month")).toBe("about 1.38 months, a steady-state estimate (Little's law)");
  });

  test("no WIP: no lead time, so nothing is labelled an estimate", () => {
    const a = assessStream({ demand: 100, stages: production });
    expect(a.leadTime).toBeNull();
    expect(a.leadTimeIsEstimate).toBe(false);
    expect(explainLeadTime(a, "week")).toBeNull();
    expect(a.rolledPctCA).toBeNull();
    expect(a.pctCAAssumed).toEqual(["machining", "assembly", "packing"]);
  });

  test("partial WIP reads as a lower bound", () => {
    // WIP only at Assembly: 45 orders / pace 80 = 0.5625 weeks, at least
    const stages = production.map((s) => (s.id === "assembly" ? { ...s, wip: 45 } : s));
    const a = assessStream({ demand: 100, stages });
    close(a.leadTime, 0.5625);
    expect(explainLeadTime(a, "week")).toBe("at least 0.56 weeks, a steady-state estimate (Little's law)");
  });
});

describe("explanations name units", () => {
  const leads: ExplainNames = {
    unit: "leads",
    period: "month",
    resource: { one: "content writer", other: "content writers" },
  };
  const orders: ExplainNames = { unit: "orders", period: "week", resource: { one: "packer", other: "packers" } };
  test.each<[string, number | null, Stage[], ExplainNames, string]>([
    [
      "overloaded stage with its own unit",
      400,
      marketing,
      leads,
      "Write content can handle 16 content pieces a month; the demand needs 20, so it limits the stream to 320 leads a month of the 400 wanted; 1 more content writer would close the gap.",
    ],
    [
      // 400 / 432 = 92.6 % → 93 %
      "covered: DESIGN's briefs (7.2 a month against 6.67)",
      400,
      [marketing[0]!],
      { unit: "leads", period: "month", resource: "marketers" },
      "Plan campaigns, the busiest stage, can handle 7.2 campaign briefs a month; the demand needs 6.67 (93% of its capacity), so the stream can meet demand of 400 leads a month.",
    ],
    [
      "another stage also short: named after the bottleneck",
      100,
      production,
      orders,
      "Packing can handle 40 boxes a week; the demand needs 50, so it limits the stream to 80 orders a week of the 100 wanted; 1 more packer would close the gap. 1 other stage also falls short: Assembly.",
    ],
    [
      "no demand: the lowest capacity in both units",
      null,
      production,
      orders,
      "Packing has the lowest capacity, 40 boxes a week (80 orders), the most the stream can deliver; no demand is set.",
    ],
    [
      "demand 0",
      0,
      production,
      orders,
      "Packing has the lowest capacity, 40 boxes a week (80 orders), the most the stream can deliver; demand is 0.",
    ],
    [
      // 1 brief: singular. 1 marketer × 1 brief = 1 brief a month, 60 leads; demand 90 leads = 1.5 briefs
      "singular for exactly 1",
      90,
      [{ id: "p", name: "Plan", unit: "campaign briefs", conversion: 1 / 60, resources: [people("marketer", 1, 1)] }],
      { unit: "leads", period: "month", resource: { one: "marketer", other: "marketers" } },
      "Plan can handle 1 campaign brief a month; the demand needs 1.5, so it limits the stream to 60 leads a month of the 90 wanted; 1 more marketer would close the gap.",
    ],
    [
      "a stage naming the stream's own unit reads as before",
      100,
      [{ id: "a", name: "Assembly", unit: "Orders", resources: [people("fitter", 6, 15)] }],
      { unit: "orders", period: "week", resource: { one: "fitter", other: "fitters" } },
      "Assembly limits the stream to 90 orders/week; demand is 100; 1 more fitter would close the gap.",
    ],
  ])("%s", (_name, demand, stages, names, expected) => {
    expect(explainBottleneck(assessStream({ demand, stages }), names)).toBe(expected);
  });

  test.each<[string, number | null, number, string]>([
    [
      "within capacity, both units",
      400,
      0,
      "Plan campaigns can handle 7.2 campaign briefs a month (432 leads); the demand needs 6.67 (400 leads): 93% utilised.",
    ],
    [
      "falling behind",
      400,
      1,
      "Write content can handle 16 content pieces a month (320 leads); the demand needs 20 (400 leads): 125% utilised, falling behind by 4 content pieces a month.",
    ],
    [
      // f = 1.5 > 1: 600 calls serve 400 leads
      "needs more than one of its units per lead",
      200,
      2,
      "Qualify leads can handle 600 calls a month (400 leads); the demand needs 300 (200 leads): 50% utilised.",
    ],
    ["no demand", null, 0, "Plan campaigns can handle 7.2 campaign briefs a month (432 leads); no demand is set."],
  ])("explainStage: %s", (_name, demand, index, expected) => {
    const stage = assessStream({ demand, stages: marketing }).stages[index]!;
    expect(explainStage(stage, { unit: "leads", period: "month" })).toBe(expected);
  });

  test("explainStage for a stage in the stream's unit names it once; a stage without capacity says so", () => {
    const a = assessStream({ demand: 100, stages: [...production, { id: "e", name: "Ship", resources: [] }] });
    expect(explainStage(a.stages[1]!, { unit: "orders", period: "week" })).toBe(
      "Assembly can handle 90 orders a week; the demand needs 100: 111% utilised, falling behind by 10 orders a week.",
    );
    expect(explainStage(a.stages[3]!, { unit: "orders", period: "week" })).toBe(
      "Ship can handle 0 orders a week; the demand needs 100: it has no capacity.",
    );
  });
});

describe("conversions as people enter them", () => {
  test.each<[ConversionEntry, number]>([
    [{ mode: "brings", amount: 60 }, 1 / 60],
    [{ mode: "needs", amount: 3 }, 3],
    [{ mode: "brings", amount: 1 }, 1],
    [{ mode: "needs", amount: 0.5 }, 0.5],
    [{ mode: "brings", amount: 0.5 }, 2],
  ])("conversionFromEntry(%o) = %s", (entry, f) => {
    expect(conversionFromEntry(entry)).toBeCloseTo(f, 15);
  });

  test.each<[number, ConversionEntry]>([
    [1 / 60, { mode: "brings", amount: 60 }],
    [3, { mode: "needs", amount: 3 }],
    [1, { mode: "needs", amount: 1 }],
    [0.5, { mode: "brings", amount: 2 }],
    // 1 / (1 / 3) is 3 exactly only after the noise is cut
    [1 / 3, { mode: "brings", amount: 3 }],
    [1 / 7, { mode: "brings", amount: 7 }],
  ])("conversionToEntry(%s) = %o", (f, entry) => {
    expect(conversionToEntry(f)).toEqual(entry);
  });

  test.each([60, 16, 7, 3, 1.5, 0.25, 1e9, 1e-9])("entry round trip for f = %s", (f) => {
    expect(conversionFromEntry(conversionToEntry(f))).toBeCloseTo(f, 12);
  });

  test.each<[number, string | null]>([
    [1 / 60, null],
    [1, null],
    [1e9, null],
    [1e-9, null],
    [Number.NaN, "The conversion must be a number."],
    [0, "The conversion must be greater than 0."],
    [-2, "The conversion must be greater than 0."],
    [1e9 + 1, "The conversion must be at most 1,000,000,000."],
    [Infinity, "The conversion must be at most 1,000,000,000."],
    [1e-10, "The conversion must be at least 1 in 1,000,000,000."],
  ])("conversionProblem(%s)", (f, message) => {
    expect(conversionProblem(f)).toBe(message);
  });

  test.each<[number, string | null]>([
    [60, null],
    [Number.NaN, "The amount must be a number."],
    [0, "The amount must be greater than 0."],
    [2e9, "The amount must be at most 1,000,000,000."],
  ])("conversionEntryProblem(%s)", (amount, message) => {
    expect(conversionEntryProblem({ amount })).toBe(message);
  });

  test.each<[number, string, string, string]>([
    [1 / 60, "campaign briefs", "leads", "1 campaign brief brings 60 leads"],
    [3, "machined parts", "orders", "each order needs 3 machined parts"],
    [1, "machined parts", "orders", "each order needs 1 machined part"],
    [1, "orders", "orders", "counts orders, as the stream does"],
    [0.5, "boxes", "orders", "1 box brings 2 orders"],
  ])("describeConversion(%s, %s, %s)", (f, stageUnit, streamUnit, expected) => {
    expect(describeConversion(f, stageUnit, streamUnit)).toBe(expected);
  });

  test("link conversions: 16 leads make 1 customer, 1 order becomes 3 deliveries", () => {
    expect(linkConversionFromEntry({ mode: "make", amount: 16 })).toBeCloseTo(1 / 16, 15);
    expect(linkConversionFromEntry({ mode: "becomes", amount: 3 })).toBe(3);
    expect(linkConversionToEntry(1 / 16)).toEqual({ mode: "make", amount: 16 });
    expect(linkConversionToEntry(3)).toEqual({ mode: "becomes", amount: 3 });
    expect(describeLinkConversion(1 / 16, "leads", "customers")).toBe("16 leads make 1 customer");
    expect(describeLinkConversion(3, "orders", "deliveries")).toBe("1 order becomes 3 deliveries");
    expect(describeLinkConversion(1, "customers", "customers")).toBe("1 customer becomes 1 customer");
  });
});

describe("unit words", () => {
  test.each<[string, string]>([
    ["campaign briefs", "campaign brief"],
    ["leads", "lead"],
    ["machined parts", "machined part"],
    ["boxes", "box"],
    ["analyses", "analysis"],
    ["kg", "kg"],
    ["m³", "m³"],
    ["hours of support", "hours of support"],
  ])("the singular of %s is %s", (unit, one) => {
    expect(unitForms(unit)).toEqual({ one, other: unit });
  });

  test.each<[number, string, string]>([
    [1, "campaign briefs", "1 campaign brief a month"],
    [7.2, "campaign briefs", "7.2 campaign briefs a month"],
    [0.5, "campaign briefs", "0.5 campaign briefs a month"],
    // shown as "1", so singular
    [1.004, "orders", "1 order a month"],
    [0, "orders", "0 orders a month"],
  ])("formatRate(%s, %s)", (x, unit, expected) => {
    expect(formatRate(x, unit, "month")).toBe(expected);
  });

  test("given forms, periods and sameness", () => {
    expect(formatAmount(1, { one: "person", other: "people" })).toBe("1 person");
    expect(formatAmount(3, { one: "person", other: "people" })).toBe("3 people");
    expect(["day", "week", "month", "quarter"].map(perPeriod)).toEqual(["a day", "a week", "a month", "a quarter"]);
    expect(sameUnit("Orders", "order")).toBe(true);
    expect(sameUnit("orders", "machined parts")).toBe(false);
  });
});
