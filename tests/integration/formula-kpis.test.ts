import { beforeEach, describe, expect, test } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { DELETE as deleteKpiRoute, PATCH as patchKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { POST as createKpiRoute } from "@/app/api/v1/kpis/route";
import { POST as writeRoute } from "@/app/api/v1/measurements/route";
import { getDb } from "@/db/client";
import { kpis } from "@/db/schema";
import { getExplanation } from "@/lib/data/dashboards";
import { deleteKpi, getKpi, patchKpi, setKpiArchived } from "@/lib/data/kpis";
import { recordMeasurement } from "@/lib/data/measurements";
import { scoreScope } from "@/lib/data/scores";
import { deleteStream } from "@/lib/data/streams";
import { apiError, apiToken, call } from "../helpers/api";
import { injectedClock } from "../helpers/clock";
import {
  createTenants,
  createTestKpi,
  createTestStream,
  expectAppError,
  measurementCount,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;
let write: string;
const at = injectedClock();

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
  write = (await apiToken(orgA.ctx.owner, "write")).secret;
});

async function kpiCount(orgId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(kpis).where(eq(kpis.orgId, orgId));
  return row!.n;
}

/** Deals won and opportunities, monthly, in a sales stream, with values by hand: Jan 6/24, Feb 9/30. */
async function salesInputs(fixture = orgA) {
  const ctx = fixture.ctx.owner;
  const stream = await createTestStream(ctx, { kind: "sales" });
  const won = await createTestKpi(ctx, stream.id, { name: "Deals won", baseline: 0, target: 10 });
  const opportunities = await createTestKpi(ctx, stream.id, { name: "Opportunities", baseline: 0, target: 30 });
  for (const [kpi, jan, feb] of [
    [won, 6, 9],
    [opportunities, 24, 30],
  ] as const) {
    await recordMeasurement(ctx, { kpiId: kpi.id, date: "2026-01-10", value: jan });
    await recordMeasurement(ctx, { kpiId: kpi.id, date: "2026-02-10", value: feb });
  }
  return { stream, won, opportunities };
}

const createFormula = (body: Record<string, unknown>) =>
  call<{ id: string; key: string; formula: unknown }>(createKpiRoute, { token: write, path: "/kpis", body });

const winRateBody = (streamId: string, numerator: string, denominator: string, over: Record<string, unknown> = {}) => ({
  streamId,
  name: "Win rate",
  kind: "outcome",
  direction: "increase",
  baseline: 0.2,
  target: 0.3,
  cadence: "month",
  formula: { numerator, denominator },
  ...over,
});

describe("a formula KPI is computed from its inputs and scored like any KPI", () => {
  test("created by keys through the API; scored per period from both inputs: 6/24 = 0.25 → a = 0.5, 9/30 = 0.3 → a = 1", async () => {
    at("2026-02-20T10:00:00Z");
    const { stream, won, opportunities } = await salesInputs();
    const answer = await createFormula(winRateBody(stream.id, won.key.toLowerCase(), opportunities.key));
    expect(answer.status).toBe(201);
    expect(answer.body.formula).toEqual({ numeratorId: won.id, denominatorId: opportunities.id });

    const inJanuary = await scoreScope(orgA.ctx.owner, { streamId: stream.id }, "2026-01-31");
    expect(inJanuary.kpis.find((k) => k.id === answer.body.id)?.attainment).toBeCloseTo(0.5, 12);
    const inFebruary = await scoreScope(orgA.ctx.owner, { streamId: stream.id }, "2026-02-20");
    expect(inFebruary.kpis.find((k) => k.id === answer.body.id)?.attainment).toBe(1);
  });

  test("the inputs' values as known at knownAt: a later correction of the denominator moves only later knowledge", async () => {
    at("2026-02-20T10:00:00Z");
    const { stream, won, opportunities } = await salesInputs();
    const { body } = await createFormula(winRateBody(stream.id, won.id, opportunities.id));
    at("2026-03-05T10:00:00Z");
    // February's opportunities corrected to 45: 9 / 45 = 0.2 → a = 0.
    await recordMeasurement(orgA.ctx.owner, { kpiId: opportunities.id, date: "2026-02-01", value: 45 });
    const then = await scoreScope(
      orgA.ctx.owner,
      { streamId: stream.id },
      "2026-02-28",
      new Date("2026-02-28T23:59:59.999Z"),
    );
    const now = await scoreScope(orgA.ctx.owner, { streamId: stream.id }, "2026-02-28");
    expect(then.kpis.find((k) => k.id === body.id)?.attainment).toBe(1);
    expect(now.kpis.find((k) => k.id === body.id)?.attainment).toBe(0);
  });

  test("inputs in another stream are read with the formula's scope; the explanation shows both inputs per period", async () => {
    at("2026-02-20T10:00:00Z");
    const { won, opportunities } = await salesInputs();
    const elsewhere = await createTestStream(orgA.ctx.owner, { kind: "custom" });
    const { body } = await createFormula(winRateBody(elsewhere.id, won.id, opportunities.id));
    const score = await scoreScope(orgA.ctx.owner, { streamId: elsewhere.id }, "2026-02-20");
    expect(score.kpis.map((k) => [k.id, k.attainment])).toEqual([[body.id, 1]]);
    const kpi = await getKpi(orgA.ctx.owner, body.id);
    expect(kpi.canRecord).toBe(false);
    expect(kpi.formula?.periods).toEqual([
      { period: "2026-01-01", numerator: 6, denominator: 24, value: 0.25, gap: null },
      { period: "2026-02-01", numerator: 9, denominator: 30, value: 0.3, gap: null },
    ]);
    expect((await getKpi(orgA.ctx.owner, won.id)).usedBy.map((f) => f.key)).toEqual([body.key]);
    // The score explanation names the inputs and carries each period's division.
    const { formulas } = await getExplanation(orgA.ctx.owner, { streamId: elsewhere.id }, "2026-02-20");
    expect(formulas.get(body.id)).toMatchObject({
      numeratorKey: won.key,
      denominatorKey: opportunities.key,
      periods: [
        expect.objectContaining({ value: 0.25 }),
        expect.objectContaining({ period: "2026-02-01", value: 0.3 }),
      ],
    });
  });

  test("a period with a zero denominator has no value: the previous period stays current", async () => {
    at("2026-02-20T10:00:00Z");
    const { stream, won, opportunities } = await salesInputs();
    await recordMeasurement(orgA.ctx.owner, { kpiId: opportunities.id, date: "2026-02-01", value: 0 });
    const { body } = await createFormula(winRateBody(stream.id, won.id, opportunities.id));
    const score = await scoreScope(orgA.ctx.owner, { streamId: stream.id }, "2026-02-20");
    // January: 6 / 24 = 0.25 → a = 0.5.
    expect(score.kpis.find((k) => k.id === body.id)?.attainment).toBeCloseTo(0.5, 12);
  });
});

describe("a formula KPI is read-only", () => {
  test("recording by hand is a field message; the API answers 422 naming the item's kpiId; nothing written", async () => {
    const { stream, won, opportunities } = await salesInputs();
    const { body } = await createFormula(winRateBody(stream.id, won.id, opportunities.id));
    const before = await measurementCount(orgA.org.id);
    const error = await expectAppError(
      recordMeasurement(orgA.ctx.owner, { kpiId: body.id, date: "2026-02-10", value: 0.5 }),
      "validation",
    );
    expect(error.fields?.value?.[0]).toMatch(/formula KPI/);
    const answer = await call(writeRoute, {
      token: write,
      path: "/measurements",
      body: {
        measurements: [
          { kpiId: won.key, date: "2026-03-10", value: 1 },
          { kpiId: body.key, date: "2026-03-10", value: 0.5 },
        ],
      },
    });
    expect(answer.status).toBe(422);
    expect(apiError(answer).details).toEqual([
      expect.objectContaining({ path: "measurements.1.kpiId", message: expect.stringMatching(/computed/) }),
    ]);
    expect(await measurementCount(orgA.org.id)).toBe(before);
  });
});

describe("bad formulas: 422 naming the field, nothing written", () => {
  test.each<
    [string, (s: Awaited<ReturnType<typeof salesInputs>>, other: { id: string }) => Record<string, unknown>, string]
  >([
    ["an unknown key", (s) => ({ numerator: "SAL-999", denominator: s.opportunities.id }), "formula.numerator"],
    [
      "another organisation's KPI",
      (s, other) => ({ numerator: s.won.id, denominator: other.id }),
      "formula.denominator",
    ],
    ["the same KPI twice", (s) => ({ numerator: s.won.id, denominator: s.won.key }), "formula.denominator"],
    ["a missing denominator", (s) => ({ numerator: s.won.id }), "formula.denominator"],
  ])("%s", async (_label, formula, field) => {
    const s = await salesInputs();
    const other = await createTestKpi(orgB.ctx.owner, (await createTestStream(orgB.ctx.owner)).id);
    const before = await kpiCount(orgA.org.id);
    const answer = await createFormula({ ...winRateBody(s.stream.id, "", ""), formula: formula(s, other) });
    expect(answer.status).toBe(422);
    expect(apiError(answer).details?.map((d) => d.path)).toContain(field);
    expect(await kpiCount(orgA.org.id)).toBe(before);
  });

  test("inputs of different cadences; a formula of another cadence than its inputs'", async () => {
    const s = await salesInputs();
    const weekly = await createTestKpi(orgA.ctx.owner, s.stream.id, { cadence: "week" });
    const before = await kpiCount(orgA.org.id);
    const mixed = await createFormula(winRateBody(s.stream.id, s.won.id, weekly.id));
    expect(mixed.status).toBe(422);
    expect(apiError(mixed).message).toMatch(/monthly and .* weekly/);
    expect(apiError(mixed).details?.map((d) => d.path)).toEqual(["formula.denominator"]);
    const quarterly = await createFormula(
      winRateBody(s.stream.id, s.won.id, s.opportunities.id, { cadence: "quarter" }),
    );
    expect(quarterly.status).toBe(422);
    expect(apiError(quarterly).details?.map((d) => d.path)).toEqual(["cadence"]);
    expect(await kpiCount(orgA.org.id)).toBe(before);
  });

  test("formulas of formulas are refused (so no cycle can form), as is a KPI dividing itself", async () => {
    const s = await salesInputs();
    const rate = await createFormula(winRateBody(s.stream.id, s.won.id, s.opportunities.id));
    const ofFormula = await createFormula(winRateBody(s.stream.id, rate.body.id, s.opportunities.id));
    expect(ofFormula.status).toBe(422);
    expect(apiError(ofFormula).details?.map((d) => d.path)).toEqual(["formula.numerator"]);
    const patch = (id: string, body: unknown) =>
      call(patchKpiRoute, { token: write, method: "PATCH", path: `/kpis/${id}`, params: { id }, body });
    const self = await patch(rate.body.id, { formula: { numerator: rate.body.id, denominator: s.won.id } });
    expect(self.status).toBe(422);
    expect(apiError(self).details?.map((d) => d.path)).toEqual(["formula.numerator"]);
    // An input can't become a formula (it would make a formula of formulas).
    const input = await patch(s.opportunities.id, { formula: { numerator: s.won.id, denominator: rate.body.id } });
    expect(input.status).toBe(422);
    const after = await getKpi(orgA.ctx.owner, s.opportunities.id);
    expect(after.formulaNumeratorId).toBeNull();
  });

  test("a KPI with recorded values can't become a formula; a formula can become a plain KPI", async () => {
    const s = await salesInputs();
    const plain = await createTestKpi(orgA.ctx.owner, s.stream.id);
    await recordMeasurement(orgA.ctx.owner, { kpiId: plain.id, date: "2026-01-10", value: 3 });
    await expectAppError(
      patchKpi(orgA.ctx.owner, plain.id, { formula: { numerator: s.won.id, denominator: s.opportunities.id } }),
      "validation",
    );
    const rate = await createFormula(winRateBody(s.stream.id, s.won.id, s.opportunities.id));
    await patchKpi(orgA.ctx.owner, rate.body.id, { formula: null });
    expect((await getKpi(orgA.ctx.owner, rate.body.id)).formula).toBeNull();
  });
});

describe("an input in use keeps its formula whole", () => {
  test("deleting it answers 409 kpi_in_formula; archiving is refused; a new cadence is 422 naming cadence", async () => {
    const s = await salesInputs();
    const rate = await createFormula(winRateBody(s.stream.id, s.won.id, s.opportunities.id));
    const gone = await call(deleteKpiRoute, {
      token: write,
      method: "DELETE",
      path: `/kpis/${s.won.id}`,
      params: { id: s.won.id },
    });
    expect(gone.status).toBe(409);
    expect(apiError(gone).code).toBe("kpi_in_formula");
    expect(apiError(gone).message).toContain(rate.body.key);
    await expectAppError(setKpiArchived(orgA.ctx.owner, { kpiId: s.won.id }, true), "conflict");
    await expectAppError(patchKpi(orgA.ctx.owner, s.won.id, { archived: true }), "conflict");
    const cadence = await expectAppError(
      patchKpi(orgA.ctx.owner, s.opportunities.id, { cadence: "week", rebucket: true }),
      "validation",
    );
    expect(Object.keys(cadence.fields ?? {})).toEqual(["cadence"]);
    const won = await getKpi(orgA.ctx.owner, s.won.id);
    expect(won.archivedAt).toBeNull();
    expect((await getKpi(orgA.ctx.owner, s.opportunities.id)).cadence).toBe("month");
    // Once the formula is gone, the input can go.
    await deleteKpi(orgA.ctx.owner, { kpiId: rate.body.id });
    await deleteKpi(orgA.ctx.owner, { kpiId: s.won.id });
  });

  test("a stream whose KPI feeds a formula elsewhere can't be deleted; one holding both can", async () => {
    const s = await salesInputs();
    const elsewhere = await createTestStream(orgA.ctx.owner);
    const rate = await createFormula(winRateBody(elsewhere.id, s.won.id, s.opportunities.id));
    await expectAppError(deleteStream(orgA.ctx.owner, { streamId: s.stream.id }), "conflict");
    const db = await getDb();
    await patchKpi(orgA.ctx.owner, rate.body.id, { formula: null });
    const local = await salesInputs();
    await createFormula(winRateBody(local.stream.id, local.won.id, local.opportunities.id));
    await deleteStream(orgA.ctx.owner, { streamId: local.stream.id });
    const left = await db
      .select({ n: count() })
      .from(kpis)
      .where(and(eq(kpis.orgId, orgA.org.id), eq(kpis.streamId, local.stream.id)));
    expect(left[0]!.n).toBe(0);
  });
});
