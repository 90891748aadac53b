import { beforeEach, describe, expect, test } from "vitest";
import { POST as applyRoute } from "@/app/api/v1/scenarios/[id]/apply/route";
import * as scenarioRoute from "@/app/api/v1/scenarios/[id]/route";
import * as streamScenariosRoute from "@/app/api/v1/streams/[id]/scenarios/route";
import { GET as streamRoute } from "@/app/api/v1/streams/[id]/route";
import { scoreScope } from "@/lib/data/scores";
import { apiError, apiToken, call, type RouteHandler, tenantsWithTokens } from "../helpers/api";
import { auditEntries, createTestStream, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;
let write: string;
let read: string;

beforeEach(async () => {
  ({ orgA, orgB, write, read } = await tenantsWithTokens());
});

interface Delta {
  current: number | null;
  draft: number | null;
  changed: boolean;
}
interface Scenario {
  id: string;
  streamId: string;
  name: string;
  setup: {
    demand: number | null;
    stages: { id: string; name: string; resources: { id: string; name: string; quantity: number }[] }[];
  };
  comparison: {
    pace: Delta;
    leadTime: Delta;
    bottleneck: { current: { name: string } | null; draft: { name: string } | null; moved: boolean };
    stages: { name: string; utilisation: Delta; extraNeeded: Delta }[];
    changes: number;
  };
}

const plan = (streamId: string, body: unknown, token = write) =>
  call<Scenario>(streamScenariosRoute.POST as RouteHandler, {
    token,
    method: "POST",
    path: `/streams/${streamId}/scenarios`,
    params: { id: streamId },
    body,
  });
const patch = (id: string, body: unknown) =>
  call<Scenario>(scenarioRoute.PATCH as RouteHandler, {
    token: write,
    method: "PATCH",
    path: `/scenarios/${id}`,
    params: { id },
    body,
  });
const stream = (id: string) =>
  call<{
    capacity: { pace: number; bottleneckStageId: string };
    stages: { name: string; resources: { name: string; quantity: number }[] }[];
  }>(streamRoute, { token: read, path: `/streams/${id}`, params: { id } });

/** The marketing template: Produce content is the bottleneck (400 / 416 leads = 96 %), Plan campaigns next (400 / 432). */
const marketing = (fixture = orgA) => createTestStream(fixture.ctx.owner, { kind: "marketing", template: "marketing" });

describe("scenarios through the API", () => {
  test("plan a change, add one content writer: the bottleneck moves to Plan campaigns; the stream and its scores stay; apply writes it", async () => {
    const s = await marketing();
    const scoresBefore = await scoreScope(orgA.ctx.owner, { streamId: s.id }, "2026-11-25");
    const created = await plan(s.id, { name: "One more writer" });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/scenarios/${created.body.id}`);
    expect(created.body.comparison.bottleneck).toEqual({
      current: expect.objectContaining({ name: "Produce content" }),
      draft: expect.objectContaining({ name: "Produce content" }),
      moved: false,
    });
    expect(created.body.comparison.changes).toBe(0);

    const content = created.body.setup.stages.find((st) => st.name === "Produce content")!;
    const writers = content.resources.find((r) => r.name === "Content writers")!;
    const changed = await patch(created.body.id, {
      stages: [{ id: content.id, resources: [{ id: writers.id, quantity: writers.quantity + 1 }] }],
    });
    expect(changed.status).toBe(200);
    const { comparison } = changed.body;
    expect(comparison.bottleneck.moved).toBe(true);
    expect(comparison.bottleneck.draft?.name).toBe("Plan campaigns");
    // By hand: 3 writers × 12 × 0.9 + 20 = 52.4 pieces → 524 leads; 400 / 524.
    const contentStage = comparison.stages.find((st) => st.name === "Produce content")!;
    expect(contentStage.utilisation.current).toBeCloseTo(400 / 416, 9);
    expect(contentStage.utilisation.draft).toBeCloseTo(400 / 524, 9);
    expect(comparison.pace).toMatchObject({ current: 400, draft: 400, changed: false });
    expect(comparison.changes).toBe(1);

    // A draft changes neither the stream nor any score.
    const today = await stream(s.id);
    expect(today.body.stages.find((st) => st.name === "Produce content")!.resources[0]!.quantity).toBe(2);
    expect(await scoreScope(orgA.ctx.owner, { streamId: s.id }, "2026-11-25")).toEqual(scoresBefore);

    const list = await call<{ data: { id: string; name: string }[] }>(streamScenariosRoute.GET as RouteHandler, {
      token: read,
      path: `/streams/${s.id}/scenarios`,
      params: { id: s.id },
    });
    expect(list.body.data.map((d) => d.name)).toEqual(["One more writer"]);

    const applied = await call<{ stages: { name: string; resources: { name: string; quantity: number }[] }[] }>(
      applyRoute,
      { token: write, method: "POST", path: `/scenarios/${created.body.id}/apply`, params: { id: created.body.id } },
    );
    expect(applied.status).toBe(200);
    const produce = applied.body.stages.find((st) => st.name === "Produce content")!;
    expect(produce.resources.find((r) => r.name === "Content writers")!.quantity).toBe(3);
    expect(await auditEntries(orgA.org.id, "scenario.applied")).toHaveLength(1);
    const gone = await call(scenarioRoute.GET as RouteHandler, {
      token: read,
      path: `/scenarios/${created.body.id}`,
      params: { id: created.body.id },
    });
    expect(gone.status).toBe(404);
  });

  test("a stage or resource the draft lacks is a 422 naming it; a bad figure names its field; nothing changes", async () => {
    const s = await marketing();
    const { body } = await plan(s.id, { name: "Try" });
    const stage = body.setup.stages[0]!;
    for (const [change, path] of [
      [{ stages: [{ id: "00000000-0000-4000-8000-000000000000" }] }, "stages.0.id"],
      [
        { stages: [{ id: stage.id, resources: [{ id: "00000000-0000-4000-8000-000000000000", quantity: 1 }] }] },
        "stages.0.resources.0.id",
      ],
      [{ stages: [{ id: stage.id, conversion: 0 }] }, "stages.0.conversion"],
      [{ demand: -1 }, "demand"],
      [{ name: "" }, "name"],
    ] as const) {
      const answer = await patch(body.id, change);
      expect(answer.status, path).toBe(422);
      expect(apiError(answer).details?.map((d) => d.path)).toContain(path);
    }
    const after = await call<Scenario>(scenarioRoute.GET as RouteHandler, {
      token: read,
      path: `/scenarios/${body.id}`,
      params: { id: body.id },
    });
    expect(after.body.setup).toEqual(body.setup);
    expect(after.body.name).toBe("Try");
  });

  test("another organisation's stream or scenario: 404; a read token can't plan: 403; discard removes the draft", async () => {
    const own = await marketing();
    const other = await marketing(orgB);
    expect((await plan(other.id, { name: "Theirs" })).status).toBe(404);
    expect(apiError(await plan(own.id, { name: "Read" }, read)).code).toBe("forbidden");
    const bWrite = (await apiToken(orgB.ctx.owner, "write")).secret;
    const theirs = await call<Scenario>(streamScenariosRoute.POST as RouteHandler, {
      token: bWrite,
      method: "POST",
      path: `/streams/${other.id}/scenarios`,
      params: { id: other.id },
      body: { name: "Theirs" },
    });
    expect(theirs.status).toBe(201);
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      const answer = await call(scenarioRoute[method] as RouteHandler, {
        token: method === "GET" ? read : write,
        method,
        path: `/scenarios/${theirs.body.id}`,
        params: { id: theirs.body.id },
        body: method === "PATCH" ? { name: "Mine now" } : undefined,
      });
      expect(answer.status, method).toBe(404);
    }
    const mine = await plan(own.id, { name: "Mine" });
    const discarded = await call(scenarioRoute.DELETE as RouteHandler, {
      token: write,
      method: "DELETE",
      path: `/scenarios/${mine.body.id}`,
      params: { id: mine.body.id },
    });
    expect(discarded.status).toBe(204);
    expect(await auditEntries(orgA.org.id, "scenario.discarded")).toHaveLength(1);
  });
});
