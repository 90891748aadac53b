import { beforeEach, describe, expect, test } from "vitest";
import { DELETE as deleteLinkRoute } from "@/app/api/v1/stream-links/[id]/route";
import { GET as listLinksRoute, POST as createLinkRoute } from "@/app/api/v1/stream-links/route";
import { POST as createStreamRoute } from "@/app/api/v1/streams/route";
import { GET as valueChainRoute } from "@/app/api/v1/value-chain/route";
import { setStreamArchived } from "@/lib/data/streams";
import { createStreamLink, getValueChain, listStreamLinks } from "@/lib/data/value-chain";
import { linkFormSchema } from "@/lib/validations/stream-link";
import { apiError, call, tenantsWithTokens } from "../helpers/api";
import { auditEntries, createTestStream, expectAppError, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;
let write: string;
let read: string;

beforeEach(async () => {
  ({ orgA, orgB, write, read } = await tenantsWithTokens());
});

/** DESIGN's worked example: marketing 400 leads a month, sales 30 customers, 16 leads a customer. */
async function marketingAndSales() {
  const stream = async (body: Record<string, unknown>) =>
    (await call<{ id: string }>(createStreamRoute, { token: write, path: "/streams", body })).body.id;
  const marketing = await stream({
    name: "Marketing",
    kind: "marketing",
    demandAmount: 400,
    demandUnit: "leads",
    demandPeriod: "month",
    stages: [
      {
        name: "Plan campaigns",
        unit: "campaign briefs",
        conversion: 1 / 60,
        resources: [{ kind: "people", name: "Marketers", quantity: 2, rate: 4, availability: 0.9 }],
      },
    ],
  });
  const sales = await stream({
    name: "Sales",
    kind: "sales",
    demandAmount: 6,
    demandUnit: "customers",
    demandPeriod: "week",
    stages: [
      {
        name: "Qualify",
        unit: "leads",
        conversion: 16,
        resources: [{ kind: "people", name: "SDRs", quantity: 1, rate: 95, availability: 1 }],
      },
    ],
  });
  return { marketing, sales };
}

const link = (body: unknown, token = write) => call(createLinkRoute, { token, path: "/stream-links", body });

describe("stream links", () => {
  test("marketing → sales: the chain's figures per month, and the constraint, as the API answers them", async () => {
    const { marketing, sales } = await marketingAndSales();
    const created = await link({ from: marketing, to: sales, conversion: 1 / 16 });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/stream-links/${(created.body as { id: string }).id}`);

    const answer = await call<{
      streams: { id: string; requiredDemand: number; chainUtilisation: number; chainPace: number; pace: number }[];
      constraint: { id: string; name: string };
      explanation: string;
      mismatches: { sentence: string }[];
    }>(valueChainRoute, { token: read, path: "/value-chain" });
    expect(answer.status).toBe(200);
    const [m, s] = [marketing, sales].map((id) => answer.body.streams.find((x) => x.id === id)!);
    // Sales: 6 customers a week = 26 a month; Qualify: 95 leads a week ÷ 16 = 5.9375 customers a week = 25.73 a month.
    expect(s!.requiredDemand).toBeCloseTo(26, 9);
    expect(s!.chainUtilisation).toBeCloseTo(26 / ((5.9375 * 52) / 12), 9);
    // Marketing must bring 26 × 16 = 416 leads; it can serve 7.2 × 60 = 432 a month: 96 %.
    expect(m!.requiredDemand).toBeCloseTo(416, 9);
    expect(m!.chainUtilisation).toBeCloseTo(416 / 432, 9);
    // Sales' chain pace: min(its own 25.73, 400 / 16 = 25) = 25 customers a month.
    expect(s!.chainPace).toBeCloseTo(25, 9);
    expect(answer.body.constraint.name).toBe("Sales");
    expect(answer.body.explanation).toBe(
      "Sales limits the value chain: the chain needs 26 customers a month from it and it can handle 25.73 (101%).",
    );
    // Marketing plans 400 of the 416 leads: within 5 %, not called out.
    expect(answer.body.mismatches).toHaveLength(0);
    // The same figures as the overview reads.
    const { chain } = await getValueChain(orgA.ctx.owner, "2026-11-25");
    expect(chain.constraint?.id).toBe(sales);
    expect(await auditEntries(orgA.org.id, "stream_link.created")).toHaveLength(1);
  });

  test("refused: itself, a loop, the same pair twice, another organisation's stream, an archived one, a bad conversion", async () => {
    const { marketing, sales } = await marketingAndSales();
    expect((await link({ from: marketing, to: sales, conversion: 0.0625 })).status).toBe(201);

    const self = await link({ from: sales, to: sales, conversion: 1 });
    expect([self.status, apiError(self).details]).toEqual([
      422,
      [{ path: "to", message: "A stream cannot feed itself: choose another stream." }],
    ]);
    const loop = await link({ from: sales, to: marketing, conversion: 16 });
    expect(loop.status).toBe(422);
    expect(apiError(loop).details![0]!.message).toBe(
      "This link would close a loop (Sales → Marketing → Sales): streams must feed each other in one direction.",
    );
    expect((await link({ from: marketing, to: sales, conversion: 1 })).status).toBe(409);
    const theirs = await createTestStream(orgB.ctx.owner);
    expect((await link({ from: marketing, to: theirs.id, conversion: 1 })).status).toBe(404);
    const archived = await createTestStream(orgA.ctx.owner, { name: "Old" });
    await setStreamArchived(orgA.ctx.owner, { streamId: archived.id }, true);
    const toArchived = await link({ from: sales, to: archived.id, conversion: 1 });
    expect([toArchived.status, apiError(toArchived).details]).toEqual([
      422,
      [{ path: "to", message: "Old is archived: restore it before linking it." }],
    ]);
    for (const conversion of [0, -1, 2e9, "x", null]) {
      const bad = await link({ from: sales, to: archived.id, conversion });
      expect(bad.status, String(conversion)).toBe(422);
      expect(apiError(bad).details!.map((d) => d.path)).toEqual(["conversion"]);
    }
    // Nothing but the first link was written.
    expect(await listStreamLinks(orgA.ctx.owner)).toHaveLength(1);
    const list = await call<{ data: unknown[] }>(listLinksRoute, { token: read, path: "/stream-links" });
    expect(list.body.data).toHaveLength(1);
  });

  test("another organisation's link answers 404 and stays; a member cannot link; the form's “16 leads make 1 customer” is k = 1/16", async () => {
    const { marketing, sales } = await marketingAndSales();
    const other = await createTestStream(orgB.ctx.owner);
    const otherTwo = await createTestStream(orgB.ctx.owner);
    const theirs = await createStreamLink(orgB.ctx.owner, { from: other.id, to: otherTwo.id, conversion: 2 });
    const gone = await call(deleteLinkRoute, {
      token: write,
      method: "DELETE",
      path: `/stream-links/${theirs.id}`,
      params: { id: theirs.id },
    });
    expect(gone.status).toBe(404);
    expect(await listStreamLinks(orgB.ctx.owner)).toHaveLength(1);

    await expectAppError(createStreamLink(orgA.ctx.member, { from: marketing, to: sales, conversion: 1 }), "forbidden");
    const parsed = linkFormSchema.parse({
      streamId: marketing,
      otherStreamId: sales,
      direction: "feeds",
      conversionMode: "make",
      conversionAmount: "16",
    });
    expect(parsed).toEqual({ from: marketing, to: sales, conversion: 1 / 16 });
    const fedBy = linkFormSchema.parse({
      streamId: sales,
      otherStreamId: marketing,
      direction: "fed_by",
      conversionMode: "make",
      conversionAmount: "16",
    });
    expect(fedBy).toEqual(parsed);
  });

  test("A → B and B → A at the same moment: one is stored, the other refused as a loop", async () => {
    const { marketing, sales } = await marketingAndSales();
    const answers = await Promise.all([
      link({ from: marketing, to: sales, conversion: 0.0625 }),
      link({ from: sales, to: marketing, conversion: 16 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(await listStreamLinks(orgA.ctx.owner)).toHaveLength(1);
  });
});
