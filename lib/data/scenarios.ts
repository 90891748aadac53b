import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { resources, stages, streamScenarios, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { compareSetups, type StreamInput } from "@/lib/capacity";
import { conflict } from "@/lib/errors";
import { draftFromForm, draftFromPatch, type ScenarioPatch } from "@/lib/validations/scenario";
import { findEditableStream, findStream, getStream } from "./streams";
import { audit, findInOrg, withTenant } from "./tenant";

/**
 * A scenario is a draft copy of a stream's setup (its demand, stages and resources as lib/capacity
 * reads them), stored apart: nothing that scores or assesses the stream reads it.
 */
export type ScenarioSetup = StreamInput;

/** The stream's setup today, as a scenario copies it. */
function setupOf(stream: Awaited<ReturnType<typeof getStream>>): ScenarioSetup {
  return {
    demand: stream.demandAmount,
    stages: stream.stages.map((s) => ({
      id: s.id,
      name: s.name,
      unit: s.unit,
      conversion: s.conversion,
      wip: s.wip,
      processTime: s.processTime,
      pctCA: s.pctCA,
      resources: s.resources.map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        quantity: r.quantity,
        rate: r.rate,
        availability: r.availability,
      })),
    })),
  };
}

async function findScenario(tx: Tx, ctx: OrgContext, scenarioId: string, edit: boolean) {
  const scenario = await findInOrg(tx, ctx, streamScenarios, scenarioId, "That scenario");
  const stream = edit
    ? await findEditableStream(tx, ctx, scenario.streamId)
    : await findStream(tx, ctx, scenario.streamId);
  return { scenario: { ...scenario, setup: scenario.setup as ScenarioSetup }, stream };
}

/** "Plan a change": copies the stream's current setup into a named draft. */
export async function createScenario(ctx: OrgContext, input: { streamId: string; name: string }) {
  const stream = await getStream(ctx, input.streamId);
  return withTenant(ctx, async (tx) => {
    await findEditableStream(tx, ctx, stream.id);
    const [scenario] = await tx
      .insert(streamScenarios)
      .values({
        orgId: ctx.org.id,
        streamId: stream.id,
        name: input.name,
        setup: setupOf(stream),
        createdBy: ctx.user.id,
      })
      .returning();
    await audit(
      tx,
      ctx,
      "scenario.created",
      { type: "scenario", id: scenario!.id },
      { streamId: stream.id, name: input.name },
    );
    return scenario!;
  });
}

/** A stream's drafts, oldest first; another organisation's stream is not found. */
export async function listScenarios(ctx: OrgContext, streamId: string) {
  return withTenant(ctx, async (tx) => {
    await findStream(tx, ctx, streamId);
    return tx
      .select({
        id: streamScenarios.id,
        streamId: streamScenarios.streamId,
        name: streamScenarios.name,
        createdAt: streamScenarios.createdAt,
      })
      .from(streamScenarios)
      .where(and(eq(streamScenarios.orgId, ctx.org.id), eq(streamScenarios.streamId, streamId)))
      .orderBy(asc(streamScenarios.createdAt));
  });
}

/** A draft with the stream today and the side-by-side comparison (compareSetups). */
export async function getScenario(ctx: OrgContext, scenarioId: string) {
  const { scenario } = await withTenant(ctx, (tx) => findScenario(tx, ctx, scenarioId, false));
  const stream = await getStream(ctx, scenario.streamId);
  return { scenario, stream, comparison: compareSetups(setupOf(stream), scenario.setup) };
}

/** Changes the draft's demand, conversions, quantities, rates and availability (form fields, all checked first). */
export async function updateScenario(ctx: OrgContext, scenarioId: string, values: Record<string, unknown>) {
  await withTenant(ctx, async (tx) => {
    const { scenario } = await findScenario(tx, ctx, scenarioId, true);
    const setup = draftFromForm(values, scenario.setup);
    await tx
      .update(streamScenarios)
      .set({ setup })
      .where(and(eq(streamScenarios.orgId, ctx.org.id), eq(streamScenarios.id, scenario.id)));
  });
}

/** The API's change to a draft (name, demand, conversions, resource figures), all checked first. */
export async function patchScenario(ctx: OrgContext, scenarioId: string, patch: ScenarioPatch) {
  await withTenant(ctx, async (tx) => {
    const { scenario } = await findScenario(tx, ctx, scenarioId, true);
    const setup = draftFromPatch(patch, scenario.setup);
    await tx
      .update(streamScenarios)
      .set({ setup, name: patch.name ?? scenario.name })
      .where(and(eq(streamScenarios.orgId, ctx.org.id), eq(streamScenarios.id, scenario.id)));
  });
}

export async function discardScenario(ctx: OrgContext, scenarioId: string) {
  return withTenant(ctx, async (tx) => {
    const { scenario } = await findScenario(tx, ctx, scenarioId, true);
    await tx
      .delete(streamScenarios)
      .where(and(eq(streamScenarios.orgId, ctx.org.id), eq(streamScenarios.id, scenario.id)));
    await audit(
      tx,
      ctx,
      "scenario.discarded",
      { type: "scenario", id: scenario.id },
      { streamId: scenario.streamId, name: scenario.name },
    );
    return scenario;
  });
}

/**
 * Applies the draft to the stream: its demand, each stage's conversion and each resource's quantity,
 * rate and availability, audited with what changed; the draft is then removed. When the stream's
 * stages or resources changed since the draft was made (one of its ids is gone), nothing is written: 409.
 */
export async function applyScenario(ctx: OrgContext, scenarioId: string) {
  const { comparison } = await getScenario(ctx, scenarioId);
  return withTenant(ctx, async (tx) => {
    const { scenario, stream } = await findScenario(tx, ctx, scenarioId, true);
    const setup = scenario.setup;
    const orgId = ctx.org.id;
    const stageIds = setup.stages.map((s) => s.id);
    const resourceIds = setup.stages.flatMap((s) => s.resources.map((r) => r.id!));
    const [foundStages, foundResources] = await Promise.all([
      stageIds.length
        ? tx
            .select({ id: stages.id })
            .from(stages)
            .where(and(eq(stages.orgId, orgId), eq(stages.streamId, stream.id), inArray(stages.id, stageIds)))
        : [],
      resourceIds.length
        ? tx
            .select({ id: resources.id })
            .from(resources)
            .where(and(eq(resources.orgId, orgId), inArray(resources.id, resourceIds)))
        : [],
    ]);
    if (foundStages.length !== stageIds.length || foundResources.length !== resourceIds.length)
      throw conflict("The stream's stages or resources changed since this draft was made: plan the change again.");
    await tx
      .update(valueStreams)
      .set({ demandAmount: setup.demand })
      .where(and(eq(valueStreams.orgId, orgId), eq(valueStreams.id, stream.id)));
    for (const s of setup.stages) {
      await tx
        .update(stages)
        .set({ conversion: s.conversion ?? 1 })
        .where(and(eq(stages.orgId, orgId), eq(stages.id, s.id)));
      for (const r of s.resources)
        await tx
          .update(resources)
          .set({ quantity: r.quantity, rate: r.rate, availability: r.availability })
          .where(and(eq(resources.orgId, orgId), eq(resources.id, r.id!)));
    }
    await tx.delete(streamScenarios).where(and(eq(streamScenarios.orgId, orgId), eq(streamScenarios.id, scenario.id)));
    await audit(
      tx,
      ctx,
      "scenario.applied",
      { type: "stream", id: stream.id },
      { scenario: scenario.name, changes: comparison.changes.length },
    );
    return scenario;
  });
}
