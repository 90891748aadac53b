import "server-only";
import { and, asc, desc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import {
  kpiLinks,
  kpis,
  measurements,
  memberships,
  stages,
  teamMembers,
  teams,
  users,
  valueStreams,
} from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { canEditStream, canRecordMeasurement } from "@/lib/auth/permissions";
import { conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { checkWholeKpi, kpiKeySchema, type createKpiSchema, type updateKpiSchema } from "@/lib/validations/kpi";
import { idSchema } from "@/lib/validations/team";
import { todayIso } from "@/lib/clock";
import { definitionChanges } from "@/lib/scoring";
import { recordCadence, startCadenceChange } from "./cadence-change";
import {
  formulasUsing,
  listFormulaInputCandidates,
  loadFormulaExplanation,
  refuseIfUsedByFormula,
  resolveFormula,
  type FormulaRef,
} from "./kpi-formulas";
import { definitionOf, loadVersions, recordDefinition, recordFirstDefinition } from "./kpi-versions";
import { findEditableStream, findStream, nextKpiKeys } from "./streams";
import { findTeam, teamMissing } from "./teams";
import { audit, isUniqueViolation, withTenant } from "./tenant";

/** `formula`: the inputs of a formula KPI by id or key; null (or absent on create) for a plain KPI. */
type CreateKpi = z.infer<typeof createKpiSchema> & { formula?: FormulaRef | null };
type UpdateKpi = z.infer<typeof updateKpiSchema> & { formula?: FormulaRef | null };

export const keyPrefixes: Record<string, string> = {
  production: "PRD",
  delivery: "DEV",
  marketing: "MKT",
  sales: "SAL",
  retention: "RET",
  support: "SUP",
  custom: "KPI",
};

/** A KPI by id or by key (`MKT-3`, any case), with its stream's owner: not found outside the organisation. */
export async function findKpi(tx: Tx, ctx: OrgContext, idOrKey: string) {
  const byId = idSchema.safeParse(idOrKey).success;
  // Neither an id nor a key's shape (a NUL, a lone surrogate…) names no KPI: don't hand it to Postgres.
  if (!byId && !kpiKeySchema.safeParse(idOrKey).success) throw notFound("That KPI");
  const [row] = await tx
    .select({ kpi: kpis, streamOwnerId: valueStreams.ownerId, streamName: valueStreams.name })
    .from(kpis)
    .innerJoin(valueStreams, and(eq(valueStreams.orgId, kpis.orgId), eq(valueStreams.id, kpis.streamId)))
    .where(
      and(
        eq(kpis.orgId, ctx.org.id),
        byId ? eq(kpis.id, idOrKey) : sql`upper(${kpis.key}) = ${idOrKey.trim().toUpperCase()}`,
      ),
    );
  if (!row) throw notFound("That KPI");
  return { ...row.kpi, streamOwnerId: row.streamOwnerId, streamName: row.streamName };
}

async function findEditableKpi(tx: Tx, ctx: OrgContext, kpiId: string) {
  const kpi = await findKpi(tx, ctx, kpiId);
  if (!canEditStream(ctx, { ownerId: kpi.streamOwnerId })) {
    throw forbidden("Only the stream's process owner, an admin or an owner can change its KPIs.");
  }
  return kpi;
}

/** The teams the user belongs to in this organisation. */
export async function memberTeamIds(tx: Tx, ctx: OrgContext): Promise<Set<string>> {
  const rows = await tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.orgId, ctx.org.id), eq(teamMembers.userId, ctx.user.id)));
  return new Set(rows.map((r) => r.teamId));
}

/** Stage, team and owner given for a KPI must belong to this organisation (and the stage to the stream). */
async function checkReferences(
  tx: Tx,
  ctx: OrgContext,
  streamId: string,
  input: { stageId?: string; teamId?: string; ownerId?: string },
) {
  const [stage, , owner] = await Promise.all([
    input.stageId
      ? tx
          .select({ id: stages.id })
          .from(stages)
          .where(and(eq(stages.orgId, ctx.org.id), eq(stages.streamId, streamId), eq(stages.id, input.stageId)))
      : [],
    input.teamId ? findTeam(tx, ctx, input.teamId, () => invalid(teamMissing, "teamId")) : null,
    input.ownerId
      ? tx
          .select({ id: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, input.ownerId)))
      : [],
  ]);
  if (input.stageId && stage.length === 0) throw invalid("Choose a stage of this stream.", "stageId");
  if (input.ownerId && owner.length === 0) throw invalid("Choose an owner from this organisation.", "ownerId");
}

type KpiFieldsInput = Omit<CreateKpi, "streamId" | "key" | "validFrom" | "formula">;

/** The labels of a KPI: not versioned, the current ones apply to every date (DESIGN "Time"). */
function kpiLabels(input: KpiFieldsInput) {
  return {
    name: input.name,
    description: input.description ?? null,
    unit: input.unit,
    cadence: input.cadence,
    ownerId: input.ownerId ?? null,
  };
}

/** The versioned fields of a KPI as a form or request gives them (`archived` as it stands). */
function kpiDefinition(input: KpiFieldsInput, archived: boolean) {
  return {
    kind: input.kind,
    direction: input.direction,
    baseline: input.baseline ?? null,
    target: input.target,
    targetDate: input.targetDate ?? null,
    planStart: input.planStart ?? null,
    weight: input.weight,
    teamId: input.teamId ?? null,
    stageId: input.stageId ?? null,
    archived,
  };
}

function kpiValues(input: KpiFieldsInput) {
  const { archived: _archived, ...definition } = kpiDefinition(input, false);
  return { ...kpiLabels(input), ...definition };
}

const formulaColumns = (formula: { numeratorId: string; denominatorId: string } | null) => ({
  formulaNumeratorId: formula?.numeratorId ?? null,
  formulaDenominatorId: formula?.denominatorId ?? null,
});

/**
 * The formula a KPI has after a change: `undefined` keeps its inputs (checked again against a new
 * cadence), null makes it plain, a reference sets new inputs. A KPI that formulas use keeps its cadence.
 */
async function nextFormula(
  tx: Tx,
  ctx: OrgContext,
  kpi: Awaited<ReturnType<typeof findKpi>>,
  formula: FormulaRef | null | undefined,
  cadence: CreateKpi["cadence"],
) {
  if (cadence !== kpi.cadence) await refuseIfUsedByFormula(tx, ctx.org.id, [kpi.id], "cadence");
  const current =
    kpi.formulaNumeratorId && kpi.formulaDenominatorId
      ? { numerator: kpi.formulaNumeratorId, denominator: kpi.formulaDenominatorId }
      : null;
  const wanted = formula === undefined ? current : formula;
  if (wanted === null) return null;
  return resolveFormula(tx, ctx.org.id, wanted, cadence, { id: kpi.id, key: kpi.key });
}

const duplicateKey = () => conflict("Another KPI in this organisation already has that key.", "key");

export async function createKpi(ctx: OrgContext, input: CreateKpi) {
  try {
    return await withTenant(ctx, async (tx) => {
      const stream = await findEditableStream(tx, ctx, input.streamId);
      await checkReferences(tx, ctx, stream.id, input);
      const formula = input.formula ? await resolveFormula(tx, ctx.org.id, input.formula, input.cadence) : null;
      const key = input.key ?? (await nextKpiKeys(tx, ctx.org.id, keyPrefixes[stream.kind] ?? "KPI", 1))[0]!;
      const [kpi] = await tx
        .insert(kpis)
        .values({ orgId: ctx.org.id, streamId: stream.id, key, ...kpiValues(input), ...formulaColumns(formula) })
        .returning();
      await recordFirstDefinition(tx, ctx, kpi!, input.validFrom);
      await audit(
        tx,
        ctx,
        "kpi.created",
        { type: "kpi", id: kpi!.id },
        { key, name: kpi!.name, kind: kpi!.kind, ...(formula && { formula }) },
      );
      return kpi!;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateKey() : error;
  }
}

/**
 * Writes every field of an editable KPI: the labels on the KPI, the definition as a version valid
 * from `input.validFrom` (default today). Links that no longer fit its kind are dropped. A new cadence
 * on a KPI with values re-buckets them when `input.rebucket` says so, and is refused otherwise.
 */
async function writeKpi(
  tx: Tx,
  ctx: OrgContext,
  kpi: Awaited<ReturnType<typeof findKpi>>,
  input: Omit<UpdateKpi, "kpiId" | "rebucket"> & { rebucket?: boolean },
  references: Parameters<typeof checkReferences>[3] = input,
  archived = kpi.archivedAt !== null,
) {
  await checkReferences(tx, ctx, kpi.streamId, references);
  const formula = await nextFormula(tx, ctx, kpi, input.formula, input.cadence);
  if (archived && kpi.archivedAt === null) await refuseIfUsedByFormula(tx, ctx.org.id, [kpi.id], "archive");
  if (input.kind === "outcome") {
    // An outcome KPI drives nothing: links only go from output to outcome.
    await tx.delete(kpiLinks).where(and(eq(kpiLinks.orgId, ctx.org.id), eq(kpiLinks.outputKpiId, kpi.id)));
  } else {
    await tx.delete(kpiLinks).where(and(eq(kpiLinks.orgId, ctx.org.id), eq(kpiLinks.outcomeKpiId, kpi.id)));
  }
  const finishCadenceChange = await startCadenceChange(tx, ctx, kpi, input.cadence, input.rebucket);
  await recordCadence(tx, ctx, kpi, input.cadence);
  await tx
    .update(kpis)
    .set({ key: input.key ?? kpi.key, ...kpiLabels(input), ...formulaColumns(formula) })
    .where(and(eq(kpis.orgId, ctx.org.id), eq(kpis.id, kpi.id)));
  const rebucketed = await finishCadenceChange();
  const validFrom = input.validFrom ?? todayIso();
  await recordDefinition(tx, ctx, kpi, kpiDefinition(input, archived), validFrom);
  await audit(
    tx,
    ctx,
    "kpi.updated",
    { type: "kpi", id: kpi.id },
    {
      from: {
        key: kpi.key,
        name: kpi.name,
        kind: kpi.kind,
        direction: kpi.direction,
        baseline: kpi.baseline,
        target: kpi.target,
        weight: kpi.weight,
        cadence: kpi.cadence,
      },
      to: {
        key: input.key ?? kpi.key,
        name: input.name,
        kind: input.kind,
        direction: input.direction,
        baseline: input.baseline ?? null,
        target: input.target,
        weight: input.weight,
        cadence: input.cadence,
        targetDate: input.targetDate ?? null,
        planStart: input.planStart ?? null,
      },
      validFrom,
      ...(input.formula !== undefined && { formula }),
      ...(rebucketed && { rebucketed: { values: rebucketed.before, periods: rebucketed.after } }),
    },
  );
}

export async function updateKpi(ctx: OrgContext, input: UpdateKpi) {
  try {
    await withTenant(ctx, async (tx) => writeKpi(tx, ctx, await findEditableKpi(tx, ctx, input.kpiId), input));
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateKey() : error;
  }
}

/** What the API may change on a KPI: only the fields given; null clears an optional one. */
export interface KpiPatch {
  key?: string;
  name?: string;
  description?: string | null;
  kind?: CreateKpi["kind"];
  unit?: string;
  direction?: CreateKpi["direction"];
  baseline?: number | null;
  target?: number;
  targetDate?: string | null;
  planStart?: string | null;
  weight?: number;
  cadence?: CreateKpi["cadence"];
  stageId?: string | null;
  teamId?: string | null;
  ownerId?: string | null;
  archived?: boolean;
  /** The first day the definition change applies to; default today. */
  validFrom?: string;
  /** Confirms re-bucketing the KPI's values into a new cadence (DESIGN "Time"). */
  rebucket?: boolean;
  /** A formula KPI's inputs; null makes it a plain KPI. */
  formula?: FormulaRef | null;
}

/**
 * Changes the fields given on a KPI (by id or key) in one transaction; the merged KPI is checked as
 * a whole (a direction that contradicts its baseline and target is refused). Answers the KPI's id.
 */
export async function patchKpi(ctx: OrgContext, idOrKey: string, patch: KpiPatch): Promise<string> {
  try {
    return await withTenant(ctx, async (tx) => {
      const kpi = await findEditableKpi(tx, ctx, idOrKey);
      const merged = <K extends keyof KpiPatch & keyof typeof kpi>(key: K) =>
        patch[key] === undefined ? kpi[key] : patch[key];
      const optional = <T>(value: T | null) => value ?? undefined;
      const next = {
        key: patch.key ?? kpi.key,
        name: patch.name ?? kpi.name,
        description: optional(patch.description === undefined ? kpi.description : patch.description || null),
        kind: patch.kind ?? kpi.kind,
        unit: patch.unit ?? kpi.unit,
        direction: patch.direction ?? kpi.direction,
        baseline: optional(merged("baseline")),
        target: patch.target ?? kpi.target,
        targetDate: optional(merged("targetDate")),
        planStart: optional(merged("planStart")),
        weight: patch.weight ?? kpi.weight,
        cadence: patch.cadence ?? kpi.cadence,
        stageId: optional(merged("stageId")),
        teamId: optional(merged("teamId")),
        ownerId: optional(merged("ownerId")),
        validFrom: patch.validFrom,
        rebucket: patch.rebucket,
        formula: patch.formula,
      };
      checkWholeKpi(next);
      const wasArchived = kpi.archivedAt !== null;
      const archived = patch.archived ?? wasArchived;
      // Only references the request names are checked: a KPI keeps a stage or owner it already had.
      await writeKpi(
        tx,
        ctx,
        kpi,
        next,
        { stageId: patch.stageId ?? undefined, teamId: patch.teamId ?? undefined, ownerId: patch.ownerId ?? undefined },
        archived,
      );
      if (archived !== wasArchived) {
        await audit(
          tx,
          ctx,
          patch.archived ? "kpi.archived" : "kpi.restored",
          { type: "kpi", id: kpi.id },
          { key: next.key },
        );
      }
      return kpi.id;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateKey() : error;
  }
}

/** The organisation's KPIs, filtered; a stream or team of another organisation is not found. */
export async function listKpis(
  ctx: OrgContext,
  filters: { streamId?: string; teamId?: string; kind?: CreateKpi["kind"]; archived?: "true" | "false" | "all" } = {},
) {
  return withTenant(ctx, async (tx) => {
    if (filters.streamId) await findStream(tx, ctx, filters.streamId);
    if (filters.teamId) await findTeam(tx, ctx, filters.teamId);
    const archived = filters.archived ?? "false";
    return (
      tx
        .select()
        .from(kpis)
        .where(
          and(
            eq(kpis.orgId, ctx.org.id),
            filters.streamId ? eq(kpis.streamId, filters.streamId) : undefined,
            filters.teamId ? eq(kpis.teamId, filters.teamId) : undefined,
            filters.kind ? eq(kpis.kind, filters.kind) : undefined,
            archived === "all" ? undefined : archived === "true" ? isNotNull(kpis.archivedAt) : isNull(kpis.archivedAt),
          ),
        )
        // MKT-2 before MKT-10, as exports list them.
        .orderBy(
          asc(sql`regexp_replace(${kpis.key}, '[0-9]+$', '')`),
          asc(sql`nullif(substring(${kpis.key} from '[0-9]+$'), '')::int`),
        )
    );
  });
}

export async function setKpiArchived(ctx: OrgContext, input: { kpiId: string }, archived: boolean) {
  await withTenant(ctx, async (tx) => {
    const kpi = await findEditableKpi(tx, ctx, input.kpiId);
    if (archived) await refuseIfUsedByFormula(tx, ctx.org.id, [kpi.id], "archive");
    await recordDefinition(tx, ctx, kpi, { ...definitionOf(kpi), archived });
    await audit(tx, ctx, archived ? "kpi.archived" : "kpi.restored", { type: "kpi", id: kpi.id }, { key: kpi.key });
  });
}

export async function deleteKpi(ctx: OrgContext, input: { kpiId: string }) {
  return withTenant(ctx, async (tx) => {
    const kpi = await findEditableKpi(tx, ctx, input.kpiId);
    await refuseIfUsedByFormula(tx, ctx.org.id, [kpi.id], "delete");
    await tx.delete(kpis).where(and(eq(kpis.orgId, ctx.org.id), eq(kpis.id, kpi.id)));
    await audit(tx, ctx, "kpi.deleted", { type: "kpi", id: kpi.id }, { key: kpi.key, name: kpi.name });
    return kpi;
  });
}

/** Links an output KPI to an outcome KPI it drives; both must be this organisation's. */
export async function linkKpis(ctx: OrgContext, input: { outputKpiId: string; outcomeKpiId: string }) {
  await withTenant(ctx, async (tx) => {
    const output = await findEditableKpi(tx, ctx, input.outputKpiId);
    const outcome = await findKpi(tx, ctx, input.outcomeKpiId);
    if (output.kind !== "output") throw invalid("Only an output KPI can drive another KPI.", "outputKpiId");
    if (outcome.kind !== "outcome")
      throw invalid("An output KPI drives outcome KPIs; choose an outcome KPI.", "outcomeKpiId");
    const added = await tx
      .insert(kpiLinks)
      .values({ orgId: ctx.org.id, outputKpiId: output.id, outcomeKpiId: outcome.id })
      .onConflictDoNothing()
      .returning();
    if (added.length) await audit(tx, ctx, "kpi.linked", { type: "kpi", id: output.id }, { drives: outcome.key });
  });
}

export async function unlinkKpis(ctx: OrgContext, input: { outputKpiId: string; outcomeKpiId: string }) {
  await withTenant(ctx, async (tx) => {
    const output = await findEditableKpi(tx, ctx, input.outputKpiId);
    const removed = await tx
      .delete(kpiLinks)
      .where(
        and(
          eq(kpiLinks.orgId, ctx.org.id),
          eq(kpiLinks.outputKpiId, output.id),
          eq(kpiLinks.outcomeKpiId, input.outcomeKpiId),
        ),
      )
      .returning();
    if (removed.length === 0) throw notFound("That link");
    await audit(tx, ctx, "kpi.unlinked", { type: "kpi", id: output.id }, { outcomeKpiId: input.outcomeKpiId });
  });
}

/** A KPI with its measurements (newest first), links and what the viewer may do with it. */
export async function getKpi(ctx: OrgContext, idOrKey: string) {
  return withTenant(ctx, async (tx) => {
    const kpi = await findKpi(tx, ctx, idOrKey);
    const [values, links, teamIds, names, versions, formula, usedBy] = await Promise.all([
      tx
        .select({
          period: measurements.period,
          value: measurements.value,
          note: measurements.note,
          updatedAt: measurements.updatedAt,
        })
        .from(measurements)
        .where(and(eq(measurements.orgId, ctx.org.id), eq(measurements.kpiId, kpi.id)))
        .orderBy(desc(measurements.period)),
      tx
        .select({ id: kpis.id, key: kpis.key, name: kpis.name, kind: kpis.kind, outputKpiId: kpiLinks.outputKpiId })
        .from(kpiLinks)
        .innerJoin(
          kpis,
          and(
            eq(kpis.orgId, kpiLinks.orgId),
            or(
              and(eq(kpiLinks.outputKpiId, kpi.id), eq(kpis.id, kpiLinks.outcomeKpiId)),
              and(eq(kpiLinks.outcomeKpiId, kpi.id), eq(kpis.id, kpiLinks.outputKpiId)),
            ),
          ),
        )
        .where(eq(kpiLinks.orgId, ctx.org.id))
        .orderBy(asc(kpis.key)),
      memberTeamIds(tx, ctx),
      tx
        .select({
          team: teams.name,
          stage: stages.name,
          owner: sql<string | null>`coalesce(${users.name}, ${users.email})`,
        })
        .from(kpis)
        .leftJoin(teams, eq(teams.id, kpis.teamId))
        .leftJoin(stages, eq(stages.id, kpis.stageId))
        .leftJoin(users, eq(users.id, kpis.ownerId))
        .where(and(eq(kpis.orgId, ctx.org.id), eq(kpis.id, kpi.id))),
      loadVersions(tx, ctx.org.id, [kpi.id]),
      loadFormulaExplanation(tx, ctx.org.id, kpi),
      formulasUsing(tx, ctx.org.id, [kpi.id]),
    ]);
    const stored = versions.get(kpi.id) ?? [];
    return {
      ...kpi,
      versions: stored,
      history: definitionChanges(stored),
      authorNames: new Map(stored.map((v) => [v.author?.id ?? "", v.authorName])),
      teamName: names[0]?.team ?? null,
      stageName: names[0]?.stage ?? null,
      ownerName: names[0]?.owner ?? null,
      measurements: values,
      drives: links.filter((l) => l.outputKpiId === kpi.id),
      drivenBy: links.filter((l) => l.outputKpiId !== kpi.id),
      editable: canEditStream(ctx, { ownerId: kpi.streamOwnerId }),
      // A formula's values are computed from its inputs, never recorded.
      canRecord: formula === null && canRecordMeasurement(ctx, kpi, teamIds),
      formula,
      usedBy,
    };
  });
}

/** Outcome KPIs of the organisation an output KPI could be linked to. */
export async function listOutcomeKpis(ctx: OrgContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: kpis.id, key: kpis.key, name: kpis.name })
      .from(kpis)
      .where(and(eq(kpis.orgId, ctx.org.id), eq(kpis.kind, "outcome"), sql`${kpis.archivedAt} is null`))
      .orderBy(asc(kpis.key)),
  );
}

/** A KPI's definition versions (by id or key) with what each changed and who recorded it. */
export async function listKpiVersions(ctx: OrgContext, idOrKey: string) {
  return withTenant(ctx, async (tx) => {
    const kpi = await findKpi(tx, ctx, idOrKey);
    const stored = (await loadVersions(tx, ctx.org.id, [kpi.id])).get(kpi.id) ?? [];
    return {
      kpi,
      history: definitionChanges(stored),
      authorNames: new Map(stored.map((v) => [v.author?.id ?? "", v.authorName])),
    };
  });
}

/** The KPIs a formula KPI may divide (live plain KPIs of the organisation), for the KPI form. */
export async function listFormulaInputs(ctx: OrgContext) {
  return withTenant(ctx, (tx) => listFormulaInputCandidates(tx, ctx.org.id));
}
