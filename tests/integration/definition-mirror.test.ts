import { beforeEach, describe, expect, test } from "vitest";
import { GET as getKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { GET as listKpisRoute } from "@/app/api/v1/kpis/route";
import { getKpi, listKpis, patchKpi } from "@/lib/data/kpis";
import { exportMeasurements, recordMeasurement } from "@/lib/data/measurements";
import { getStream } from "@/lib/data/streams";
import { apiToken, call } from "../helpers/api";
import { injectedClock } from "../helpers/clock";
import { createTenants, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";

/*
 * The kpis row mirrors today's definition for lists, headers, filters and the API. A version planned
 * for a later date takes effect there on its date, with nobody writing again (lib/data/definition-mirror.ts).
 */

let orgA: OrgFixture;
let orgB: OrgFixture;
const at = injectedClock();

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

async function plannedKpi() {
  at("2026-11-10T10:00:00Z");
  const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
  const kpi = await createTestKpi(orgA.ctx.owner, stream.id, {
    baseline: 0,
    target: 100,
    cadence: "month",
    teamId: orgA.teams.production.id,
  });
  await patchKpi(orgA.ctx.owner, kpi.id, {
    target: 140,
    weight: 2,
    teamId: orgA.teams.delivery.id,
    validFrom: "2027-01-01",
  });
  return { kpi, stream };
}

describe("a definition planned from a later date", () => {
  test("takes effect on its date in the KPI page, the stream's list, the API and the filters", async () => {
    const { kpi, stream } = await plannedKpi();
    const { secret } = await apiToken(orgA.ctx.owner, "read");
    const apiKpi = async () =>
      (
        await call<{ target: number; weight: number; teamId: string }>(getKpiRoute, {
          token: secret,
          path: `/kpis/${kpi.id}`,
          params: { id: kpi.id },
        })
      ).body;
    const teamKeys = async (teamId: string) => (await listKpis(orgA.ctx.owner, { teamId })).map((k) => k.key);

    // Before the date: the definition of today everywhere.
    at("2026-12-31T23:59:00Z");
    expect(await getKpi(orgA.ctx.owner, kpi.id)).toMatchObject({ target: 100, weight: 1 });
    expect(await apiKpi()).toMatchObject({ target: 100, weight: 1, teamId: orgA.teams.production.id });
    expect(await teamKeys(orgA.teams.production.id)).toEqual([kpi.key]);
    expect(await teamKeys(orgA.teams.delivery.id)).toEqual([]);

    // The clock passes validFrom; nobody writes.
    at("2027-01-01T00:01:00Z");
    expect(await getKpi(orgA.ctx.owner, kpi.id)).toMatchObject({ target: 140, weight: 2, teamName: "Delivery" });
    expect(await apiKpi()).toMatchObject({ target: 140, weight: 2, teamId: orgA.teams.delivery.id });
    const listed = await call<{ data: { id: string; target: number }[] }>(listKpisRoute, {
      token: secret,
      path: "/kpis",
      query: { team: orgA.teams.delivery.id },
    });
    expect(listed.body.data).toEqual([expect.objectContaining({ id: kpi.id, target: 140 })]);
    expect(await teamKeys(orgA.teams.production.id)).toEqual([]);
    expect((await getStream(orgA.ctx.owner, stream.id)).kpis).toEqual([
      expect.objectContaining({ id: kpi.id, target: 140 }),
    ]);
    // The export of the new team now holds the KPI's values.
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2027-01-05", value: 70 });
    expect((await exportMeasurements(orgA.ctx.owner, { teamId: orgA.teams.delivery.id })).map((r) => r.kpi)).toEqual([
      kpi.key,
    ]);

    // Moving back before the date (a test clock only) draws the earlier definition again.
    at("2026-12-15T12:00:00Z");
    expect(await getKpi(orgA.ctx.owner, kpi.id)).toMatchObject({ target: 100, weight: 1 });
  });

  test("a later write keeps the planned version: a PATCH after the date merges from the definition in force", async () => {
    const { kpi } = await plannedKpi();
    at("2027-01-05T09:00:00Z");
    await patchKpi(orgA.ctx.owner, kpi.id, { name: "Renamed" });
    expect(await getKpi(orgA.ctx.owner, kpi.id)).toMatchObject({ name: "Renamed", target: 140, weight: 2 });
  });

  test("another organisation's mirror is not touched", async () => {
    await plannedKpi();
    const stream = await createTestStream(orgB.ctx.owner, { kind: "production" });
    const other = await createTestKpi(orgB.ctx.owner, stream.id, { baseline: 0, target: 50 });
    at("2027-01-02T00:00:00Z");
    expect(await getKpi(orgB.ctx.owner, other.id)).toMatchObject({ target: 50 });
  });
});
