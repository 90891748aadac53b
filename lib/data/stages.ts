import "server-only";
import { and, asc, eq, gt, lt, desc, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { resources, stages } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { invalid } from "@/lib/errors";
import type { resourceFields, stageFields } from "@/lib/validations/stream";
import { findEditableStream } from "./streams";
import { findTeam, teamMissing } from "./teams";
import { audit, findInOrg, withTenant } from "./tenant";

type StageFields = z.infer<z.ZodObject<typeof stageFields>>;
type ResourceFields = z.infer<z.ZodObject<typeof resourceFields>>;

async function findStage(tx: Tx, ctx: OrgContext, stageId: string) {
  const stage = await findInOrg(tx, ctx, stages, stageId, "That stage");
  await findEditableStream(tx, ctx, stage.streamId);
  return stage;
}

/** A team given for a stage must be one of this organisation's. */
async function checkTeam(tx: Tx, ctx: OrgContext, teamId: string | undefined) {
  if (!teamId) return null;
  return (await findTeam(tx, ctx, teamId, () => invalid(teamMissing, "teamId"))).id;
}

function stageValues(fields: StageFields, teamId: string | null) {
  return {
    name: fields.name,
    teamId,
    input: fields.input ?? null,
    output: fields.output ?? null,
    processTime: fields.processTime ?? null,
    wip: fields.wip ?? null,
    pctCA: fields.pctCA ?? null,
    unit: fields.unit || null,
    conversion: fields.conversion ?? 1,
  };
}

export async function addStage(ctx: OrgContext, input: StageFields & { streamId: string }) {
  return withTenant(ctx, async (tx) => {
    const stream = await findEditableStream(tx, ctx, input.streamId);
    const teamId = await checkTeam(tx, ctx, input.teamId);
    const [last] = await tx
      .select({ position: stages.position })
      .from(stages)
      .where(and(eq(stages.orgId, ctx.org.id), eq(stages.streamId, stream.id)))
      .orderBy(desc(stages.position))
      .limit(1);
    const [stage] = await tx
      .insert(stages)
      .values({
        orgId: ctx.org.id,
        streamId: stream.id,
        position: (last?.position ?? -1) + 1,
        ...stageValues(input, teamId),
      })
      .returning();
    await audit(tx, ctx, "stage.added", { type: "stage", id: stage!.id }, { streamId: stream.id, name: stage!.name });
    return stage!;
  });
}

export async function updateStage(ctx: OrgContext, input: StageFields & { stageId: string }) {
  await withTenant(ctx, async (tx) => {
    const stage = await findStage(tx, ctx, input.stageId);
    const teamId = await checkTeam(tx, ctx, input.teamId);
    await tx
      .update(stages)
      .set(stageValues(input, teamId))
      .where(and(eq(stages.orgId, ctx.org.id), eq(stages.id, stage.id)));
    await audit(
      tx,
      ctx,
      "stage.updated",
      { type: "stage", id: stage.id },
      { streamId: stage.streamId, name: input.name },
    );
  });
}

/** Swaps the stage with its neighbour: a keyboard-friendly reorder (no drag needed). */
export async function moveStage(ctx: OrgContext, input: { stageId: string; direction: "up" | "down" }) {
  await withTenant(ctx, async (tx) => {
    const stage = await findStage(tx, ctx, input.stageId);
    const up = input.direction === "up";
    const [neighbour] = await tx
      .select()
      .from(stages)
      .where(
        and(
          eq(stages.orgId, ctx.org.id),
          eq(stages.streamId, stage.streamId),
          up ? lt(stages.position, stage.position) : gt(stages.position, stage.position),
        ),
      )
      .orderBy(up ? desc(stages.position) : asc(stages.position))
      .limit(1);
    if (!neighbour) return;
    await tx
      .update(stages)
      .set({ position: neighbour.position })
      .where(and(eq(stages.orgId, ctx.org.id), eq(stages.id, stage.id)));
    await tx
      .update(stages)
      .set({ position: stage.position })
      .where(and(eq(stages.orgId, ctx.org.id), eq(stages.id, neighbour.id)));
    await audit(
      tx,
      ctx,
      "stage.moved",
      { type: "stage", id: stage.id },
      { streamId: stage.streamId, direction: input.direction },
    );
  });
}

export async function removeStage(ctx: OrgContext, input: { stageId: string }) {
  await withTenant(ctx, async (tx) => {
    const stage = await findStage(tx, ctx, input.stageId);
    await tx.delete(stages).where(and(eq(stages.orgId, ctx.org.id), eq(stages.id, stage.id)));
    // Close the gap so positions stay 0..n-1.
    await tx
      .update(stages)
      .set({ position: sql`${stages.position} - 1` })
      .where(
        and(eq(stages.orgId, ctx.org.id), eq(stages.streamId, stage.streamId), gt(stages.position, stage.position)),
      );
    await audit(
      tx,
      ctx,
      "stage.removed",
      { type: "stage", id: stage.id },
      { streamId: stage.streamId, name: stage.name },
    );
  });
}

async function findResource(tx: Tx, ctx: OrgContext, resourceId: string) {
  const resource = await findInOrg(tx, ctx, resources, resourceId, "That resource");
  await findStage(tx, ctx, resource.stageId);
  return resource;
}

export async function addResource(ctx: OrgContext, input: ResourceFields & { stageId: string }) {
  return withTenant(ctx, async (tx) => {
    const stage = await findStage(tx, ctx, input.stageId);
    const { stageId: _stageId, ...fields } = input;
    const [resource] = await tx
      .insert(resources)
      .values({ ...fields, orgId: ctx.org.id, stageId: stage.id })
      .returning();
    await audit(tx, ctx, "resource.added", { type: "resource", id: resource!.id }, { stageId: stage.id, ...fields });
    return resource!;
  });
}

export async function updateResource(ctx: OrgContext, input: ResourceFields & { resourceId: string }) {
  await withTenant(ctx, async (tx) => {
    const resource = await findResource(tx, ctx, input.resourceId);
    const { resourceId: _id, ...fields } = input;
    await tx
      .update(resources)
      .set(fields)
      .where(and(eq(resources.orgId, ctx.org.id), eq(resources.id, resource.id)));
    await audit(
      tx,
      ctx,
      "resource.updated",
      { type: "resource", id: resource.id },
      { stageId: resource.stageId, ...fields },
    );
  });
}

export async function removeResource(ctx: OrgContext, input: { resourceId: string }) {
  await withTenant(ctx, async (tx) => {
    const resource = await findResource(tx, ctx, input.resourceId);
    await tx.delete(resources).where(and(eq(resources.orgId, ctx.org.id), eq(resources.id, resource.id)));
    await audit(
      tx,
      ctx,
      "resource.removed",
      { type: "resource", id: resource.id },
      { stageId: resource.stageId, name: resource.name },
    );
  });
}
