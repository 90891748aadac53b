import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpiDefinitionVersions, kpis, users } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { now, todayIso } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { groupBy } from "@/lib/group-by";
import {
  definitionAsOf,
  definitionIssues,
  DEFINITION_FIELDS,
  MIN_VALID_FROM,
  type IsoDate,
  type KpiDefinition,
  type KpiDefinitionVersion,
} from "@/lib/scoring";

/*
 * KPI definition versions (DESIGN "Time"): every change to a versioned field is appended as a version
 * valid from a date and recorded now (lib/clock). The KPI row keeps its labels and, for lists and
 * forms, a copy of the definition in force today as known now.
 */

/** A stored version as scoring takes it, with who recorded it. */
export interface StoredVersion extends KpiDefinitionVersion {
  authorName: string | null;
}

type KpiRow = typeof kpis.$inferSelect;

/** The versioned fields of a KPI row. */
export function definitionOf(kpi: KpiRow): Required<KpiDefinition> {
  return {
    kind: kpi.kind,
    direction: kpi.direction,
    baseline: kpi.baseline,
    target: kpi.target,
    targetDate: kpi.targetDate,
    planStart: kpi.planStart,
    weight: kpi.weight,
    teamId: kpi.teamId,
    stageId: kpi.stageId,
    archived: kpi.archivedAt !== null,
  };
}

const versionColumns = {
  kpiId: kpiDefinitionVersions.kpiId,
  validFrom: kpiDefinitionVersions.validFrom,
  recordedAt: kpiDefinitionVersions.recordedAt,
  authorUserId: kpiDefinitionVersions.authorUserId,
  authorTokenId: kpiDefinitionVersions.authorTokenId,
  authorName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
  kind: kpiDefinitionVersions.kind,
  direction: kpiDefinitionVersions.direction,
  baseline: kpiDefinitionVersions.baseline,
  target: kpiDefinitionVersions.target,
  targetDate: kpiDefinitionVersions.targetDate,
  planStart: kpiDefinitionVersions.planStart,
  weight: kpiDefinitionVersions.weight,
  teamId: kpiDefinitionVersions.teamId,
  stageId: kpiDefinitionVersions.stageId,
  archived: kpiDefinitionVersions.archived,
};

/**
 * The definition versions of the KPIs given, in recording order, in one query. Every version is
 * read (they are few): scoring picks by knowledge time. A KPI absent from the answer has none (a row
 * inserted without its history, e.g. by a template): its own fields apply to every date.
 */
export async function loadVersions(tx: Tx, orgId: string, kpiIds: readonly string[]) {
  if (kpiIds.length === 0) return new Map<string, StoredVersion[]>();
  const rows = await tx
    .select(versionColumns)
    .from(kpiDefinitionVersions)
    .leftJoin(users, eq(users.id, kpiDefinitionVersions.authorUserId))
    .where(and(eq(kpiDefinitionVersions.orgId, orgId), inArray(kpiDefinitionVersions.kpiId, [...kpiIds])))
    .orderBy(asc(kpiDefinitionVersions.recordedAt), asc(kpiDefinitionVersions.seq));
  const versions = rows.map(({ kpiId, authorUserId, authorTokenId, authorName, ...v }) => ({
    kpiId,
    version: {
      ...v,
      author: authorTokenId
        ? { kind: "token" as const, id: authorTokenId }
        : authorUserId
          ? { kind: "user" as const, id: authorUserId }
          : null,
      authorName,
    } satisfies StoredVersion,
  }));
  const grouped = groupBy(versions, (v) => v.kpiId);
  return new Map([...grouped].map(([id, list]) => [id, list.map((v) => v.version)]));
}

function author(ctx: Pick<OrgContext, "user" | "tokenId">) {
  return { authorUserId: ctx.user.id, authorTokenId: ctx.tokenId ?? null };
}

/** Refuses a version DESIGN forbids, naming the field (a field message in the UI, a 422 in the API). */
function checkVersion(definition: KpiDefinition, validFrom: IsoDate): void {
  const issues = definitionIssues({ ...definition, validFrom });
  if (issues.length === 0) return;
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[issue.field] ??= []).push(issue.message);
  throw new AppError("validation", issues[0]!.message, fields);
}

const sameDefinition = (a: KpiDefinition, b: KpiDefinition) =>
  DEFINITION_FIELDS.every(
    (f) => (a[f] ?? (f === "archived" ? false : null)) === (b[f] ?? (f === "archived" ? false : null)),
  );

/**
 * Appends a version of a KPI's definition valid from `validFrom` (default today), unless it equals
 * the definition already in force on that date as known now. A KPI stored without history first gets
 * its stored definition as a version valid from the start, so the past keeps scoring as it did.
 * Then the KPI row's copy is set to the definition in force today. Answers whether a version was added.
 */
export async function recordDefinition(
  tx: Tx,
  ctx: Pick<OrgContext, "org" | "user" | "tokenId">,
  kpi: KpiRow,
  definition: Required<KpiDefinition>,
  validFrom: IsoDate = todayIso(),
): Promise<boolean> {
  checkVersion(definition, validFrom);
  const stored = (await loadVersions(tx, ctx.org.id, [kpi.id])).get(kpi.id) ?? [];
  const versions: KpiDefinitionVersion[] = [...stored];
  if (versions.length === 0) {
    const first = { ...definitionOf(kpi), validFrom: MIN_VALID_FROM, recordedAt: kpi.createdAt };
    await tx.insert(kpiDefinitionVersions).values({ orgId: ctx.org.id, kpiId: kpi.id, ...first });
    versions.push(first);
  }
  const before = definitionAsOf(versions, validFrom);
  if (before !== null && sameDefinition(before, definition)) return false;
  const version = { ...definition, validFrom, recordedAt: now() };
  await tx.insert(kpiDefinitionVersions).values({ orgId: ctx.org.id, kpiId: kpi.id, ...version, ...author(ctx) });
  versions.push(version);
  await mirrorToday(tx, ctx.org.id, kpi.id, versions);
  return true;
}

/** Writes the first version of a new KPI. */
export async function recordFirstDefinition(
  tx: Tx,
  ctx: Pick<OrgContext, "org" | "user" | "tokenId">,
  kpi: KpiRow,
  validFrom: IsoDate = MIN_VALID_FROM,
): Promise<void> {
  const definition = definitionOf(kpi);
  checkVersion(definition, validFrom);
  await tx
    .insert(kpiDefinitionVersions)
    .values({ orgId: ctx.org.id, kpiId: kpi.id, ...definition, validFrom, recordedAt: now(), ...author(ctx) });
}

/** Sets the KPI row's copy of its definition to the one in force today. */
async function mirrorToday(tx: Tx, orgId: string, kpiId: string, versions: readonly KpiDefinitionVersion[]) {
  const today = definitionAsOf(versions, todayIso()) ?? versions.reduce((a, b) => (b.validFrom < a.validFrom ? b : a));
  const archived = today.archived ?? false;
  await tx
    .update(kpis)
    .set({
      kind: today.kind,
      direction: today.direction,
      baseline: today.baseline,
      target: today.target,
      targetDate: today.targetDate ?? null,
      planStart: today.planStart ?? null,
      weight: today.weight,
      teamId: today.teamId ?? null,
      stageId: today.stageId ?? null,
      archivedAt: archived ? sql`coalesce(${kpis.archivedAt}, ${now().toISOString()}::timestamptz)` : null,
    })
    .where(and(eq(kpis.orgId, orgId), eq(kpis.id, kpiId)));
}

/** A version as `versionsJson` answers it. */
export interface VersionJson extends Omit<KpiDefinitionVersion, "recordedAt" | "author"> {
  recordedAt: string;
}

/**
 * A KPI's definition versions as one JSON column of a query on `kpis`, in recording order (null when
 * it has none), so loading them costs no query of its own.
 */
export const versionsJson = sql<VersionJson[] | null>`(
  select json_agg(json_build_object(
    'validFrom', v.valid_from, 'recordedAt', v.recorded_at, 'kind', v.kind, 'direction', v.direction,
    'baseline', v.baseline, 'target', v.target, 'targetDate', v.target_date, 'planStart', v.plan_start,
    'weight', v.weight, 'teamId', v.team_id, 'stageId', v.stage_id, 'archived', v.archived
  ) order by v.recorded_at, v.seq)
  from ${kpiDefinitionVersions} v where v.org_id = ${kpis.orgId} and v.kpi_id = ${kpis.id}
)`;

export function versionFromJson(v: VersionJson): KpiDefinitionVersion {
  return { ...v, recordedAt: new Date(v.recordedAt) };
}
