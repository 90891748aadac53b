import "server-only";
import { and, asc, desc, eq, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  kpiDefinitionVersions,
  kpiLinks,
  kpis,
  measurements,
  measurementVersions,
  orgSettings,
  teams,
  valueStreams,
} from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { prepareKpi, scoreSet, type IsoDate, type ScoreResult } from "@/lib/scoring";
import type { KpiMeta, ScoringData, ScoringKpiRow } from "@/lib/scoring/compose";
import { groupBy } from "@/lib/group-by";
import { now } from "@/lib/clock";
import { scoringOptions } from "@/lib/scoring/compose";
import { versionFromJson, versionsJson } from "./kpi-versions";
import { findStream } from "./streams";
import { findTeam } from "./teams";
import { withTenant } from "./tenant";

// The pure side (lib/scoring/compose.ts) owns these types; they are said here too for the data layer's callers.
export type { KpiMeta, ScoringData, ScoringKpiRow };

export interface LoadOptions {
  history?: "all" | "latest";
  /**
   * Knowledge time. Absent: as known now (the current values, the fast path). Given: values and
   * definitions as recorded by then, from their history.
   */
  knownAt?: Date;
}

/** Which KPIs to load: a team's (plus the outcomes its outputs drive), a stream's, or the organisation's. */
export type ScoringScope = { teamId: string } | { streamId: string } | "organisation";

/**
 * Everything scoring needs in a fixed number of queries whatever the number of KPIs: settings, the
 * KPIs of the scope, their measurements up to `asOf` (the as-of date is applied in SQL) and links.
 */
export async function loadScoringData(
  ctx: OrgContext,
  scope: ScoringScope,
  asOf: IsoDate,
  options: LoadOptions = {},
): Promise<ScoringData> {
  return withTenant(ctx, (tx) => loadInTransaction(tx, ctx.org.id, scope, asOf, options));
}

function scopeFilter(orgId: string, scope: ScoringScope) {
  // The KPIs of archived streams don't count. A KPI with definition versions is always loaded: its
  // versions say from when it is archived, and scoring leaves it out then (listing it as not in the
  // set), the same whenever the scores are computed. A KPI archived without versions (a row written
  // directly) is archived for every date, as before versions existed.
  const live = and(
    eq(kpis.orgId, orgId),
    sql`(${kpis.archivedAt} is null or exists (select 1 from ${kpiDefinitionVersions} v where v.org_id = ${kpis.orgId} and v.kpi_id = ${kpis.id}))`,
    sql`not exists (select 1 from ${valueStreams} where ${valueStreams.orgId} = ${kpis.orgId} and ${valueStreams.id} = ${kpis.streamId} and ${valueStreams.archivedAt} is not null)`,
  );
  if (scope === "organisation") return live;
  if ("streamId" in scope) return and(live, eq(kpis.streamId, scope.streamId));
  // Outcomes driven by the team's live outputs: an archived output no longer brings its outcomes in.
  const drivenOutcomes = sql`select ${kpiLinks.outcomeKpiId} from ${kpiLinks} join ${kpis} as o on o.org_id = ${kpiLinks.orgId} and o.id = ${kpiLinks.outputKpiId} where ${kpiLinks.orgId} = ${orgId} and o.team_id = ${scope.teamId} and o.archived_at is null`;
  // KPIs that were the team's on some date: scoring keeps those that are on the date it scores.
  const formerly = sql`select ${kpiDefinitionVersions.kpiId} from ${kpiDefinitionVersions} where ${kpiDefinitionVersions.orgId} = ${orgId} and ${kpiDefinitionVersions.teamId} = ${scope.teamId}`;
  return and(
    live,
    or(eq(kpis.teamId, scope.teamId), sql`${kpis.id} in (${drivenOutcomes})`, sql`${kpis.id} in (${formerly})`),
  );
}

/**
 * The values scores as of `asOf` need. "all": every value up to `asOf` (trends, sparklines, leverage).
 * "latest": per KPI only the latest value and, when it has no baseline, the earliest — the same scores
 * from a thousandth of the rows, read through the primary key.
 */
/**
 * The values as known at `knownAt` (DESIGN "Measurement history"): per (KPI, period) up to `asOf`, the
 * latest version recorded at or before it, deletions left out. Read through the history's index.
 */
export async function valuesKnownAt(
  tx: Tx,
  where: ReturnType<typeof scopeFilter>,
  orgId: string,
  asOf: IsoDate,
  knownAt: Date,
) {
  const known = tx
    .selectDistinctOn([measurementVersions.kpiId, measurementVersions.period], {
      kpiId: measurementVersions.kpiId,
      period: measurementVersions.period,
      value: measurementVersions.value,
    })
    .from(measurementVersions)
    .innerJoin(kpis, and(eq(kpis.orgId, measurementVersions.orgId), eq(kpis.id, measurementVersions.kpiId)))
    .where(
      and(
        eq(measurementVersions.orgId, orgId),
        lte(measurementVersions.period, asOf),
        lte(measurementVersions.recordedAt, knownAt),
        where,
      ),
    )
    .orderBy(
      measurementVersions.kpiId,
      measurementVersions.period,
      desc(measurementVersions.recordedAt),
      desc(measurementVersions.seq),
    )
    .as("known");
  const rows = await tx
    .select({ kpiId: known.kpiId, period: known.period, value: known.value })
    .from(known)
    .where(isNotNull(known.value));
  return rows as { kpiId: string; period: string; value: number }[];
}

async function loadValues(
  tx: Tx,
  where: ReturnType<typeof scopeFilter>,
  orgId: string,
  asOf: IsoDate,
  history: "all" | "latest",
  knownAt: Date | undefined,
) {
  if (knownAt !== undefined) return valuesKnownAt(tx, where, orgId, asOf, knownAt);
  if (history === "all") {
    return tx
      .select({ kpiId: measurements.kpiId, period: measurements.period, value: measurements.value })
      .from(measurements)
      .innerJoin(kpis, and(eq(kpis.orgId, measurements.orgId), eq(kpis.id, measurements.kpiId)))
      .where(and(eq(measurements.orgId, orgId), lte(measurements.period, asOf), where));
  }
  const edge = (order: "latest" | "earliest") =>
    tx
      .select({ period: measurements.period, value: measurements.value })
      .from(measurements)
      .where(and(eq(measurements.orgId, kpis.orgId), eq(measurements.kpiId, kpis.id), lte(measurements.period, asOf)))
      .orderBy(order === "latest" ? desc(measurements.period) : asc(measurements.period))
      .limit(1)
      .as(order);
  const latest = edge("latest");
  const earliest = edge("earliest");
  const [last, first] = await Promise.all([
    tx
      .select({ kpiId: kpis.id, period: latest.period, value: latest.value })
      .from(kpis)
      .innerJoinLateral(latest, sql`true`)
      .where(where),
    tx
      .select({ kpiId: kpis.id, period: earliest.period, value: earliest.value })
      .from(kpis)
      .innerJoinLateral(earliest, sql`true`)
      .where(and(where, isNull(kpis.baseline))),
  ]);
  const seen = new Set(last.map((l) => `${l.kpiId}|${l.period}`));
  return [...last, ...first.filter((f) => !seen.has(`${f.kpiId}|${f.period}`))];
}

async function loadInTransaction(
  tx: Tx,
  orgId: string,
  scope: ScoringScope,
  asOf: IsoDate,
  options: LoadOptions,
): Promise<ScoringData> {
  const history = options.history ?? "all";
  const knownAt = options.knownAt ?? now();
  const where = scopeFilter(orgId, scope);
  const [settingsRows, kpiRows, valueRows, linkRows, teamRows] = await Promise.all([
    tx.select().from(orgSettings).where(eq(orgSettings.orgId, orgId)),
    tx
      .select({
        id: kpis.id,
        key: kpis.key,
        name: kpis.name,
        kind: kpis.kind,
        unit: kpis.unit,
        direction: kpis.direction,
        baseline: kpis.baseline,
        target: kpis.target,
        targetDate: kpis.targetDate,
        planStart: kpis.planStart,
        weight: kpis.weight,
        cadence: kpis.cadence,
        stageId: kpis.stageId,
        archivedAt: kpis.archivedAt,
        versions: versionsJson,
        teamId: kpis.teamId,
        teamName: teams.name,
        streamId: kpis.streamId,
        streamName: valueStreams.name,
        streamOwnerId: valueStreams.ownerId,
      })
      .from(kpis)
      .innerJoin(valueStreams, and(eq(valueStreams.orgId, kpis.orgId), eq(valueStreams.id, kpis.streamId)))
      .leftJoin(teams, and(eq(teams.orgId, kpis.orgId), eq(teams.id, kpis.teamId)))
      .where(where)
      .orderBy(asc(kpis.kind), asc(kpis.key)),
    loadValues(tx, where, orgId, asOf, history, options.knownAt),
    tx
      .select({ outputKpiId: kpiLinks.outputKpiId, outcomeKpiId: kpiLinks.outcomeKpiId })
      .from(kpiLinks)
      .innerJoin(kpis, and(eq(kpis.orgId, kpiLinks.orgId), eq(kpis.id, kpiLinks.outputKpiId)))
      .where(and(eq(kpiLinks.orgId, orgId), where)),
    tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.orgId, orgId)),
  ]);
  const s = settingsRows[0]!;
  const byKpi = groupBy(valueRows, (m) => m.kpiId);
  return {
    asOf,
    knownAt,
    settings: {
      outcomeWeight: s.outcomeWeight,
      quadrantThreshold: s.quadrantThreshold,
      onTrack: s.onTrackThreshold,
      atRisk: s.atRiskThreshold,
      pace: { onTrack: s.paceOnTrackTolerance, atRisk: s.paceAtRiskTolerance },
    },
    teamNames: new Map(teamRows.map((t) => [t.id, t.name])),
    kpis: kpiRows.map(({ archivedAt, versions, ...k }) => ({
      ...prepareKpi({
        kpi: { ...k, archived: archivedAt !== null, versions: versions ? versions.map(versionFromJson) : undefined },
        measurements: byKpi.get(k.id) ?? [],
      }),
      meta: {
        id: k.id,
        key: k.key,
        name: k.name,
        kind: k.kind,
        unit: k.unit,
        teamId: k.teamId,
        teamName: k.teamName,
        streamId: k.streamId,
        streamName: k.streamName,
        streamOwnerId: k.streamOwnerId,
      },
    })),
    links: linkRows,
  };
}

/**
 * The scores of a team's KPIs, a stream's, both (the team's KPIs in the stream) or the organisation's,
 * as of a date: what the API answers. A team or stream of another organisation is not found. The team
 * set is the team's own KPIs, as on its dashboard.
 */
export async function scoreScope(
  ctx: OrgContext,
  scope: { teamId?: string; streamId?: string },
  asOf: IsoDate,
  knownAt?: Date,
): Promise<ScoreResult> {
  const data = await withTenant(ctx, async (tx) => {
    if (scope.streamId) await findStream(tx, ctx, scope.streamId);
    if (scope.teamId) await findTeam(tx, ctx, scope.teamId);
    const load: ScoringScope = scope.streamId
      ? { streamId: scope.streamId }
      : scope.teamId
        ? { teamId: scope.teamId }
        : "organisation";
    // The latest values give the same scores as the whole history from far fewer rows.
    return loadInTransaction(tx, ctx.org.id, load, asOf, { history: "latest", knownAt });
  });
  return scoreSet(data.kpis, data.asOf, data.settings, scoringOptions(data, scope.teamId));
}
