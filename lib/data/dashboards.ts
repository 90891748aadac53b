import "server-only";
import type { OrgContext } from "@/lib/auth/org-context";
import { canRecordMeasurement } from "@/lib/auth/permissions";
import { kpiAsOf, scoreSet, type IsoDate, type KpiScore } from "@/lib/scoring";
import {
  explain,
  linkLeverage,
  scoresByTeam,
  scoringOptions,
  summarise,
  type ScoringData,
} from "@/lib/scoring/compose";
import { memberTeamIds } from "./kpis";
import { loadScoringData, loadScoringDataIn } from "./scores";
import { findTeam } from "./teams";
import { withTenant } from "./tenant";

/*
 * Every dashboard is drawn as of a date D and as known at an instant K (DESIGN "knownAt"): definitions
 * and values recorded after K are not read. Without K: as known now.
 */

/** The KPIs of `data` that are the team's on its as-of date (the team's own set, not what it drives). */
const teamRows = (data: ScoringData, teamId: string) =>
  data.kpis.filter((k) => (kpiAsOf(k.kpi, data.asOf, data.knownAt)?.teamId ?? k.meta.teamId) === teamId);

/** A team's scores, trend, KPI cards (with who may record) and the leverage of its links. */
export async function getTeamDashboard(ctx: OrgContext, teamId: string, asOf: IsoDate, knownAt?: Date) {
  // One transaction for the page's reads: the team (404 for another organisation's) first.
  const [team, teamIds, data] = await withTenant(ctx, async (tx) => {
    const found = await findTeam(tx, ctx, teamId);
    const [ids, loaded] = await Promise.all([
      memberTeamIds(tx, ctx),
      loadScoringDataIn(tx, ctx, { teamId }, asOf, { knownAt }),
    ]);
    return [found, ids, loaded] as const;
  });
  const summary = summarise(data.kpis, data, { teamId });
  return {
    team,
    settings: data.settings,
    ...summary,
    cards: summary.cards.map((c) => ({
      ...c,
      canRecord: canRecordMeasurement(ctx, { streamOwnerId: c.meta.streamOwnerId, teamId: c.meta.teamId }, teamIds),
    })),
    leverage: linkLeverage(teamRows(data, teamId), data),
  };
}

/** Every team's scores side by side and every KPI's score, for the cross-team review. */
export async function getReview(ctx: OrgContext, asOf: IsoDate, knownAt?: Date) {
  // No trend or sparkline here: the latest values give the same scores from far fewer rows.
  const data = await loadScoringData(ctx, "organisation", asOf, { history: "latest", knownAt });
  const all = summarise(data.kpis, data, { trend: false });
  return { settings: data.settings, teams: scoresByTeam(data), kpis: all.cards };
}

/** The organisation's scores with their trend. */
export async function getOrgScores(ctx: OrgContext, asOf: IsoDate, knownAt?: Date) {
  const data = await loadScoringData(ctx, "organisation", asOf, { knownAt });
  return { settings: data.settings, ...summarise(data.kpis, data) };
}

/** A stream's scores with their trend. */
export async function getStreamScores(ctx: OrgContext, streamId: string, asOf: IsoDate, knownAt?: Date) {
  const data = await loadScoringData(ctx, { streamId }, asOf, { knownAt });
  return { settings: data.settings, ...summarise(data.kpis, data) };
}

/**
 * One KPI's score as of a date and as known at an instant, as the dashboards compute it (its KPI page's
 * status and pace); null when it is not scored then (not defined yet, archived, or in an archived stream).
 */
export async function getKpiScore(
  ctx: OrgContext,
  kpiId: string,
  asOf: IsoDate,
  knownAt?: Date,
): Promise<KpiScore | null> {
  const data = await loadScoringData(ctx, { kpiId }, asOf, { history: "latest", knownAt });
  return scoreSet(data.kpis, data.asOf, data.settings, scoringOptions(data)).kpis[0] ?? null;
}

/** The arithmetic behind a team's, a stream's or the organisation's scores. */
export async function getExplanation(
  ctx: OrgContext,
  scope: { teamId?: string; streamId?: string },
  asOf: IsoDate,
  knownAt?: Date,
) {
  const data = await loadScoringData(
    ctx,
    scope.teamId ? { teamId: scope.teamId } : scope.streamId ? { streamId: scope.streamId } : "organisation",
    asOf,
    { knownAt },
  );
  const rows = scope.teamId ? teamRows(data, scope.teamId) : data.kpis;
  const label = scope.teamId
    ? (data.teamNames?.get(scope.teamId) ?? (await teamName(ctx, scope.teamId)))
    : scope.streamId
      ? (rows[0]?.meta.streamName ?? "Value stream")
      : ctx.org.name;
  // Formula KPIs: the division behind each value (inputs' keys and values per period).
  const formulas = new Map(data.kpis.flatMap((k) => (k.meta.formula ? [[k.meta.id, k.meta.formula] as const] : [])));
  return { label, explanation: explain(data.kpis, data, scope.teamId), formulas };
}

async function teamName(ctx: OrgContext, teamId: string) {
  return withTenant(ctx, async (tx) => (await findTeam(tx, ctx, teamId)).name);
}
