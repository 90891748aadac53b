import { beforeEach, describe, expect, test } from "vitest";
import { PATCH as patchKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { GET as versionsRoute } from "@/app/api/v1/kpis/[id]/versions/route";
import { GET as scoresRoute } from "@/app/api/v1/scores/route";
import { recordMeasurement } from "@/lib/data/measurements";
import { apiError, apiToken, call } from "../helpers/api";
import { createTenants, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";
import { injectedClock } from "../helpers/clock";

let orgA: OrgFixture;
let orgB: OrgFixture;
let write: string;
const at = injectedClock();

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
  write = (await apiToken(orgA.ctx.owner, "write")).secret;
});

async function kpiOf(fixture: OrgFixture) {
  const stream = await createTestStream(fixture.ctx.owner, { kind: "production" });
  return createTestKpi(fixture.ctx.owner, stream.id, { baseline: 0, target: 100, cadence: "month" });
}

const patch = (id: string, body: unknown) =>
  call(patchKpiRoute, { token: write, method: "PATCH", path: `/kpis/${id}`, params: { id }, body });

interface Scores {
  asOf: string;
  knownAt: string;
  kpis: { id: string; attainment: number | null; expected: number | null; status: string }[];
}

describe("PATCH /kpis/{id} with validFrom, GET /kpis/{id}/versions", () => {
  test("a target from next quarter is a version, by the token; the KPI today keeps its target", async () => {
    at("2026-11-10T10:00:00Z");
    const kpi = await kpiOf(orgA);
    const answer = await patch(kpi.id, { target: 140, validFrom: "2027-01-01" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ target: 100, targetDate: null });
    const versions = await call<{ data: Record<string, unknown>[] }>(versionsRoute, {
      token: write,
      path: `/kpis/${kpi.key}/versions`,
      params: { id: kpi.key },
    });
    expect(versions.status).toBe(200);
    expect(versions.body.data).toEqual([
      expect.objectContaining({ validFrom: "2000-01-01", target: 100, changes: [] }),
      expect.objectContaining({
        validFrom: "2027-01-01",
        recordedAt: "2026-11-10T10:00:00.000Z",
        target: 140,
        author: expect.objectContaining({ kind: "token" }),
        changes: [{ field: "target", from: 100, to: 140 }],
      }),
    ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["validFrom not a date", { target: 150, validFrom: "2027-02-30" }, "validFrom"],
    ["validFrom before 2000", { target: 150, validFrom: "1999-06-01" }, "validFrom"],
    ["a target date before the plan start", { targetDate: "2026-12-01", planStart: "2027-01-01" }, "targetDate"],
    ["a direction contradicting a future version", { direction: "decrease", validFrom: "2027-01-01" }, "target"],
  ])("%s: 422 naming %s, nothing written", async (_label, body, field) => {
    at("2026-11-10T10:00:00Z");
    const kpi = await kpiOf(orgA);
    const answer = await patch(kpi.id, body);
    expect(answer.status).toBe(422);
    expect(JSON.stringify(apiError(answer).details)).toContain(field);
    const versions = await call<{ data: unknown[] }>(versionsRoute, {
      token: write,
      path: `/kpis/${kpi.id}/versions`,
      params: { id: kpi.id },
    });
    expect(versions.body.data).toHaveLength(1);
  });

  test("another organisation's KPI: 404", async () => {
    const other = await kpiOf(orgB);
    const answer = await call(versionsRoute, {
      token: write,
      path: `/kpis/${other.id}/versions`,
      params: { id: other.id },
    });
    expect(answer.status).toBe(404);
    expect((await patch(other.id, { target: 150 })).status).toBe(404);
  });
});

describe("GET /scores?knownAt=", () => {
  test("as known then hides a later backfill; the answer says its knownAt; expected comes with a target date", async () => {
    at("2026-10-01T09:00:00Z");
    const kpi = await kpiOf(orgA);
    await patch(kpi.id, { targetDate: "2026-12-31", planStart: "2026-10-01" });
    at("2026-11-20T09:00:00Z");
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-10", value: 40 });
    const scores = (knownAt?: string) =>
      call<Scores>(scoresRoute, { token: write, path: "/scores", query: { asOf: "2026-10-31", knownAt } });

    const now = await scores();
    expect(now.body.knownAt).toBe("2026-11-20T09:00:00.000Z");
    // e = (2026-10-31 − 2026-10-01) / (2026-12-31 − 2026-10-01) = 30 / 91 days.
    expect(now.body.kpis).toEqual([
      expect.objectContaining({ id: kpi.id, attainment: 0.4, expected: 30 / 91, status: "on_track" }),
    ]);
    const then = await scores("2026-10-31");
    expect(then.body.knownAt).toBe("2026-10-31T23:59:59.999Z");
    expect(then.body.kpis).toEqual([expect.objectContaining({ id: kpi.id, attainment: null, status: "no_data" })]);
    // A knownAt after now is answered with today's knowledge.
    expect((await scores("2030-01-01")).body.knownAt).toBe("2026-11-20T09:00:00.000Z");
  });

  test("a knownAt that is no date: 422 naming knownAt", async () => {
    const answer = await call(scoresRoute, { token: write, path: "/scores", query: { knownAt: "yesterday" } });
    expect(answer.status).toBe(422);
    expect(JSON.stringify(apiError(answer).details)).toContain("knownAt");
  });
});
