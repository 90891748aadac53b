import { and, asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { PATCH as patchKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { getDb } from "@/db/client";
import { kpis, measurements } from "@/db/schema";
import { cadencePreview } from "@/lib/data/cadence-change";
import { sqlState } from "@/lib/data/constraint-errors";
import { recordMeasurement } from "@/lib/data/measurements";
import { updateKpi } from "@/lib/data/kpis";
import { loadScoringData } from "@/lib/data/scores";
import { updateKpiSchema } from "@/lib/validations/kpi";
import { apiError, apiToken, call } from "../helpers/api";
import { createTenants, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";
import { injectedClock } from "../helpers/clock";

/*
 * Cadence changes (DESIGN "Time"): every value goes to the new period holding its old period's start,
 * the latest old value of a new period wins, written as new versions recorded now. Cases computed by
 * hand: 2026-06-01, 06-08, 06-29, 07-06 and 07-13 are Mondays (06-29's week counts for June); 1 July
 * 2026 is a Wednesday (its week starts 29 June) and 1 August a Saturday (its week starts 27 July).
 */

let orgA: OrgFixture;
let orgB: OrgFixture;
let write: string;
const at = injectedClock();

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
  write = (await apiToken(orgA.ctx.owner, "write")).secret;
});

const patch = (id: string, body: unknown) =>
  call(patchKpiRoute, { token: write, method: "PATCH", path: `/kpis/${id}`, params: { id }, body });

async function kpiWith(cadence: "week" | "month", values: [string, number][], fixture = orgA) {
  const stream = await createTestStream(fixture.ctx.owner, { kind: "production" });
  const kpi = await createTestKpi(fixture.ctx.owner, stream.id, { baseline: 0, target: 100, cadence });
  for (const [date, value] of values) await recordMeasurement(fixture.ctx.owner, { kpiId: kpi.id, date, value });
  return kpi;
}

/** The KPI's current values, read from the table. */
async function stored(kpiId: string) {
  const db = await getDb();
  const rows = await db
    .select({ period: measurements.period, value: measurements.value, cadence: measurements.cadence })
    .from(measurements)
    .where(and(eq(measurements.orgId, orgA.org.id), eq(measurements.kpiId, kpiId)))
    .orderBy(asc(measurements.period));
  return rows;
}

/** The KPI's series as scoring reads it, as known at `knownAt` (the history) or now (the table). */
async function seriesKnownAt(kpiId: string, knownAt?: Date) {
  const data = await loadScoringData(orgA.ctx.owner, "organisation", "2026-12-31", { history: "all", knownAt });
  const row = data.kpis.find((k) => k.kpi.id === kpiId)!;
  return row.series.periods.map((period, i) => [period, row.series.values[i]]);
}

async function cadenceOf(kpiId: string) {
  const db = await getDb();
  const [row] = await db.select({ cadence: kpis.cadence }).from(kpis).where(eq(kpis.id, kpiId));
  return row!.cadence;
}

const WEEKS: [string, number][] = [
  ["2026-06-01", 10],
  ["2026-06-08", 20],
  ["2026-06-29", 30],
  ["2026-07-06", 40],
  ["2026-07-13", 50],
];

describe("PATCH /kpis/{id} with a new cadence", () => {
  test("weekly → monthly with rebucket: each month takes its latest week; as known then keeps the weeks", async () => {
    at("2026-07-20T09:00:00Z");
    const kpi = await kpiWith("week", WEEKS);
    const before = new Date("2026-07-20T09:00:00Z");
    at("2026-07-21T09:00:00Z");
    const answer = await patch(kpi.id, { cadence: "month", rebucket: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ cadence: "month" });
    expect(await stored(kpi.id)).toEqual([
      { period: "2026-06-01", value: 30, cadence: "month" },
      { period: "2026-07-01", value: 50, cadence: "month" },
    ]);
    expect(await seriesKnownAt(kpi.id, new Date("2026-07-21T10:00:00Z"))).toEqual([
      ["2026-06-01", 30],
      ["2026-07-01", 50],
    ]);
    expect(await seriesKnownAt(kpi.id)).toEqual([
      ["2026-06-01", 30],
      ["2026-07-01", 50],
    ]);
    // As known then (before the change): the weekly series, untouched.
    expect(await seriesKnownAt(kpi.id, before)).toEqual(WEEKS);
    // A value recorded now files under the month.
    at("2026-07-22T09:00:00Z");
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-07-20", value: 55 });
    expect((await stored(kpi.id)).map((r) => [r.period, r.value])).toEqual([
      ["2026-06-01", 30],
      ["2026-07-01", 55],
    ]);
  });

  test("monthly → weekly with rebucket: each month goes to the week holding its first day", async () => {
    at("2026-08-10T09:00:00Z");
    const kpi = await kpiWith("month", [
      ["2026-06-15", 100],
      ["2026-07-15", 200],
      ["2026-08-05", 300],
    ]);
    at("2026-08-11T09:00:00Z");
    const answer = await patch(kpi.key, { cadence: "week", rebucket: true });
    expect(answer.status).toBe(200);
    expect((await stored(kpi.id)).map((r) => [r.period, r.value, r.cadence])).toEqual([
      ["2026-06-01", 100, "week"],
      ["2026-06-29", 200, "week"],
      ["2026-07-27", 300, "week"],
    ]);
    expect(await seriesKnownAt(kpi.id, new Date("2026-08-10T23:00:00Z"))).toEqual([
      ["2026-06-01", 100],
      ["2026-07-01", 200],
      ["2026-08-01", 300],
    ]);
  });

  test("without rebucket on a KPI with values: 409 cadence_has_values, nothing changed", async () => {
    at("2026-07-20T09:00:00Z");
    const kpi = await kpiWith("week", WEEKS);
    const answer = await patch(kpi.id, { cadence: "month", target: 150 });
    expect(answer.status).toBe(409);
    const error = apiError(answer);
    expect(error.code).toBe("cadence_has_values");
    expect(error.message).toContain("5 values");
    expect(error.message).toContain('"rebucket": true');
    expect(await cadenceOf(kpi.id)).toBe("week");
    expect((await stored(kpi.id)).map((r) => [r.period, r.value])).toEqual(WEEKS);
  });

  test("rebucket on a KPI without values: 422 naming rebucket, nothing changed", async () => {
    at("2026-07-20T09:00:00Z");
    const kpi = await kpiWith("week", []);
    const answer = await patch(kpi.id, { cadence: "month", rebucket: true });
    expect(answer.status).toBe(422);
    expect(apiError(answer).details).toEqual([expect.objectContaining({ path: "rebucket" })]);
    expect(await cadenceOf(kpi.id)).toBe("week");
    // Without rebucket, a KPI without values just changes its cadence.
    expect((await patch(kpi.id, { cadence: "month" })).status).toBe(200);
    expect(await cadenceOf(kpi.id)).toBe("month");
  });

  test("another organisation's KPI: 404, nothing changed", async () => {
    at("2026-07-20T09:00:00Z");
    const kpi = await kpiWith("week", WEEKS.slice(0, 2), orgB);
    expect((await patch(kpi.id, { cadence: "month", rebucket: true })).status).toBe(404);
    expect(await cadenceOf(kpi.id)).toBe("week");
  });
});

describe("the database holds one value per period of the current cadence", () => {
  async function refused(work: () => Promise<unknown>) {
    const error = await work().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    return sqlState(error);
  }

  test("a period that is not the start of the KPI's bucket is refused", async () => {
    at("2026-07-20T09:00:00Z");
    const kpi = await kpiWith("week", [["2026-06-08", 20]]);
    const db = await getDb();
    // A Wednesday in a weekly KPI; a month start named with a cadence that is not the KPI's.
    expect(
      await refused(() =>
        db.insert(measurements).values({ orgId: orgA.org.id, kpiId: kpi.id, period: "2026-06-03", value: 1 }),
      ),
    ).toBe("23514");
    expect(
      await refused(() =>
        db.execute(sql`insert into measurements (org_id, kpi_id, period, value, cadence)
                       values (${orgA.org.id}, ${kpi.id}, '2026-07-01', 1, 'month')`),
      ),
    ).toBe("23503");
    // Changing the KPI's cadence under its values is refused too: they would not start its buckets.
    expect(await refused(() => db.execute(sql`update kpis set cadence = 'month' where id = ${kpi.id}`))).toBe("23514");
    expect(await cadenceOf(kpi.id)).toBe("week");
    expect((await stored(kpi.id)).map((r) => [r.period, r.value])).toEqual([["2026-06-08", 20]]);
  });
});

describe("the edit form", () => {
  const form = (kpiId: string, fields: Record<string, unknown>) =>
    updateKpiSchema.parse({
      kpiId,
      name: "Units",
      kind: "output",
      unit: "units",
      direction: "increase",
      baseline: "0",
      target: "100",
      cadence: "month",
      ...fields,
    });

  test("previews the change: 5 weekly values into 2 months, the latest examples old → new", () => {
    expect(
      cadencePreview(
        WEEKS.map(([period, value]) => ({ period, value })),
        "week",
        "month",
      ),
    ).toEqual({
      before: 5,
      after: 2,
      merged: 5,
      moved: 0,
      stayed: 0,
      dropped: 3,
      examples: [
        { from: "2026-06-29", to: "2026-06-01", value: 30 },
        { from: "2026-07-06", to: "2026-07-01", value: 40 },
        { from: "2026-07-13", to: "2026-07-01", value: 50 },
      ],
    });
  });

  test("without the confirmation box nothing changes (a field message on cadence); ticked, it re-buckets", async () => {
    at("2026-07-20T09:00:00Z");
    const kpi = await kpiWith("week", WEEKS);
    const refused = await updateKpi(orgA.ctx.owner, form(kpi.id, {})).then(
      () => null,
      (e: unknown) => e as { code: string; fields?: Record<string, string[]> },
    );
    expect(refused?.code).toBe("conflict");
    expect(refused?.fields?.cadence?.[0]).toContain("5 values");
    expect(await cadenceOf(kpi.id)).toBe("week");
    expect((await stored(kpi.id)).map((r) => [r.period, r.value])).toEqual(WEEKS);

    await updateKpi(orgA.ctx.owner, form(kpi.id, { rebucket: "on" }));
    expect(await cadenceOf(kpi.id)).toBe("month");
    expect((await stored(kpi.id)).map((r) => [r.period, r.value])).toEqual([
      ["2026-06-01", 30],
      ["2026-07-01", 50],
    ]);
  });
});
