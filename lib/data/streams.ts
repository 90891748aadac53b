import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpiLinks, kpis, memberships, resources, stages, users, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, can, canEditStream, permissions } from "@/lib/auth/permissions";
import { assessStream, type StreamAssessment } from "@/lib/capacity";
import { conflict, forbidden, invalid } from "@/lib/errors";
import { streamTemplates, type StreamTemplate } from "@/lib/templates";
import type { z } from "zod";
import type { createStreamSchema, streamFields } from "@/lib/validations/stream";
import { groupBy } from "@/lib/group-by";
import { refuseIfUsedByFormula } from "./kpi-formulas";
import { writeStageLayout, type StageLayout } from "./stage-layout";
import { audit, findInOrg, isUniqueViolation, withTenant } from "./tenant";

type StreamFields = z.infer<z.ZodObject<typeof streamFields>>;
type StageRow = typeof stages.$inferSelect;
type ResourceRow = typeof resources.$inferSelect;

/** The stream in this organisation, or not found. */
export async function findStream(tx: Tx, ctx: OrgContext, streamId: string) {
  return findInOrg(tx, ctx, valueStreams, streamId, "That value stream");
}

/** The stream, when the actor may edit it (a process owner only their own). */
export async function findEditableStream(tx: Tx, ctx: OrgContext, streamId: string) {
  assertCan(ctx, "streams.write");
  const stream = await findStream(tx, ctx, streamId);
  if (!canEditStream(ctx, stream))
    throw forbidden("Only the stream's process owner, an admin or an owner can change it.");
  return stream;
}

/** A stream owner must be a member who may own streams; a process owner can only own their own. */
async function resolveOwner(tx: Tx, ctx: OrgContext, ownerId: string | undefined): Promise<string> {
  if (!can(ctx.role, "streams.assign") || !ownerId) return ctx.user.id;
  const [member] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, ownerId)));
  if (!member) throw invalid("Choose an owner from this organisation.", "ownerId");
  if (!can(member.role, "streams.write")) {
    throw invalid("The owner must be a process owner, an admin or an owner.", "ownerId");
  }
  return ownerId;
}

/** Stages with their resources and the capacity assessment, in stream order. */
function assemble(streamStages: StageRow[], streamResources: ResourceRow[], demand: number | null) {
  const byStage = groupBy(streamResources, (r) => r.stageId);
  const withResources = streamStages.map((s) => ({ ...s, resources: byStage.get(s.id) ?? [] }));
  const assessment: StreamAssessment = assessStream({ demand, stages: withResources });
  return { stages: withResources, assessment };
}

async function stagesAndResources(tx: Tx, orgId: string, streamIds: string[]) {
  if (streamIds.length === 0) return { stageRows: [], resourceRows: [] };
  const stageRows = await tx
    .select()
    .from(stages)
    .where(and(eq(stages.orgId, orgId), inArray(stages.streamId, streamIds)))
    .orderBy(asc(stages.position));
  const resourceRows = stageRows.length
    ? await tx
        .select()
        .from(resources)
        .where(
          and(
            eq(resources.orgId, orgId),
            inArray(
              resources.stageId,
              stageRows.map((s) => s.id),
            ),
          ),
        )
        .orderBy(asc(resources.createdAt))
    : [];
  return { stageRows, resourceRows };
}

/** Every stream with owner, stage and KPI counts and bottleneck, in four queries whatever their number. */
export async function listStreams(ctx: OrgContext, options: { archived?: boolean } = {}) {
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: valueStreams.id,
        name: valueStreams.name,
        kind: valueStreams.kind,
        customerNeed: valueStreams.customerNeed,
        ownerId: valueStreams.ownerId,
        ownerName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
        demandAmount: valueStreams.demandAmount,
        demandUnit: valueStreams.demandUnit,
        demandPeriod: valueStreams.demandPeriod,
        archivedAt: valueStreams.archivedAt,
        createdAt: valueStreams.createdAt,
      })
      .from(valueStreams)
      .leftJoin(users, eq(users.id, valueStreams.ownerId))
      .where(
        and(
          eq(valueStreams.orgId, ctx.org.id),
          options.archived ? isNotNull(valueStreams.archivedAt) : isNull(valueStreams.archivedAt),
        ),
      )
      .orderBy(asc(sql`lower(${valueStreams.name})`));
    const ids = rows.map((r) => r.id);
    const { stageRows, resourceRows } = await stagesAndResources(tx, ctx.org.id, ids);
    const kpiCounts = ids.length
      ? await tx
          .select({ streamId: kpis.streamId, n: count() })
          .from(kpis)
          .where(and(eq(kpis.orgId, ctx.org.id), inArray(kpis.streamId, ids), isNull(kpis.archivedAt)))
          .groupBy(kpis.streamId)
      : [];
    const kpiCount = new Map(kpiCounts.map((k) => [k.streamId, k.n]));
    const stagesOf = groupBy(stageRows, (s) => s.streamId);
    return rows.map((row) => {
      const own = stagesOf.get(row.id) ?? [];
      const ownIds = new Set(own.map((s) => s.id));
      const { assessment } = assemble(
        own,
        resourceRows.filter((r) => ownIds.has(r.stageId)),
        row.demandAmount,
      );
      return { ...row, stageCount: own.length, kpiCount: kpiCount.get(row.id) ?? 0, assessment };
    });
  });
}

/** One stream with its stages, resources, KPIs and capacity figures. */
export async function getStream(ctx: OrgContext, streamId: string) {
  return withTenant(ctx, async (tx) => {
    const stream = await findStream(tx, ctx, streamId);
    const { stageRows, resourceRows } = await stagesAndResources(tx, ctx.org.id, [stream.id]);
    const streamKpis = await tx
      .select()
      .from(kpis)
      .where(and(eq(kpis.orgId, ctx.org.id), eq(kpis.streamId, stream.id)))
      .orderBy(asc(kpis.kind), asc(kpis.key));
    const [owner] = stream.ownerId
      ? await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, stream.ownerId))
      : [];
    return {
      ...stream,
      owner: owner ?? null,
      kpis: streamKpis,
      editable: canEditStream(ctx, stream),
      ...assemble(stageRows, resourceRows, stream.demandAmount),
    };
  });
}

/** Keys like MKT-1, MKT-2…: the next free numbers for a prefix in this organisation. */
export async function nextKpiKeys(tx: Tx, orgId: string, prefix: string, howMany: number): Promise<string[]> {
  // Two transactions reading the same max would hand out the same keys (a unique violation for the
  // second): the lock, held to commit, makes the next allocation in this organisation wait.
  await tx.execute(sql`select pg_advisory_xact_lock(727275, hashtext(${orgId}))`);
  const [row] = await tx
    .select({
      max: sql<number>`coalesce(max(nullif(substring(upper(${kpis.key}) from ${`^${prefix}-([0-9]+)$`}), '')::int), 0)`,
    })
    .from(kpis)
    .where(eq(kpis.orgId, orgId));
  const start = Number(row?.max ?? 0);
  return Array.from({ length: howMany }, (_, i) => `${prefix}-${start + i + 1}`);
}

/** Creates a stream, from a template or blank; the API may give its stages (with resources) at once. */
export async function createStream(ctx: OrgContext, input: z.infer<typeof createStreamSchema>, layout?: StageLayout[]) {
  assertCan(ctx, "streams.write");
  try {
    return await withTenant(ctx, async (tx) => {
      const ownerId = await resolveOwner(tx, ctx, input.ownerId);
      const { template: templateKind, ...fields } = input;
      const template = templateKind ? streamTemplates[templateKind] : undefined;
      const values = template
        ? {
            ...fields,
            name: fields.name ?? template.name,
            kind: template.kind,
            customerNeed: fields.customerNeed ?? template.customerNeed,
            demandAmount: fields.demandAmount ?? template.demand.amount,
            demandUnit: fields.demandUnit ?? template.demand.unit,
            demandPeriod: fields.demandAmount === undefined ? template.demand.period : fields.demandPeriod,
          }
        : { ...fields, name: fields.name! };
      const [stream] = await tx
        .insert(valueStreams)
        .values({ ...values, ownerId, orgId: ctx.org.id })
        .returning();
      if (template) await applyTemplate(tx, ctx, stream!.id, template);
      else if (layout?.length) await writeStageLayout(tx, ctx, stream!.id, layout, "create");
      await audit(
        tx,
        ctx,
        "stream.created",
        { type: "stream", id: stream!.id },
        { name: stream!.name, template: templateKind ?? null },
      );
      return stream!;
    });
  } catch (error) {
    // Two templates applied at the same moment can pick the same next KPI keys: one of them retries.
    if (isUniqueViolation(error))
      throw conflict("Another change took the same KPI keys at the same moment. Please try again.");
    throw error;
  }
}

export async function applyTemplate(tx: Tx, ctx: OrgContext, streamId: string, template: StreamTemplate) {
  const orgId = ctx.org.id;
  const stageRows = await tx
    .insert(stages)
    .values(
      template.stages.map((s, position) => ({
        orgId,
        streamId,
        position,
        name: s.name,
        input: s.input,
        output: s.output,
        processTime: s.processTime ?? null,
        wip: s.wip ?? null,
        pctCA: s.pctCA ?? null,
        unit: s.unit ?? null,
        conversion: s.conversion ?? 1,
      })),
    )
    .returning({ id: stages.id, position: stages.position });
  const stageId = (i: number) => stageRows.find((s) => s.position === i)!.id;
  const resourceValues = template.stages.flatMap((s, i) =>
    s.resources.map((r) => ({ ...r, orgId, stageId: stageId(i) })),
  );
  if (resourceValues.length) await tx.insert(resources).values(resourceValues);
  if (template.kpis.length === 0) return;
  const keys = await nextKpiKeys(tx, orgId, template.keyPrefix, template.kpis.length);
  // Ids made here so that a formula names its inputs in the same statement.
  const newId = new Map(template.kpis.map((k) => [k.name, randomUUID()]));
  const created = await tx
    .insert(kpis)
    .values(
      template.kpis.map((k, i) => ({
        id: newId.get(k.name)!,
        formulaNumeratorId: k.formula ? newId.get(k.formula.numerator)! : null,
        formulaDenominatorId: k.formula ? newId.get(k.formula.denominator)! : null,
        orgId,
        streamId,
        stageId: k.stage === undefined ? null : stageId(k.stage),
        key: keys[i]!,
        name: k.name,
        kind: k.kind,
        unit: k.unit,
        direction: k.direction,
        baseline: k.baseline,
        target: k.target,
        weight: k.weight ?? 1,
        cadence: k.cadence,
        ownerId: ctx.user.id,
      })),
    )
    .returning({ id: kpis.id, name: kpis.name });
  const idOf = new Map(created.map((k) => [k.name, k.id]));
  const links = template.kpis.flatMap((k) =>
    (k.drives ?? []).map((outcome) => ({ orgId, outputKpiId: idOf.get(k.name)!, outcomeKpiId: idOf.get(outcome)! })),
  );
  if (links.length) await tx.insert(kpiLinks).values(links);
}

export async function updateStream(ctx: OrgContext, input: StreamFields & { streamId: string }) {
  await withTenant(ctx, async (tx) => {
    const stream = await findEditableStream(tx, ctx, input.streamId);
    const { streamId: _id, ownerId: requestedOwner, ...fields } = input;
    // Left blank, the owner stays as it is (even one since demoted); a new owner is checked.
    const ownerId =
      !can(ctx.role, "streams.assign") || !requestedOwner
        ? stream.ownerId
        : await resolveOwner(tx, ctx, requestedOwner);
    await tx
      .update(valueStreams)
      .set({
        ...fields,
        customerNeed: fields.customerNeed ?? null,
        demandAmount: fields.demandAmount ?? null,
        demandUnit: fields.demandUnit ?? null,
        ownerId,
      })
      .where(and(eq(valueStreams.orgId, ctx.org.id), eq(valueStreams.id, stream.id)));
    await audit(tx, ctx, "stream.updated", { type: "stream", id: stream.id }, { name: fields.name });
  });
}

/** What the API may change on a stream: only the fields given; null clears an optional one. */
export interface StreamPatch {
  name?: string;
  kind?: StreamFields["kind"];
  customerNeed?: string | null;
  ownerId?: string;
  demandAmount?: number | null;
  demandUnit?: string | null;
  demandPeriod?: StreamFields["demandPeriod"];
  archived?: boolean;
  stages?: StageLayout[];
}

/** Changes the fields given (and replaces the stages when given) in one transaction. */
export async function patchStream(ctx: OrgContext, streamId: string, patch: StreamPatch) {
  await withTenant(ctx, async (tx) => {
    const stream = await findEditableStream(tx, ctx, streamId);
    let ownerId = stream.ownerId;
    if (patch.ownerId !== undefined && patch.ownerId !== stream.ownerId) {
      if (!can(ctx.role, "streams.assign"))
        throw forbidden("Only an admin or an owner can hand a stream to someone else.");
      ownerId = await resolveOwner(tx, ctx, patch.ownerId);
    }
    const pick = <T>(given: T | undefined, current: T) => (given === undefined ? current : given);
    const values = {
      name: pick(patch.name, stream.name),
      kind: pick(patch.kind, stream.kind),
      customerNeed: patch.customerNeed === undefined ? stream.customerNeed : patch.customerNeed || null,
      demandAmount: pick(patch.demandAmount, stream.demandAmount),
      demandUnit: patch.demandUnit === undefined ? stream.demandUnit : patch.demandUnit || null,
      demandPeriod: pick(patch.demandPeriod, stream.demandPeriod),
      ownerId,
      archivedAt:
        patch.archived === undefined ? stream.archivedAt : patch.archived ? (stream.archivedAt ?? new Date()) : null,
    };
    await tx
      .update(valueStreams)
      .set(values)
      .where(and(eq(valueStreams.orgId, ctx.org.id), eq(valueStreams.id, stream.id)));
    if (patch.stages) await writeStageLayout(tx, ctx, stream.id, patch.stages, "replace");
    const { stages: layout, ...fields } = patch;
    await audit(
      tx,
      ctx,
      "stream.updated",
      { type: "stream", id: stream.id },
      {
        name: values.name,
        changed: Object.keys(fields),
        ...(layout ? { stages: layout.length } : {}),
      },
    );
  });
}

export async function setStreamArchived(ctx: OrgContext, input: { streamId: string }, archived: boolean) {
  await withTenant(ctx, async (tx) => {
    const stream = await findEditableStream(tx, ctx, input.streamId);
    await tx
      .update(valueStreams)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(valueStreams.orgId, ctx.org.id), eq(valueStreams.id, stream.id)));
    await audit(tx, ctx, archived ? "stream.archived" : "stream.restored", { type: "stream", id: stream.id });
  });
}

export async function deleteStream(ctx: OrgContext, input: { streamId: string }) {
  await withTenant(ctx, async (tx) => {
    const stream = await findEditableStream(tx, ctx, input.streamId);
    // Formulas of this stream go with it; one elsewhere would lose an input.
    const own = (
      await tx
        .select({ id: kpis.id })
        .from(kpis)
        .where(and(eq(kpis.orgId, ctx.org.id), eq(kpis.streamId, stream.id)))
    ).map((k) => k.id);
    await refuseIfUsedByFormula(tx, ctx.org.id, own, "delete_stream", own);
    await tx.delete(valueStreams).where(and(eq(valueStreams.orgId, ctx.org.id), eq(valueStreams.id, stream.id)));
    await audit(tx, ctx, "stream.deleted", { type: "stream", id: stream.id }, { name: stream.name });
  });
}

/** Members who may own a stream, for the owner picker. */
export async function listStreamOwnerCandidates(ctx: OrgContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ userId: users.id, name: sql<string>`coalesce(${users.name}, ${users.email})` })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, ctx.org.id), inArray(memberships.role, permissions["streams.write"])))
      .orderBy(asc(sql`lower(coalesce(${users.name}, ${users.email}))`)),
  );
}
