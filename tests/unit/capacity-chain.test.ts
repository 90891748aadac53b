import { describe, expect, test } from "vitest";
import {
  assessChain,
  assessStream,
  ChainInputError,
  chainStreamInput,
  explainChainConstraint,
  findCycle,
  linkOrder,
  perMonth,
  validateLink,
  validateLinks,
  type ChainAssessment,
  type ChainStreamInput,
  type StreamLinkInput,
} from "../../lib/capacity";

const stream = (
  id: string,
  figures: Partial<ChainStreamInput> & Pick<ChainStreamInput, "demand" | "capacity" | "pace">,
): ChainStreamInput => ({ id, name: id, unit: "units", period: "month", kind: null, ...figures });

const link = (from: string, to: string, conversion: number): StreamLinkInput => ({ from, to, conversion });

type Expected = {
  required: number | null;
  utilisation: number | null;
  supply: number | null;
  chainPace: number | null;
};

function expectFigures(chain: ChainAssessment, expected: Record<string, Expected>) {
  for (const [id, want] of Object.entries(expected)) {
    const s = chain.streams.find((x) => x.id === id)!;
    for (const key of ["required", "utilisation", "supply", "chainPace"] as const) {
      const w = want[key];
      if (w === null || !Number.isFinite(w)) expect(s[key], `${id}.${key}`).toBe(w);
      else expect(s[key], `${id}.${key}`).toBeCloseTo(w, 9);
    }
  }
}

// The essay's chain: Marketing → Sales → Retention.
//   Marketing: 400 leads a month, capacity 432, pace 400.
//   Sales: per quarter 90 customers, capacity 72, pace 72 → per month 30, 24, 24. 16 leads make a customer.
//   Retention: 30 customers kept a month, capacity 50, pace 30; each customer won is a customer to keep (k = 1).
const marketing = stream("marketing", {
  name: "Marketing",
  kind: "marketing",
  unit: "leads",
  demand: 400,
  capacity: 432,
  pace: 400,
});
const sales = stream("sales", {
  name: "Sales",
  kind: "sales",
  unit: "customers",
  period: "quarter",
  demand: 90,
  capacity: 72,
  pace: 72,
});
const retention = stream("retention", {
  name: "Retention",
  kind: "retention",
  unit: "customers",
  demand: 30,
  capacity: 50,
  pace: 30,
});
const essay = [link("marketing", "sales", 1 / 16), link("sales", "retention", 1)];

describe("per month", () => {
  test.each<[number, ChainStreamInput["period"], number]>([
    [120, "week", (120 * 52) / 12], // 520
    [90, "quarter", 30],
    [400, "month", 400],
    [10, "day", (10 * 365) / 12], // 304.17
  ])("%s a %s is %s a month", (x, period, expected) => {
    expect(perMonth(x, period)).toBeCloseTo(expected, 9);
  });
});

describe("assessChain", () => {
  test("a chain: DESIGN's example, with the constraint and the mismatch", () => {
    const chain = assessChain([retention, sales, marketing], essay);
    expect(chain.order).toEqual(["marketing", "sales", "retention"]);
    expect(chain.streams.map((s) => [s.id, s.column])).toEqual([
      ["marketing", 0],
      ["sales", 1],
      ["retention", 2],
    ]);
    const s = chain.streams[1]!;
    // Sales' quarter figures per month: 90 / 3, 72 / 3, 72 / 3
    expect([s.demand, s.capacity, s.pace]).toEqual([30, 24, 24]);
    expectFigures(chain, {
      // required 30 (final) → Sales 30 / 1 = 30 → Marketing 30 / (1/16) = 480; U = 480 / 432
      // chain pace: Marketing 400; Sales min(24, 400 / 16 = 25) = 24; Retention min(30, 1 × 24) = 24
      retention: { required: 30, utilisation: 30 / 50, supply: 24, chainPace: 24 },
      sales: { required: 30, utilisation: 30 / 24, supply: 25, chainPace: 24 },
      marketing: { required: 480, utilisation: 480 / 432, supply: null, chainPace: 400 },
    });
    expect(chain.constraint?.id).toBe("sales");
    expect(chain.streams.filter((x) => x.isConstraint).map((x) => x.id)).toEqual(["sales"]);
    expect(explainChainConstraint(chain)).toBe(
      "Sales limits the value chain: the chain needs 30 customers a month from it and it can handle 24 (125%).",
    );
    // Marketing plans 400 of the 480 needed (|400 − 480| = 80 > 5 % of 480 = 24); Sales plans its 30 exactly.
    expect(chain.mismatches).toEqual([
      {
        streamId: "marketing",
        demand: 400,
        required: 480,
        ratio: 400 / 480,
        sentence: "Sales needs 480 leads a month to win its 30 customers; Marketing plans 400.",
      },
    ]);
    expect(chain.links).toEqual([
      { from: "marketing", to: "sales", conversion: 1 / 16, required: 480, flow: 25 },
      { from: "sales", to: "retention", conversion: 1, required: 30, flow: 24 },
    ]);
    expect(chain.streams.map((x) => [x.suppliers, x.customers])).toEqual([
      [[], ["sales"]],
      [["marketing"], ["retention"]],
      [["sales"], []],
    ]);
    expect(chain.components).toEqual([{ streamIds: ["marketing", "sales", "retention"], constraintId: "sales" }]);
  });

  test("fan-in: two suppliers merge into Sales; each is asked for the whole need (DESIGN's formula)", () => {
    // Inbound 300 leads planned, capacity 400, pace 300; Outbound 200 planned, capacity 150, pace 150.
    // Sales 30 customers, capacity 40, pace 30. 16 inbound leads or 10 outbound leads make a customer.
    const inbound = stream("in", { name: "Inbound", unit: "leads", demand: 300, capacity: 400, pace: 300 });
    const outbound = stream("out", { name: "Outbound", unit: "leads", demand: 200, capacity: 150, pace: 150 });
    const s = stream("s", { name: "Sales", kind: "sales", unit: "customers", demand: 30, capacity: 40, pace: 30 });
    const chain = assessChain([s, outbound, inbound], [link("in", "s", 1 / 16), link("out", "s", 1 / 10)]);
    expect(chain.order).toEqual(["in", "out", "s"]);
    expectFigures(chain, {
      // required: Inbound 30 × 16 = 480, U 480 / 400; Outbound 30 × 10 = 300, U 300 / 150 = 2
      // Sales: supply 300 / 16 + 150 / 10 = 18.75 + 15 = 33.75; chain pace min(30, 33.75) = 30
      in: { required: 480, utilisation: 1.2, supply: null, chainPace: 300 },
      out: { required: 300, utilisation: 2, supply: null, chainPace: 150 },
      s: { required: 30, utilisation: 0.75, supply: 33.75, chainPace: 30 },
    });
    expect(chain.streams.map((x) => [x.id, x.sharesSupply])).toEqual([
      ["in", true],
      ["out", true],
      ["s", false],
    ]);
    expect(chain.constraint?.id).toBe("out");
    expect(explainChainConstraint(chain)).toBe(
      "Outbound limits the value chain: the chain needs 300 leads a month from it and it can handle 150 (200%).",
    );
    expect(chain.mismatches.map((m) => m.sentence)).toEqual([
      "Sales needs 480 leads a month to win its 30 customers; Inbound plans 300.",
      "Sales needs 300 leads a month to win its 30 customers; Outbound plans 200.",
    ]);
  });

  test("fan-in limited by supply: the merge's chain pace is the sum of its converted suppliers", () => {
    // A: pace 80 × k 0.25 = 20; B: pace 30 × k 0.5 = 15; C's own pace 50 → min(50, 35) = 35
    const chain = assessChain(
      [
        stream("A", { demand: 80, capacity: 100, pace: 80 }),
        stream("B", { demand: 30, capacity: 30, pace: 30 }),
        stream("C", { demand: 50, capacity: 60, pace: 50 }),
      ],
      [link("A", "C", 0.25), link("B", "C", 0.5)],
    );
    // required: C 50 → A 50 / 0.25 = 200 (U 2), B 50 / 0.5 = 100 (U 100 / 30)
    expectFigures(chain, {
      A: { required: 200, utilisation: 2, supply: null, chainPace: 80 },
      B: { required: 100, utilisation: 100 / 30, supply: null, chainPace: 30 },
      C: { required: 50, utilisation: 50 / 60, supply: 35, chainPace: 35 },
    });
    expect(chain.constraint?.id).toBe("B");
  });

  test("fan-out: Marketing's leads go to Sales and to Partners; the requirements add up", () => {
    const m = stream("m", { name: "Marketing", unit: "leads", demand: 500, capacity: 600, pace: 500 });
    const s = stream("s", { name: "Sales", kind: "sales", unit: "customers", demand: 30, capacity: 40, pace: 30 });
    const p = stream("p", { name: "Partners", kind: "custom", unit: "deals", demand: 2, capacity: 5, pace: 2 });
    const chain = assessChain([m, s, p], [link("m", "s", 1 / 16), link("m", "p", 1 / 40)]);
    // Partners before Sales: both ready after Marketing, by name.
    expect(chain.order).toEqual(["m", "p", "s"]);
    expect(chain.streams.map((x) => x.column)).toEqual([0, 1, 1]);
    expectFigures(chain, {
      // Marketing: 30 × 16 + 2 × 40 = 480 + 80 = 560; U 560 / 600
      // Sales: min(30, 500 / 16 = 31.25) = 30; Partners: min(2, 500 / 40 = 12.5) = 2
      m: { required: 560, utilisation: 560 / 600, supply: null, chainPace: 500 },
      s: { required: 30, utilisation: 0.75, supply: 31.25, chainPace: 30 },
      p: { required: 2, utilisation: 0.4, supply: 12.5, chainPace: 2 },
    });
    expect(chain.constraint?.id).toBe("m");
    expect(explainChainConstraint(chain)).toBe(
      "Marketing is the busiest stream in the value chain: the chain needs 560 leads a month from it and it can handle 600 (93%).",
    );
    // |500 − 560| = 60 > 5 % of 560 = 28
    expect(chain.mismatches.map((x) => x.sentence)).toEqual([
      "Sales and Partners need 560 leads a month (Sales 480 to win its 30 customers, Partners 80 to deliver its 2 deals); Marketing plans 500.",
    ]);
  });

  test("a mismatch within 5 % is not called out; just beyond it is", () => {
    // required 480: 457 differs by 23 (4.8 %), 455 by 25 (5.2 %)
    const chainWith = (demand: number) =>
      assessChain(
        [
          stream("m", { name: "Marketing", unit: "leads", demand, capacity: 600, pace: demand }),
          stream("s", { name: "Sales", kind: "sales", unit: "customers", demand: 30, capacity: 40, pace: 30 }),
        ],
        [link("m", "s", 1 / 16)],
      );
    expect(chainWith(457).mismatches).toEqual([]);
    expect(chainWith(503).mismatches).toEqual([]);
    expect(chainWith(455).mismatches.map((x) => x.streamId)).toEqual(["m"]);
    expect(chainWith(505).mismatches[0]?.sentence).toBe(
      "Sales needs 480 leads a month to win its 30 customers; Marketing plans 505.",
    );
  });

  test("ties go to the first stream in link order", () => {
    // B: 30 / 24 = 1.25; A: required 30 × 16 = 480 of capacity 384 = 1.25
    const chain = assessChain(
      [stream("B", { demand: 30, capacity: 24, pace: 24 }), stream("A", { demand: 480, capacity: 384, pace: 384 })],
      [link("A", "B", 1 / 16)],
    );
    expect(chain.streams.map((x) => x.utilisation)).toEqual([1.25, 1.25]);
    expect(chain.constraint?.id).toBe("A");
  });

  test("a final stream without demand leaves its suppliers' requirement unknown", () => {
    const chain = assessChain([marketing, { ...sales, demand: null, pace: 72 }], [link("marketing", "sales", 1 / 16)]);
    expectFigures(chain, {
      marketing: { required: null, utilisation: null, supply: null, chainPace: 400 },
      sales: { required: null, utilisation: null, supply: 25, chainPace: 24 },
    });
    expect(chain.constraint).toBeNull();
    expect(chain.mismatches).toEqual([]);
    expect(explainChainConstraint(chain)).toBe("No linked stream has both a required demand and a known capacity yet.");
  });

  test("a final demand of 0 requires 0 everywhere; pace 0 flows on", () => {
    // Sales demand 0 → pace 0 (DESIGN); Marketing is required 0 but plans 400: called out (ratio Infinity).
    const chain = assessChain(
      [marketing, { ...sales, demand: 0, pace: 0 }, retention],
      [link("marketing", "sales", 1 / 16)],
    );
    expectFigures(chain, {
      marketing: { required: 0, utilisation: 0, supply: null, chainPace: 400 },
      sales: { required: 0, utilisation: 0, supply: 25, chainPace: 0 },
    });
    // All U are 0: the first in link order.
    expect(chain.constraint?.id).toBe("marketing");
    expect(chain.mismatches.map((x) => [x.streamId, x.ratio])).toEqual([["marketing", Infinity]]);
    expect(chain.mismatches[0]!.sentence).toBe(
      "Sales needs 0 leads a month to win its 0 customers; Marketing plans 400.",
    );
  });

  test("fan-out with one unknown requirement: a lower bound, not called out", () => {
    // Sales needs 480 leads; Partners has no demand: Marketing's requirement is at least 480.
    const chain = assessChain(
      [
        marketing,
        { ...sales, period: "month", demand: 30, capacity: 40, pace: 30 },
        stream("p", { name: "Partners", demand: null, capacity: 5, pace: 5 }),
      ],
      [link("marketing", "sales", 1 / 16), link("marketing", "p", 1 / 40)],
    );
    const m = chain.streams.find((x) => x.id === "marketing")!;
    expect(m.required).toBe(480);
    expect(m.requiredPartial).toBe(true);
    expect(m.utilisation).toBeCloseTo(480 / 432, 12);
    expect(chain.mismatches).toEqual([]);
  });

  test("streams without stages: capacity unknown; a stream without its own pace passes its supply on", () => {
    // Sales has no stages: no capacity, no own pace → chain pace = supply 400 / 16 = 25.
    const noStages = { ...sales, capacity: null, pace: null };
    let chain = assessChain([marketing, noStages, retention], essay);
    expectFigures(chain, {
      sales: { required: 30, utilisation: null, supply: 25, chainPace: 25 },
      // Retention: min(30, 1 × 25) = 25
      retention: { required: 30, utilisation: 0.6, supply: 25, chainPace: 25 },
    });
    expect(chain.constraint?.id).toBe("marketing");
    // Marketing without stages: its chain pace is unknown, so Sales keeps its own pace.
    chain = assessChain([{ ...marketing, capacity: null, pace: null }, sales, retention], essay);
    expectFigures(chain, {
      marketing: { required: 480, utilisation: null, supply: null, chainPace: null },
      sales: { required: 30, utilisation: 1.25, supply: null, chainPace: 24 },
      retention: { required: 30, utilisation: 0.6, supply: 24, chainPace: 24 },
    });
  });

  test("capacity 0 with a requirement is infinitely loaded and explained", () => {
    const chain = assessChain([marketing, { ...sales, capacity: 0, pace: 0 }], [link("marketing", "sales", 1 / 16)]);
    expect(chain.constraint?.id).toBe("sales");
    expect(chain.constraint?.utilisation).toBe(Infinity);
    expect(explainChainConstraint(chain)).toBe(
      "Sales limits the value chain: the chain needs 30 customers a month from it and it has no capacity.",
    );
  });

  test("unlinked streams appear apart and are not the chain's constraint", () => {
    const support = stream("support", {
      name: "Support",
      unit: "tickets",
      period: "week",
      demand: 60,
      capacity: 30,
      pace: 30,
    });
    const archive = stream("archive", { name: "archive", demand: null, capacity: null, pace: null });
    const chain = assessChain([support, marketing, sales, archive], [link("marketing", "sales", 1 / 16)]);
    expect(chain.order).toEqual(["marketing", "sales"]);
    expect(chain.unlinked).toEqual(["archive", "support"]);
    expect(chain.streams.map((x) => x.id)).toEqual(["marketing", "sales", "archive", "support"]);
    const s = chain.streams.find((x) => x.id === "support")!;
    // 60 and 30 a week: 260 and 130 a month; U 2, above Sales' 1.25, but Support is not linked.
    expect([s.linked, s.column, s.isConstraint]).toEqual([false, null, false]);
    expect(s.required).toBeCloseTo(260, 9);
    expect(s.utilisation).toBeCloseTo(2, 12);
    expect(s.chainPace).toBeCloseTo(130, 9);
    expect(chain.constraint?.id).toBe("sales");
    expect(chain.components).toEqual([{ streamIds: ["marketing", "sales"], constraintId: "sales" }]);
  });

  test("two separate chains each have a constraint; the organisation's is the higher", () => {
    const chain = assessChain(
      [
        stream("a", { demand: 10, capacity: 20, pace: 10 }),
        stream("b", { demand: 10, capacity: 8, pace: 8 }),
        stream("c", { demand: 10, capacity: 5, pace: 5 }),
        stream("d", { demand: 10, capacity: 40, pace: 10 }),
      ],
      [link("a", "b", 1), link("c", "d", 2)],
    );
    // a → b: U(a) = 10 / 20, U(b) = 10 / 8; c → d: U(c) = (10 / 2) / 5 = 1, U(d) = 10 / 40
    expect(chain.components).toEqual([
      { streamIds: ["a", "b"], constraintId: "b" },
      { streamIds: ["c", "d"], constraintId: "c" },
    ]);
    expect(chain.constraint?.id).toBe("b");
  });

  test("links to streams not given are ignored; invalid links throw", () => {
    const chain = assessChain([marketing, sales], [...essay, link("archived", "sales", 1)]);
    expect(chain.links.map((l) => l.to)).toEqual(["sales"]);
    expect(() =>
      assessChain([marketing, sales], [link("marketing", "sales", 1), link("sales", "marketing", 1)]),
    ).toThrow(ChainInputError);
    expect(() => assessChain([marketing, sales], [link("marketing", "sales", 0)])).toThrow(
      "The conversion must be greater than 0.",
    );
    expect(() => assessChain([marketing], [link("marketing", "marketing", 1)])).toThrow(ChainInputError);
  });

  test("the chain reads a stream's own assessment", () => {
    // 2 × 4 × 0.9 = 7.2 briefs, 1 brief brings 60 leads: capacity 432; pace min(400, 432) = 400
    const a = assessStream({
      demand: 400,
      stages: [
        {
          id: "plan",
          name: "Plan",
          unit: "briefs",
          conversion: 1 / 60,
          resources: [{ kind: "people", name: "marketer", quantity: 2, rate: 4, availability: 0.9 }],
        },
      ],
    });
    const input = chainStreamInput(
      { id: "m", name: "Marketing", kind: "marketing", unit: "leads", period: "month", demand: 400 },
      a,
    );
    expect(input.capacity).toBeCloseTo(432, 9);
    expect(input.pace).toBe(400);
    expect(explainChainConstraint(assessChain([input], []))).toBe(
      "No streams are linked yet, so there is no value chain to assess.",
    );
  });
});

describe("link validation", () => {
  const streams = [
    { id: "m", name: "Marketing" },
    { id: "s", name: "Sales" },
    { id: "r", name: "Retention" },
  ];
  const existing = [link("m", "s", 1 / 16), link("s", "r", 1)];

  test("a good link has no issues", () => {
    expect(validateLink(link("m", "r", 0.05), existing, streams)).toEqual([]);
  });

  test.each<[string, StreamLinkInput, { field: string; code: string; message: string }[]]>([
    [
      "to itself",
      link("s", "s", 1),
      [{ field: "toStreamId", code: "self_link", message: "A stream cannot feed itself: choose another stream." }],
    ],
    [
      "a second link between the same streams",
      link("m", "s", 0.1),
      [
        {
          field: "toStreamId",
          code: "duplicate",
          message: "Marketing already feeds Sales; change that link's conversion instead.",
        },
      ],
    ],
    [
      "an unknown (or another organisation's, or archived) stream",
      link("m", "x", 1),
      [{ field: "toStreamId", code: "unknown_stream", message: "Choose one of this organisation's active streams." }],
    ],
    [
      "unknown source and bad conversion together",
      link("x", "s", Number.NaN),
      [
        { field: "fromStreamId", code: "unknown_stream", message: "Choose one of this organisation's active streams." },
        { field: "conversion", code: "conversion", message: "The conversion must be a number." },
      ],
    ],
    [
      "k = 0",
      link("m", "r", 0),
      [{ field: "conversion", code: "conversion", message: "The conversion must be greater than 0." }],
    ],
    [
      "k < 0",
      link("m", "r", -1),
      [{ field: "conversion", code: "conversion", message: "The conversion must be greater than 0." }],
    ],
    [
      "k > 10⁹",
      link("m", "r", 2e9),
      [{ field: "conversion", code: "conversion", message: "The conversion must be at most 1,000,000,000." }],
    ],
  ])("refuses a link %s", (_name, candidate, issues) => {
    expect(validateLink(candidate, existing, streams)).toEqual(issues);
  });

  test("refuses a cycle and names its path", () => {
    expect(validateLink(link("r", "m", 1), existing, streams)).toEqual([
      {
        field: "toStreamId",
        code: "cycle",
        message:
          "This link would close a loop (Retention → Marketing → Sales → Retention): streams must feed each other in one direction.",
        cycle: ["r", "m", "s", "r"],
      },
    ]);
    // The shortest loop: a link back.
    expect(validateLink(link("s", "m", 16), existing, streams)[0]?.cycle).toEqual(["s", "m", "s"]);
  });

  test("validateLinks checks each link against the ones before it", () => {
    const issues = validateLinks(
      [link("m", "s", 0.1), link("s", "r", 1), link("r", "m", 1), link("m", "s", 1)],
      streams,
    );
    expect(issues.map((i) => i.code)).toEqual(["cycle", "duplicate"]);
  });

  test("findCycle", () => {
    expect(findCycle(existing)).toBeNull();
    expect(findCycle([...existing, link("r", "s", 1)])).toEqual(["s", "r", "s"]);
    expect(findCycle([link("a", "a", 1)])).toEqual(["a", "a"]);
  });
});

describe("linkOrder", () => {
  test("every stream after its suppliers; ties by name, case aside; columns by the longest run", () => {
    const streams = [
      { id: "3", name: "Zeta" },
      { id: "1", name: "alpha" },
      { id: "2", name: "Mid" },
      { id: "4", name: "End" },
      { id: "5", name: "Loner" },
    ];
    // Zeta → Mid, alpha → Mid, alpha → End, Mid → End
    const { order, column, unlinked } = linkOrder(streams, [
      link("3", "2", 1),
      link("1", "2", 1),
      link("1", "4", 1),
      link("2", "4", 1),
    ]);
    expect(order).toEqual(["1", "3", "2", "4"]);
    expect(Object.fromEntries(column)).toEqual({ "1": 0, "3": 0, "2": 1, "4": 2 });
    expect(unlinked).toEqual(["5"]);
  });

  test("the same names are ordered by id, whatever order they are given in", () => {
    const a = { id: "b", name: "Sales" };
    const b = { id: "a", name: "Sales" };
    const links = [link("b", "x", 1), link("a", "x", 1)];
    const x = { id: "x", name: "X" };
    expect(linkOrder([a, b, x], links).order).toEqual(["a", "b", "x"]);
    expect(linkOrder([x, b, a], links).order).toEqual(["a", "b", "x"]);
  });
});
