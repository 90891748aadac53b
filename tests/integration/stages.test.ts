import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { resources, stages } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import type { OrgContext } from "@/lib/auth/org-context";
import { getKpi } from "@/lib/data/kpis";
import {
  addResource,
  addStage,
  moveStage,
  removeResource,
  removeStage,
  updateResource,
  updateStage,
} from "@/lib/data/stages";
import { getStream } from "@/lib/data/streams";
import { addResourceSchema, addStageSchema, updateResourceSchema, updateStageSchema } from "@/lib/validations/stream";
import {
  auditEntries,
  createTenants,
  createTestKpi,
  createTestStream,
  expectAppError,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

const add = (ctx: OrgContext, streamId: string, fields: Record<string, unknown>) =>
  addStage(ctx, addStageSchema.parse({ streamId, ...fields }));
const edit = (ctx: OrgContext, stageId: string, fields: Record<string, unknown>) =>
  updateStage(ctx, updateStageSchema.parse({ stageId, ...fields }));
const addRes = (ctx: OrgContext, stageId: string, fields: Record<string, unknown>) =>
  addResource(ctx, addResourceSchema.parse({ stageId, ...fields }));
const editRes = (ctx: OrgContext, resourceId: string, fields: Record<string, unknown>) =>
  updateResource(ctx, updateResourceSchema.parse({ resourceId, ...fields }));

/** [position, name] of the stream's stages, in order. */
async function order(ctx: OrgContext, streamId: string) {
  return (await getStream(ctx, streamId)).stages.map((s) => [s.position, s.name]);
}

async function blankWithStages(ctx: OrgContext, names: string[]) {
  const stream = await createTestStream(ctx, { name: "Line" });
  const created = [];
  for (const name of names) created.push(await add(ctx, stream.id, { name }));
  return { stream, stages: created };
}

describe("stages", () => {
  test("addStage appends at positions 0..n-1 with its figures (%C&A entered as a percentage)", async () => {
    const { stream, stages: created } = await blankWithStages(orgA.ctx.owner, ["Cut", "Weld"]);
    const third = await add(orgA.ctx.owner, stream.id, {
      name: "Paint",
      teamId: orgA.teams.production.id,
      input: "Welded frames",
      output: "Painted frames",
      processTime: "0.5",
      wip: "12",
      pctCA: "95",
    });
    expect(created.map((s) => s.position)).toEqual([0, 1]);
    expect(third).toMatchObject({
      orgId: orgA.org.id,
      streamId: stream.id,
      position: 2,
      teamId: orgA.teams.production.id,
      input: "Welded frames",
      output: "Painted frames",
      processTime: 0.5,
      wip: 12,
      pctCA: 0.95,
    });
    expect(await order(orgA.ctx.viewer, stream.id)).toEqual([
      [0, "Cut"],
      [1, "Weld"],
      [2, "Paint"],
    ]);
    expect((await auditEntries(orgA.org.id, "stage.added")).map((e) => e.data)).toEqual([
      { streamId: stream.id, name: "Cut" },
      { streamId: stream.id, name: "Weld" },
      { streamId: stream.id, name: "Paint" },
    ]);
  });

  test("moveStage swaps a stage with its neighbour, and does nothing at either end", async () => {
    const {
      stream,
      stages: [cut, weld, paint],
    } = await blankWithStages(orgA.ctx.owner, ["Cut", "Weld", "Paint"]);
    await moveStage(orgA.ctx.owner, { stageId: paint!.id, direction: "up" });
    expect(await order(orgA.ctx.owner, stream.id)).toEqual([
      [0, "Cut"],
      [1, "Paint"],
      [2, "Weld"],
    ]);
    await moveStage(orgA.ctx.owner, { stageId: cut!.id, direction: "down" });
    expect(await order(orgA.ctx.owner, stream.id)).toEqual([
      [0, "Paint"],
      [1, "Cut"],
      [2, "Weld"],
    ]);
    const moves = (await auditEntries(orgA.org.id, "stage.moved")).length;
    await moveStage(orgA.ctx.owner, { stageId: paint!.id, direction: "up" });
    await moveStage(orgA.ctx.owner, { stageId: weld!.id, direction: "down" });
    expect(await order(orgA.ctx.owner, stream.id)).toEqual([
      [0, "Paint"],
      [1, "Cut"],
      [2, "Weld"],
    ]);
    expect(await auditEntries(orgA.org.id, "stage.moved")).toHaveLength(moves);
  });

  test("moving never touches another stream's stages", async () => {
    const first = await blankWithStages(orgA.ctx.owner, ["A0", "A1"]);
    const second = await blankWithStages(orgA.ctx.owner, ["B0", "B1"]);
    await moveStage(orgA.ctx.owner, { stageId: first.stages[1]!.id, direction: "up" });
    await moveStage(orgA.ctx.owner, { stageId: first.stages[1]!.id, direction: "up" });
    expect(await order(orgA.ctx.owner, first.stream.id)).toEqual([
      [0, "A1"],
      [1, "A0"],
    ]);
    expect(await order(orgA.ctx.owner, second.stream.id)).toEqual([
      [0, "B0"],
      [1, "B1"],
    ]);
  });

  test("removeStage closes the gap; its resources go, its KPIs stay without a stage", async () => {
    const {
      stream,
      stages: [, weld],
    } = await blankWithStages(orgA.ctx.owner, ["Cut", "Weld", "Paint", "Pack"]);
    await addRes(orgA.ctx.owner, weld!.id, { kind: "people", name: "Welders", quantity: 3, rate: 10 });
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, { stageId: weld!.id });
    await removeStage(orgA.ctx.owner, { stageId: weld!.id });
    expect(await order(orgA.ctx.owner, stream.id)).toEqual([
      [0, "Cut"],
      [1, "Paint"],
      [2, "Pack"],
    ]);
    const db = await getDb();
    expect(await db.select().from(resources).where(eq(resources.stageId, weld!.id))).toEqual([]);
    expect((await getKpi(orgA.ctx.owner, kpi.id)).stageId).toBeNull();
    // New stages still append at the end.
    await add(orgA.ctx.owner, stream.id, { name: "Ship" });
    expect((await order(orgA.ctx.owner, stream.id)).map(([p]) => p)).toEqual([0, 1, 2, 3]);
  });

  test("updateStage changes the fields and clears emptied ones", async () => {
    const {
      stream,
      stages: [stage],
    } = await blankWithStages(orgA.ctx.owner, ["Cut"]);
    await edit(orgA.ctx.owner, stage!.id, {
      name: "Cutting",
      teamId: orgA.teams.delivery.id,
      input: "Sheets",
      output: "Blanks",
      wip: 4,
      pctCA: 90,
    });
    expect((await getStream(orgA.ctx.owner, stream.id)).stages[0]).toMatchObject({
      name: "Cutting",
      teamId: orgA.teams.delivery.id,
      input: "Sheets",
      output: "Blanks",
      wip: 4,
      pctCA: 0.9,
      position: 0,
    });
    await edit(orgA.ctx.owner, stage!.id, { name: "Cutting", teamId: "", input: "", output: "", wip: "", pctCA: "" });
    expect((await getStream(orgA.ctx.owner, stream.id)).stages[0]).toMatchObject({
      teamId: null,
      input: null,
      output: null,
      wip: null,
      pctCA: null,
    });
  });

  test("a team of another organisation is a validation error on teamId, and nothing changes", async () => {
    const {
      stream,
      stages: [stage],
    } = await blankWithStages(orgA.ctx.owner, ["Cut"]);
    await edit(orgA.ctx.owner, stage!.id, { name: "Cut", teamId: orgA.teams.production.id });
    const before = (await getStream(orgA.ctx.owner, stream.id)).stages;
    for (const teamId of [orgB.teams.production.id, orgB.teams.delivery.id, "00000000-0000-4000-8000-000000000000"]) {
      const error = await expectAppError(edit(orgA.ctx.owner, stage!.id, { name: "Renamed", teamId }), "validation");
      expect(Object.keys(error.fields ?? {})).toEqual(["teamId"]);
      const onAdd = await expectAppError(add(orgA.ctx.owner, stream.id, { name: "New", teamId }), "validation");
      expect(Object.keys(onAdd.fields ?? {})).toEqual(["teamId"]);
    }
    expect((await getStream(orgA.ctx.owner, stream.id)).stages).toEqual(before);
    expect(await auditEntries(orgA.org.id, "stage.updated")).toHaveLength(1);
  });
});

describe("resources and capacity", () => {
  test("add, update and remove a resource; the capacity figures follow", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    const view = await getStream(orgA.ctx.owner, stream.id);
    const assembly = view.stages.find((s) => s.name === "Assembly")!;
    expect(view.assessment.bottleneck).toMatchObject({ id: assembly.id, capacity: 90, shortfall: 30, extraNeeded: 2 });

    // Two more fitters (15 units each a week) close the 30-unit gap.
    const temps = await addRes(orgA.ctx.owner, assembly.id, {
      kind: "people",
      name: "Temporary fitters",
      quantity: 2,
      rate: 15,
      availability: 100,
    });
    expect(temps).toMatchObject({ orgId: orgA.org.id, stageId: assembly.id, quantity: 2, rate: 15, availability: 1 });
    let assessed = (await getStream(orgA.ctx.owner, stream.id)).assessment.stages.find((s) => s.id === assembly.id)!;
    expect(assessed).toMatchObject({ capacity: 120, utilisation: 1, shortfall: 0, extraNeeded: 0 });
    expect(
      (await getStream(orgA.ctx.owner, stream.id)).stages
        .find((s) => s.id === assembly.id)!
        .resources.map((r) => r.name),
    ).toEqual(["Fitters", "Temporary fitters"]);

    // At half availability they add 15: short by 15 again, one fitter more.
    await editRes(orgA.ctx.owner, temps.id, {
      kind: "people",
      name: "Temporary fitters",
      quantity: 2,
      rate: 15,
      availability: 50,
    });
    assessed = (await getStream(orgA.ctx.owner, stream.id)).assessment.stages.find((s) => s.id === assembly.id)!;
    expect(assessed).toMatchObject({ capacity: 105, shortfall: 15, extraNeeded: 1 });

    await removeResource(orgA.ctx.owner, { resourceId: temps.id });
    const after = await getStream(orgA.ctx.owner, stream.id);
    expect(after.assessment.bottleneck).toMatchObject({ id: assembly.id, capacity: 90, shortfall: 30, extraNeeded: 2 });

    // Machining becomes the bottleneck when it loses a CNC machine: each order needs 3 machined parts,
    // and 2 × 150 × 0.85 = 255 parts serve 85 orders < 90; 360 parts are needed, 105 short: 1 more machine.
    const cnc = after.stages.find((s) => s.name === "Machining")!.resources[0]!;
    await editRes(orgA.ctx.owner, cnc.id, {
      kind: "machine",
      name: "CNC machines",
      quantity: 2,
      rate: 150,
      availability: 85,
    });
    expect((await getStream(orgA.ctx.owner, stream.id)).assessment.bottleneck).toMatchObject({
      name: "Machining",
      capacity: 255,
      capacityInStreamUnits: 85,
      shortfall: 105,
      extraNeeded: 1,
    });

    expect(
      (await auditEntries(orgA.org.id)).filter((e) => e.action.startsWith("resource.")).map((e) => e.action),
    ).toEqual(["resource.added", "resource.updated", "resource.removed", "resource.updated"]);
  });

  test("a stage without resources has no capacity: with demand it is the bottleneck", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { name: "Line", demandAmount: 10 });
    const first = await add(orgA.ctx.owner, stream.id, { name: "Staffed" });
    await addRes(orgA.ctx.owner, first.id, { kind: "people", name: "Crew", quantity: 1, rate: 20 });
    const empty = await add(orgA.ctx.owner, stream.id, { name: "Empty" });
    expect((await getStream(orgA.ctx.owner, stream.id)).assessment.bottleneck).toMatchObject({
      id: empty.id,
      capacity: 0,
      shortfall: 10,
    });
  });
});

describe("another organisation's stages and resources", () => {
  test("are not found for every stage and resource action, and stay as they were", async () => {
    const inB = await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
    const before = await getStream(orgB.ctx.owner, inB.id);
    const stageB = before.stages[2]!;
    const resourceB = stageB.resources[0]!;
    for (const ctx of [orgA.ctx.owner, orgA.ctx.admin]) {
      await expectAppError(add(ctx, inB.id, { name: "Sneaked in" }), "not_found");
      await expectAppError(edit(ctx, stageB.id, { name: "Renamed" }), "not_found");
      await expectAppError(moveStage(ctx, { stageId: stageB.id, direction: "up" }), "not_found");
      await expectAppError(removeStage(ctx, { stageId: stageB.id }), "not_found");
      await expectAppError(
        addRes(ctx, stageB.id, { kind: "people", name: "Spies", quantity: 1, rate: 1 }),
        "not_found",
      );
      await expectAppError(
        editRes(ctx, resourceB.id, { kind: "people", name: "Spies", quantity: 99, rate: 99 }),
        "not_found",
      );
      await expectAppError(removeResource(ctx, { resourceId: resourceB.id }), "not_found");
    }
    const after = await getStream(orgB.ctx.owner, inB.id);
    expect(after.stages).toEqual(before.stages);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
    const db = await getDb();
    expect(await db.select().from(stages).where(eq(stages.orgId, orgA.org.id))).toEqual([]);
  });
});

describe("who may change stages and resources", () => {
  test.each(["member", "viewer"] as Role[])("a %s may not", async (role) => {
    const ctx = orgA.ctx[role];
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "sales", template: "sales" });
    const before = await getStream(orgA.ctx.owner, stream.id);
    const stage = before.stages[0]!;
    await expectAppError(add(ctx, stream.id, { name: "New" }), "forbidden");
    await expectAppError(edit(ctx, stage.id, { name: "Renamed" }), "forbidden");
    await expectAppError(moveStage(ctx, { stageId: stage.id, direction: "down" }), "forbidden");
    await expectAppError(removeStage(ctx, { stageId: stage.id }), "forbidden");
    await expectAppError(addRes(ctx, stage.id, { kind: "people", name: "More", quantity: 1, rate: 1 }), "forbidden");
    await expectAppError(
      editRes(ctx, stage.resources[0]!.id, { kind: "people", name: "x", quantity: 1, rate: 1 }),
      "forbidden",
    );
    await expectAppError(removeResource(ctx, { resourceId: stage.resources[0]!.id }), "forbidden");
    expect((await getStream(orgA.ctx.owner, stream.id)).stages).toEqual(before.stages);
  });

  test("a process owner changes the stages of their own stream only", async () => {
    const po = orgA.ctx.process_owner;
    const own = await createTestStream(po, { name: "Own" });
    const ownStage = await add(po, own.id, { name: "Mine" });
    await addRes(po, ownStage.id, { kind: "tool", name: "Wrench", quantity: 1, rate: 5 });
    await moveStage(po, { stageId: (await add(po, own.id, { name: "Second" })).id, direction: "up" });
    expect(await order(po, own.id)).toEqual([
      [0, "Second"],
      [1, "Mine"],
    ]);

    const others = await createTestStream(orgA.ctx.admin, { name: "Admin's" });
    const stage = await add(orgA.ctx.admin, others.id, { name: "Theirs" });
    const resource = await addRes(orgA.ctx.admin, stage.id, { kind: "tool", name: "Hammer", quantity: 1, rate: 5 });
    await expectAppError(add(po, others.id, { name: "New" }), "forbidden");
    await expectAppError(edit(po, stage.id, { name: "Renamed" }), "forbidden");
    await expectAppError(removeStage(po, { stageId: stage.id }), "forbidden");
    await expectAppError(addRes(po, stage.id, { kind: "tool", name: "Saw", quantity: 1, rate: 1 }), "forbidden");
    await expectAppError(editRes(po, resource.id, { kind: "tool", name: "Saw", quantity: 1, rate: 1 }), "forbidden");
    await expectAppError(removeResource(po, { resourceId: resource.id }), "forbidden");
    expect((await getStream(po, others.id)).stages.map((s) => [s.name, s.resources.map((r) => r.name)])).toEqual([
      ["Theirs", ["Hammer"]],
    ]);
  });
});
