import "server-only";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { resources, stages } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import { knownTeamIds, teamMissing } from "./teams";
import type { ResourceKind } from "@/lib/capacity/types";

/** A stage as the API gives it: in stream order, with its resources. */
export interface StageLayout {
  /** An existing stage of the stream to keep (replace only). */
  id?: string;
  name: string;
  teamId?: string | null;
  input?: string | null;
  output?: string | null;
  processTime?: number | null;
  wip?: number | null;
  pctCA?: number | null;
  unit?: string | null;
  conversion?: number | null;
  /** Replaces the stage's resources; omitted: a new stage has none, a kept stage keeps its own. */
  resources?: { kind: ResourceKind; name: string; quantity: number; rate: number; availability: number }[];
}

const stageValues = (s: StageLayout, position: number) => ({
  position,
  name: s.name,
  teamId: s.teamId ?? null,
  input: s.input || null,
  output: s.output || null,
  processTime: s.processTime ?? null,
  wip: s.wip ?? null,
  pctCA: s.pctCA ?? null,
  unit: s.unit || null,
  conversion: s.conversion ?? 1,
});

/**
 * Writes a stream's stages and resources in the caller's transaction (which has checked that the
 * actor may edit the stream). "replace": listed ids are kept (their KPIs stay linked), new stages are
 * added, unlisted stages are removed with their resources; positions follow the list. Problems are
 * reported per field (`stages.2.teamId`), in one error.
 */
export async function writeStageLayout(
  tx: Tx,
  ctx: OrgContext,
  streamId: string,
  layout: StageLayout[],
  mode: "create" | "replace",
) {
  const orgId = ctx.org.id;
  const problems: Record<string, string[]> = {};
  const teamIds = [...new Set(layout.map((s) => s.teamId).filter((t): t is string => Boolean(t)))];
  const knownTeams = await knownTeamIds(tx, orgId, teamIds);
  const existing =
    mode === "replace"
      ? new Set(
          (
            await tx
              .select({ id: stages.id })
              .from(stages)
              .where(and(eq(stages.orgId, orgId), eq(stages.streamId, streamId)))
          ).map((s) => s.id),
        )
      : new Set<string>();
  layout.forEach((s, i) => {
    if (s.teamId && !knownTeams.has(s.teamId)) problems[`stages.${i}.teamId`] = [teamMissing];
    if (s.id && !existing.has(s.id)) problems[`stages.${i}.id`] = ["That stage is not one of this stream's."];
  });
  if (Object.keys(problems).length) throw new AppError("validation", "Check the stages.", problems);

  const kept = layout.flatMap((s, position) => (s.id ? [{ ...s, id: s.id, position }] : []));
  if (mode === "replace") {
    const keptIds = kept.map((s) => s.id);
    await tx
      .delete(stages)
      .where(
        and(
          eq(stages.orgId, orgId),
          eq(stages.streamId, streamId),
          keptIds.length ? notInArray(stages.id, keptIds) : undefined,
        ),
      );
    for (const s of kept) {
      await tx
        .update(stages)
        .set(stageValues(s, s.position))
        .where(and(eq(stages.orgId, orgId), eq(stages.id, s.id)));
    }
    const replacedResources = kept.filter((s) => s.resources !== undefined).map((s) => s.id);
    if (replacedResources.length) {
      await tx.delete(resources).where(and(eq(resources.orgId, orgId), inArray(resources.stageId, replacedResources)));
    }
  }
  const fresh = layout.flatMap((s, position) => (s.id ? [] : [{ ...s, position }]));
  const inserted = fresh.length
    ? await tx
        .insert(stages)
        .values(fresh.map((s) => ({ orgId, streamId, ...stageValues(s, s.position) })))
        .returning({ id: stages.id, position: stages.position })
    : [];
  const idAt = new Map<number, string>([
    ...kept.map((s) => [s.position, s.id] as const),
    ...inserted.map((s) => [s.position, s.id] as const),
  ]);
  const resourceRows = layout.flatMap((s, position) =>
    (s.resources ?? []).map((r) => ({
      orgId,
      stageId: idAt.get(position)!,
      kind: r.kind,
      name: r.name,
      quantity: r.quantity,
      rate: r.rate,
      availability: r.availability,
    })),
  );
  if (resourceRows.length) await tx.insert(resources).values(resourceRows);
}
