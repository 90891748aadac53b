import { beforeEach, describe, expect, test } from "vitest";
import { DELETE as deleteKpiRoute, GET as getKpiRoute, PATCH as patchKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { GET as listMeasurementsRoute } from "@/app/api/v1/kpis/[id]/measurements/route";
import { GET as listKpisRoute, POST as createKpiRoute } from "@/app/api/v1/kpis/route";
import { GET as scoresRoute } from "@/app/api/v1/scores/route";
import {
  DELETE as deleteStreamRoute,
  GET as getStreamRoute,
  PATCH as patchStreamRoute,
} from "@/app/api/v1/streams/[id]/route";
import { GET as listStreamsRoute, POST as createStreamRoute } from "@/app/api/v1/streams/route";
import { POST as createTeamRoute } from "@/app/api/v1/teams/route";
import { GET as unknownRoute } from "@/app/api/v1/[...path]/route";
import { recordMeasurement } from "@/lib/data/measurements";
import { apiError, apiToken, call, tenantsWithTokens } from "../helpers/api";
import { createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;
let write: string;
let read: string;

beforeEach(async () => {
  ({ orgA, orgB, write, read } = await tenantsWithTokens());
});

interface StreamBody {
  id: string;
  name: string;
  archived: boolean;
  stages: {
    id: string;
    name: string;
    position: number;
    capacity: number;
    utilisation: number | null;
    bottleneck: boolean;
    resources: { name: string; capacity: number }[];
  }[];
  capacity: {
    demand: number | null;
    pace: number | null;
    bottleneckStageId: string | null;
    leadTime: number | null;
    rolledPctCA: number | null;
  };
  kpis: { id: string; key: string }[];
}

const line = {
  name: "Bikes",
  kind: "production",
  demandAmount: 120,
  demandUnit: "bikes",
  demandPeriod: "week",
  stages: [
    {
      name: "Machining",
      wip: 30,
      pctCA: 0.9,
      resources: [{ kind: "machine", name: "CNC", quantity: 2, rate: 40, availability: 0.9 }],
    },
    { name: "Assembly", wip: 20, resources: [{ kind: "people", name: "Fitters", quantity: 5, rate: 20 }] },
  ],
};

describe("value streams", () => {
  test("create with stages and resources; the answer carries the capacity figures", async () => {
    const body = { ...line, stages: [line.stages[0], { ...line.stages[1], teamId: orgA.teams.production.id }] };
    const answer = await call<StreamBody>(createStreamRoute, { token: write, path: "/streams", body });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBe(`/api/v1/streams/${answer.body.id}`);
    const stream = answer.body;
    expect(stream.stages.map((s) => [s.name, s.position, s.capacity, s.bottleneck])).toEqual([
      ["Machining", 0, 72, true],
      ["Assembly", 1, 100, false],
    ]);
    // Machining: 2 × 40 × 0.9 = 72 a week for a demand of 120: utilisation 1.67, the bottleneck.
    expect(stream.stages[0]!.utilisation).toBeCloseTo(120 / 72);
    expect(stream.capacity).toMatchObject({ demand: 120, pace: 72, bottleneckStageId: stream.stages[0]!.id });
    expect(stream.capacity.leadTime).toBeCloseTo(50 / 72);
    expect(stream.capacity.rolledPctCA).toBeCloseTo(0.9);
    // Read back, by a read token, in a list and alone.
    const list = await call<{ data: { id: string; stageCount: number }[] }>(listStreamsRoute, {
      token: read,
      path: "/streams",
    });
    expect(list.body.data).toEqual([expect.objectContaining({ id: stream.id, stageCount: 2 })]);
    const one = await call<StreamBody>(getStreamRoute, {
      token: read,
      path: `/streams/${stream.id}`,
      params: { id: stream.id },
    });
    expect(one.body).toEqual(stream);
  });

  test("a stage's team must be the organisation's (422 naming the stage)", async () => {
    const body = { ...line, stages: [{ name: "Assembly", teamId: orgB.teams.production.id }] };
    const answer = await call(createStreamRoute, { token: write, path: "/streams", body });
    expect(answer.status).toBe(422);
    expect(apiError(answer).details).toEqual([
      { path: "stages.0.teamId", message: "Choose a team from this organisation." },
    ]);
    expect((await call<{ data: unknown[] }>(listStreamsRoute, { token: read, path: "/streams" })).body.data).toEqual(
      [],
    );
  });

  test("from a template", async () => {
    const answer = await call<StreamBody>(createStreamRoute, {
      token: write,
      path: "/streams",
      body: { template: "sales" },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.stages.length).toBeGreaterThan(2);
    expect(answer.body.kpis.length).toBeGreaterThan(2);
  });

  test("PATCH changes only the fields given and replaces stages, keeping listed ids", async () => {
    const created = (
      await call<StreamBody>(createStreamRoute, {
        token: write,
        path: "/streams",
        body: { ...line, customerNeed: "A bike a day" },
      })
    ).body;
    const [machining, assembly] = created.stages;
    const kpi = await createTestKpi(orgA.ctx.owner, created.id, { stageId: assembly!.id });
    const patch = {
      name: "Bikes and trikes",
      customerNeed: null,
      stages: [
        { id: assembly!.id, name: "Assembly" },
        { name: "Shipping", resources: [{ kind: "people", name: "Drivers", quantity: 2, rate: 100, availability: 1 }] },
      ],
    };
    const answer = await call<StreamBody & { customerNeed: string | null; demandAmount: number }>(patchStreamRoute, {
      token: write,
      method: "PATCH",
      path: `/streams/${created.id}`,
      params: { id: created.id },
      body: patch,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: "Bikes and trikes", customerNeed: null, demandAmount: 120 });
    expect(
      answer.body.stages.map((s) => [s.id === assembly!.id, s.name, s.position, s.resources.map((r) => r.name)]),
    ).toEqual([
      [true, "Assembly", 0, ["Fitters"]],
      [false, "Shipping", 1, ["Drivers"]],
    ]);
    expect(answer.body.stages.some((s) => s.id === machining!.id)).toBe(false);
    // The KPI stays on its kept stage.
    const kpiAnswer = await call<{ stageId: string }>(getKpiRoute, {
      token: read,
      path: `/kpis/${kpi.id}`,
      params: { id: kpi.id },
    });
    expect(kpiAnswer.body.stageId).toBe(assembly!.id);
    // Archive, then delete.
    const archived = await call<StreamBody>(patchStreamRoute, {
      token: write,
      method: "PATCH",
      params: { id: created.id },
      body: { archived: true },
    });
    expect(archived.body.archived).toBe(true);
    expect(
      (await call<{ data: unknown[] }>(listStreamsRoute, { token: read, query: { archived: "true" } })).body.data,
    ).toHaveLength(1);
    expect((await call(deleteStreamRoute, { token: write, method: "DELETE", params: { id: created.id } })).status).toBe(
      204,
    );
    expect((await call(getStreamRoute, { token: read, params: { id: created.id } })).status).toBe(404);
  });

  test("a stage id of another stream is refused", async () => {
    const first = (await call<StreamBody>(createStreamRoute, { token: write, body: line })).body;
    const second = (await call<StreamBody>(createStreamRoute, { token: write, body: { ...line, name: "Trikes" } }))
      .body;
    const answer = await call(patchStreamRoute, {
      token: write,
      method: "PATCH",
      params: { id: second.id },
      body: { stages: [{ id: first.stages[0]!.id, name: "Stolen" }] },
    });
    expect(answer.status).toBe(422);
    expect(apiError(answer).details).toEqual([
      { path: "stages.0.id", message: "That stage is not one of this stream's." },
    ]);
  });

  test("another organisation's stream, an unknown id and a malformed id are all 404, for every method", async () => {
    const theirs = await createTestStream(orgB.ctx.owner);
    for (const id of [theirs.id, "00000000-0000-4000-8000-000000000000", "not-an-id", "1 or 1=1"]) {
      for (const [handler, method, body] of [
        [getStreamRoute, "GET", undefined],
        [patchStreamRoute, "PATCH", { name: "Mine now" }],
        [deleteStreamRoute, "DELETE", undefined],
      ] as const) {
        const answer = await call(handler, { token: write, method, params: { id }, body });
        expect(answer.status, `${method} ${id}`).toBe(404);
        expect(apiError(answer).code).toBe("not_found");
      }
    }
    expect(
      (
        await call<StreamBody>(getStreamRoute, {
          token: (await apiToken(orgB.ctx.owner, "read")).secret,
          params: { id: theirs.id },
        })
      ).body.name,
    ).toBe(theirs.name);
  });
});

describe("KPIs", () => {
  test("create, read by id or key, list with filters, patch, archive, delete", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "marketing" });
    const other = await createTestStream(orgA.ctx.owner);
    const body = {
      streamId: stream.id,
      name: "Qualified leads",
      kind: "output",
      unit: "leads",
      direction: "increase",
      baseline: 100,
      target: 150,
      cadence: "week",
      teamId: orgA.teams.production.id,
    };
    const answer = await call<{ id: string; key: string; weight: number; archived: boolean }>(createKpiRoute, {
      token: write,
      body,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ key: "MKT-1", weight: 1, archived: false });
    const id = answer.body.id;
    await createTestKpi(orgA.ctx.owner, other.id, { kind: "outcome" });

    const byKey = await call<{ id: string }>(getKpiRoute, { token: read, params: { id: "mkt-1" } });
    expect(byKey.body.id).toBe(id);
    const list = (query: Record<string, string>) =>
      call<{ data: { id: string }[] }>(listKpisRoute, { token: read, query }).then((a) => a.body.data.map((k) => k.id));
    expect(await list({ stream: stream.id })).toEqual([id]);
    expect(await list({ team: orgA.teams.production.id })).toEqual([id]);
    expect(await list({ kind: "outcome" })).not.toContain(id);
    expect(await list({})).toHaveLength(2);

    const patched = await call<{ name: string; target: number; baseline: number | null }>(patchKpiRoute, {
      token: write,
      method: "PATCH",
      params: { id: "MKT-1" },
      body: { target: 180, baseline: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Qualified leads", target: 180, baseline: null });
    // The merged KPI must still agree with its direction.
    const contradiction = await call(patchKpiRoute, {
      token: write,
      method: "PATCH",
      params: { id },
      body: { baseline: 500 },
    });
    expect(contradiction.status).toBe(422);
    expect(apiError(contradiction).details?.[0]?.path).toBe("target");

    await call(patchKpiRoute, { token: write, method: "PATCH", params: { id }, body: { archived: true } });
    expect(await list({})).toHaveLength(1);
    expect(await list({ archived: "true" })).toEqual([id]);
    expect(await list({ archived: "all" })).toHaveLength(2);
    expect((await call(deleteKpiRoute, { token: write, method: "DELETE", params: { id: "MKT-1" } })).status).toBe(204);
    expect((await call(getKpiRoute, { token: read, params: { id } })).status).toBe(404);
  });

  test("a duplicate key → 409; a direction that contradicts baseline and target → 422 naming target", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const body = {
      streamId: stream.id,
      key: "OPS-1",
      name: "Yield",
      kind: "outcome",
      direction: "increase",
      baseline: 90,
      target: 95,
      cadence: "month",
    };
    expect((await call(createKpiRoute, { token: write, body })).status).toBe(201);
    const duplicate = await call(createKpiRoute, { token: write, body: { ...body, key: "ops-1" } });
    expect(duplicate.status).toBe(409);
    expect(apiError(duplicate).code).toBe("conflict");
    const wrong = await call(createKpiRoute, { token: write, body: { ...body, key: "OPS-2", target: 80 } });
    expect(wrong.status).toBe(422);
    expect(apiError(wrong).details).toEqual([{ path: "target", message: expect.stringMatching(/below the baseline/) }]);
  });

  test("another organisation's KPI, stream or team → 404 in paths and filters; in a body → 404 or 422, never a write", async () => {
    const theirStream = await createTestStream(orgB.ctx.owner);
    const theirs = await createTestKpi(orgB.ctx.owner, theirStream.id);
    for (const id of [theirs.id, theirs.key]) {
      expect((await call(getKpiRoute, { token: read, params: { id } })).status).toBe(404);
      expect(
        (await call(patchKpiRoute, { token: write, method: "PATCH", params: { id }, body: { name: "x" } })).status,
      ).toBe(404);
      expect((await call(deleteKpiRoute, { token: write, method: "DELETE", params: { id } })).status).toBe(404);
      expect((await call(listMeasurementsRoute, { token: read, params: { id } })).status).toBe(404);
    }
    expect((await call(listKpisRoute, { token: read, query: { stream: theirStream.id } })).status).toBe(404);
    expect((await call(listKpisRoute, { token: read, query: { team: orgB.teams.production.id } })).status).toBe(404);
    expect((await call(listKpisRoute, { token: read, query: { team: "nope" } })).status).toBe(404);
    const body = {
      streamId: theirStream.id,
      name: "Sneaky",
      kind: "output",
      direction: "increase",
      target: 1,
      cadence: "week",
    };
    expect((await call(createKpiRoute, { token: write, body })).status).toBe(404);
    const mine = await createTestStream(orgA.ctx.owner);
    const withTheirTeam = await call(createKpiRoute, {
      token: write,
      body: { ...body, streamId: mine.id, teamId: orgB.teams.production.id },
    });
    expect(withTheirTeam.status).toBe(422);
    expect(apiError(withTheirTeam).details?.[0]?.path).toBe("teamId");
  });

  test("measurements of a KPI, between from and to (a from inside a period includes it)", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, { cadence: "month" });
    for (const [date, value] of [
      ["2026-01-15", 11],
      ["2026-02-15", 12],
      ["2026-03-15", 13],
    ] as const) {
      await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date, value });
    }
    const answer = await call<{ kpi: { key: string }; data: { period: string; value: number }[] }>(
      listMeasurementsRoute,
      {
        token: read,
        params: { id: kpi.key },
        query: { from: "2026-02-20", to: "2026-03-01" },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.kpi.key).toBe(kpi.key);
    expect(answer.body.data.map((m) => [m.period, m.value])).toEqual([
      ["2026-02-01", 12],
      ["2026-03-01", 13],
    ]);
    const backwards = await call(listMeasurementsRoute, {
      token: read,
      params: { id: kpi.id },
      query: { from: "2026-03-01", to: "2026-01-01" },
    });
    expect(backwards.status).toBe(422);
    expect(apiError(backwards).details?.[0]?.path).toBe("to");
    const unknown = await call(listMeasurementsRoute, {
      token: read,
      params: { id: kpi.id },
      query: { since: "2026-01-01" },
    });
    expect(unknown.status).toBe(422);
    expect(apiError(unknown).details?.[0]?.path).toBe("since");
  });
});

describe("scores", () => {
  test("DESIGN's shape for the organisation, a team and a stream; another organisation's ids → 404", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const output = await createTestKpi(orgA.ctx.owner, stream.id, {
      kind: "output",
      teamId: orgA.teams.production.id,
      baseline: 0,
      target: 100,
    });
    const outcome = await createTestKpi(orgA.ctx.owner, stream.id, {
      kind: "outcome",
      teamId: orgA.teams.delivery.id,
      baseline: 0,
      target: 10,
    });
    await recordMeasurement(orgA.ctx.owner, { kpiId: output.id, date: "2026-03-10", value: 80 });
    await recordMeasurement(orgA.ctx.owner, { kpiId: outcome.id, date: "2026-03-10", value: 2 });

    const org = await call<Record<string, unknown>>(scoresRoute, { token: read, query: { asOf: "2026-03-31" } });
    expect(org.status).toBe(200);
    expect(org.body).toEqual({
      asOf: "2026-03-31",
      knownAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      output: 0.8,
      outcome: 0.2,
      value: expect.closeTo(0.7 * 0.2 + 0.3 * 0.8, 10),
      quadrant: "output_trap",
      outcomeFocus: 0.5,
      coverage: 1,
      kpis: [
        {
          id: output.id,
          key: output.key,
          name: output.name,
          kind: "output",
          attainment: 0.8,
          expected: null,
          status: "on_track",
          stale: false,
        },
        {
          id: outcome.id,
          key: outcome.key,
          name: outcome.name,
          kind: "outcome",
          attainment: 0.2,
          expected: null,
          status: "off_track",
          stale: false,
        },
      ],
    });
    const team = await call<{ kpis: { id: string }[]; quadrant: string }>(scoresRoute, {
      token: read,
      query: { team: orgA.teams.production.id, asOf: "2026-03-31" },
    });
    expect(team.body.kpis.map((k) => k.id)).toEqual([output.id]);
    expect(team.body.quadrant).toBe("blind_spot");
    const streamScores = await call<{ kpis: unknown[] }>(scoresRoute, {
      token: read,
      query: { stream: stream.id, asOf: "2026-03-31" },
    });
    expect(streamScores.body.kpis).toHaveLength(2);
    const today = await call<{ asOf: string }>(scoresRoute, { token: read });
    expect(today.body.asOf).toBe(new Date().toISOString().slice(0, 10));

    const theirStream = await createTestStream(orgB.ctx.owner);
    for (const query of [
      { team: orgB.teams.production.id },
      { stream: theirStream.id },
      { team: "x" },
      { stream: "' or 1=1 --" },
    ]) {
      const answer = await call(scoresRoute, { token: read, query });
      expect(answer.status, JSON.stringify(query)).toBe(404);
      expect(apiError(answer).code).toBe("not_found");
    }
    for (const asOf of ["2026-02-30", "99999-01-01", "1800-01-01", "today"]) {
      const answer = await call(scoresRoute, { token: read, query: { asOf } });
      expect(answer.status, asOf).toBe(422);
      expect(apiError(answer).details?.[0]?.path).toBe("asOf");
    }
  });
});

describe("errors", () => {
  test("malformed JSON → 400; wrong types and unknown fields → 422 naming the fields; unknown paths → 404 JSON", async () => {
    const malformed = await call(createTeamRoute, { token: write, raw: '{"name": "Quality",' });
    expect(malformed.status).toBe(400);
    expect(apiError(malformed).code).toBe("malformed");
    expect((await call(createTeamRoute, { token: write, raw: "" })).status).toBe(400);
    const wrong = await call(createTeamRoute, { token: write, body: { name: 42, colour: "red" } });
    expect(wrong.status).toBe(422);
    expect(
      apiError(wrong)
        .details?.map((d) => d.path)
        .sort(),
    ).toEqual(["colour", "name"]);
    const notObject = await call(createTeamRoute, { token: write, body: [1, 2] });
    expect(notObject.status).toBe(422);
    const unknown = await call(unknownRoute, { token: null, params: { path: ["nope"] } });
    expect(unknown.status).toBe(404);
    expect(apiError(unknown).code).toBe("not_found");
  });

  test("a duplicate team name → 409 conflict", async () => {
    const answer = await call(createTeamRoute, { token: write, body: { name: "production" } });
    expect(answer.status).toBe(409);
    expect(apiError(answer)).toMatchObject({
      code: "conflict",
      details: [{ path: "name", message: expect.any(String) }],
    });
  });
});
