import "server-only";
import { and, asc, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpiLinks, kpis, measurements, orgSettings, teams, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { prepareKpi, scoreSet, type IsoDate, type ScoreResult } from "@/lib/scoring";
import type { KpiMeta, ScoringData, ScoringKpiRow } from "@/lib/scoring/compose";
import { groupBy } from "@/lib/group-by";
import { findStream } from "./streams";
import { findTeam } from "./teams";
import { withTenant } from "./tenant";

// The pure side (lib/scoring/compose.ts) owns these types; they are said here too for the data layer's callers.
export type { KpiMeta, ScoringData, ScoringKpiRow };

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
  options: { history?: "all" | "latest" } = {},
): Promise<ScoringData> {
  return withTenant(ctx, (tx) => loadInTransaction(tx, ctx.org.id, scope, asOf, options.history ?? "all"));
}

function scopeFilter(orgId: string, scope: ScoringScope) {
  // Archived KPIs and the KPIs of archived streams don't count.
  const live = and(
    eq(kpis.orgId, orgId),
    isNull(kpis.archivedAt),
    sql`not exists (select 1 from ${valueStreams} where ${valueStreams.orgId} = ${kpis.orgId} and ${valueStreams.id} = ${kpis.streamId} and ${valueStreams.archivedAt} is not null)`,
  );
  if (scope === "organisation") return live;
  if ("streamId" in scope) return and(live, eq(kpis.streamId, scope.streamId));
  // Outcomes driven by the team's live outputs: an archived output no longer brings its outcomes in.
  const drivenOutcomes = sql`select ${kpiLinks.outcomeKpiId} from ${kpiLinks} join ${kpis} as o on o.org_id = ${kpiLinks.orgId} and o.id = ${kpiLinks.outputKpiId} where ${kpiLinks.orgId} = ${orgId} and o.team_id = ${scope.teamId} and o.archived_at is null`;
  return and(live, or(eq(kpis.teamId, scope.teamId), sql`${kpis.id} in (${drivenOutcomes})`));
}

/**
 * The values scores as of `asOf` need. "all": every value up to `asOf` (trends, sparklines, leverage).
 * "latest": per KPI only the latest value and, when it has no baseline, the earliest — the same scores
 * from a thousandth of the rows, read through the primary key.
 */
async function loadValues(
  tx: Tx,
  where: ReturnType<typeof scopeFilter>,
  orgId: string,
  asOf: IsoDate,
  history: "all" | "latest",
) {
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
  history: "all" | "latest",
): Promise<ScoringData> {
  const where = scopeFilter(orgId, scope);
  const [settingsRows, kpiRows, valueRows, linkRows] = await Promise.all([
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
        weight: kpis.weight,
        cadence: kpis.cadence,
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
    loadValues(tx, where, orgId, asOf, history),
    tx
      .select({ outputKpiId: kpiLinks.outputKpiId, outcomeKpiId: kpiLinks.outcomeKpiId })
      .from(kpiLinks)
      .innerJoin(kpis, and(eq(kpis.orgId, kpiLinks.orgId), eq(kpis.id, kpiLinks.outputKpiId)))
      .where(and(eq(kpiLinks.orgId, orgId), where)),
  ]);
  const s = settingsRows[0]!;
  const byKpi = groupBy(valueRows, (m) => m.kpiId);
  return {
    asOf,
    settings: {
      outcomeWeight: s.outcomeWeight,
      quadrantThreshold: s.quadrantThreshold,
      onTrack: s.onTrackThreshold,
      atRisk: s.atRiskThreshold,
    },
    kpis: kpiRows.map((k) => ({
      ...prepareKpi({ kpi: k, measurements: byKpi.get(k.id) ?? [] }),
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
    return loadInTransaction(tx, ctx.org.id, load, asOf, "latest");
  });
  const rows = scope.teamId ? data.kpis.filter((k) => k.meta.teamId === scope.teamId) : data.kpis;
  return scoreSet(rows, data.asOf, data.settings);
}
