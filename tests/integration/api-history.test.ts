import { beforeEach, describe, expect, test } from "vitest";
import { PATCH as patchKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { GET as measurementsRoute } from "@/app/api/v1/kpis/[id]/measurements/route";
import { GET as versionsRoute } from "@/app/api/v1/kpis/[id]/versions/route";
import { POST as bulkRoute } from "@/app/api/v1/measurements/route";
import { GET as scoresRoute } from "@/app/api/v1/scores/route";
import { deleteMeasurement, recordMeasurement } from "@/lib/data/measurements";
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

describe("GET /kpis/{id}/measurements?knownAt=&history=true", () => {
  interface Listed {
    knownAt: string;
    history: boolean;
    data: {
      period: string;
      value: number | null;
      note: string | null;
      updatedAt?: string;
      recordedAt?: string;
      deleted?: boolean;
      author?: { kind: string; name: string | null } | null;
    }[];
  }
  const list = (id: string, query: Record<string, string | undefined> = {}) =>
    call<Listed>(measurementsRoute, { token: write, path: `/kpis/${id}/measurements`, params: { id }, query });

  /**
   * October: 40 by the owner on 1 Nov, corrected to 45 by a token on 10 Nov, deleted on 15 Nov, and
   * recorded again as 47 on 20 Nov. September: backfilled on 20 Nov.
   */
  async function edited() {
    at("2026-11-01T09:00:00Z");
    const kpi = await kpiOf(orgA);
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-05", value: 40, note: "first count" });
    at("2026-11-10T09:00:00Z");
    const bulk = await call(bulkRoute, {
      token: write,
      method: "POST",
      path: "/measurements",
      body: { measurements: [{ kpiId: kpi.key, date: "2026-10-20", value: 45, note: "recount" }] },
    });
    expect(bulk.status).toBe(200);
    at("2026-11-15T09:00:00Z");
    await deleteMeasurement(orgA.ctx.owner, { kpiId: kpi.id, period: "2026-10-01" });
    at("2026-11-20T09:00:00Z");
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-31", value: 47 });
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-09-03", value: 30 });
    return kpi;
  }

  test("values as known at an instant: the version in force then; a deletion hides the period; a backfill is not yet there", async () => {
    const kpi = await edited();
    const values = async (knownAt?: string) =>
      (await list(kpi.id, { knownAt })).body.data.map((m) => [m.period, m.value]);
    expect(await values("2026-10-31")).toEqual([]);
    expect(await values("2026-11-01")).toEqual([["2026-10-01", 40]]);
    expect(await values("2026-11-12T00:00:00Z")).toEqual([["2026-10-01", 45]]);
    expect(await values("2026-11-15")).toEqual([]);
    expect(await values()).toEqual([
      ["2026-09-01", 30],
      ["2026-10-01", 47],
    ]);
    const then = await list(kpi.id, { knownAt: "2026-11-10" });
    expect(then.body).toMatchObject({
      knownAt: "2026-11-10T23:59:59.999Z",
      history: false,
      data: [{ period: "2026-10-01", value: 45, note: "recount", updatedAt: "2026-11-10T09:00:00.000Z" }],
    });
    // A knownAt after now is answered with today's knowledge, and says so, as /scores does.
    const later = await list(kpi.id, { knownAt: "2030-01-01" });
    expect(later.body.knownAt).toBe("2026-11-20T09:00:00.000Z");
    expect(later.body.data.map((m) => m.value)).toEqual([30, 47]);
    // from/to still bound the periods.
    expect((await list(kpi.id, { from: "2026-10-15", knownAt: "2026-11-01" })).body.data).toHaveLength(1);
    expect((await list(kpi.id, { to: "2026-09-30" })).body.data.map((m) => m.value)).toEqual([30]);
  });

  test("history=true: every version with recordedAt, author (member or token name), note and tombstones", async () => {
    const kpi = await edited();
    const owner = orgA.ctx.owner.user;
    const answer = await list(kpi.key, { history: "true" });
    expect(answer.status).toBe(200);
    expect(answer.body.history).toBe(true);
    expect(answer.body.data).toEqual([
      {
        period: "2026-09-01",
        value: 30,
        deleted: false,
        note: null,
        recordedAt: "2026-11-20T09:00:00.000Z",
        author: { kind: "user", id: owner.id, name: owner.name ?? owner.email },
      },
      expect.objectContaining({
        period: "2026-10-01",
        value: 40,
        note: "first count",
        recordedAt: "2026-11-01T09:00:00.000Z",
        author: expect.objectContaining({ kind: "user" }),
      }),
      expect.objectContaining({
        period: "2026-10-01",
        value: 45,
        note: "recount",
        author: expect.objectContaining({ kind: "token", name: "test write token" }),
      }),
      expect.objectContaining({
        period: "2026-10-01",
        value: null,
        deleted: true,
        recordedAt: "2026-11-15T09:00:00.000Z",
      }),
      expect.objectContaining({
        period: "2026-10-01",
        value: 47,
        deleted: false,
        recordedAt: "2026-11-20T09:00:00.000Z",
      }),
    ]);
    // With knownAt: only the versions recorded by then.
    const then = await list(kpi.key, { history: "true", knownAt: "2026-11-12" });
    expect(then.body.data.map((v) => v.value)).toEqual([40, 45]);
  });

  test.each<[string, Record<string, string>, string]>([
    ["a knownAt that is no date", { knownAt: "last week" }, "knownAt"],
    ["a knownAt that is no real day", { knownAt: "2026-02-30" }, "knownAt"],
    ["history neither true nor false", { history: "yes" }, "history"],
  ])("%s: 422 naming %s", async (_label, query, field) => {
    at("2026-11-20T09:00:00Z");
    const kpi = await kpiOf(orgA);
    const answer = await list(kpi.id, query);
    expect(answer.status).toBe(422);
    expect(JSON.stringify(apiError(answer).details)).toContain(field);
  });

  test("another organisation's KPI: 404, with or without history", async () => {
    const other = await kpiOf(orgB);
    await recordMeasurement(orgB.ctx.owner, { kpiId: other.id, date: "2026-10-05", value: 40 });
    expect((await list(other.id)).status).toBe(404);
    expect((await list(other.key, { history: "true" })).status).toBe(404);
    expect((await list(other.id, { knownAt: "2026-11-01" })).status).toBe(404);
  });
});
