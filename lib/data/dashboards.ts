import "server-only";
import type { OrgContext } from "@/lib/auth/org-context";
import { canRecordMeasurement } from "@/lib/auth/permissions";
import { explain, linkLeverage, scoresByTeam, summarise } from "@/lib/scoring/compose";
import type { IsoDate } from "@/lib/scoring";
import { memberTeamIds } from "./kpis";
import { loadScoringData } from "./scores";
import { findTeam } from "./teams";
import { withTenant } from "./tenant";

/** A team's scores, trend, KPI cards (with who may record) and the leverage of its links. */
export async function getTeamDashboard(ctx: OrgContext, teamId: string, asOf: IsoDate) {
  const [team, teamIds] = await withTenant(ctx, async (tx) => {
    return [await findTeam(tx, ctx, teamId), await memberTeamIds(tx, ctx)] as const;
  });
  const data = await loadScoringData(ctx, { teamId }, asOf);
  const own = data.kpis.filter((k) => k.meta.teamId === teamId);
  const summary = summarise(own, data);
  return {
    team,
    settings: data.settings,
    ...summary,
    cards: summary.cards.map((c) => ({
      ...c,
      canRecord: canRecordMeasurement(ctx, { streamOwnerId: c.meta.streamOwnerId, teamId: c.meta.teamId }, teamIds),
    })),
    leverage: linkLeverage(own, data),
  };
}

/** Every team's scores side by side and every KPI's score, for the cross-team review. */
export async function getReview(ctx: OrgContext, asOf: IsoDate) {
  // No trend or sparkline here: the latest values give the same scores from far fewer rows.
  const data = await loadScoringData(ctx, "organisation", asOf, { history: "latest" });
  const all = summarise(data.kpis, data, { trend: false });
  return { settings: data.settings, teams: scoresByTeam(data), kpis: all.cards };
}

/** The organisation's scores with their trend. */
export async function getOrgScores(ctx: OrgContext, asOf: IsoDate) {
  const data = await loadScoringData(ctx, "organisation", asOf);
  return { settings: data.settings, ...summarise(data.kpis, data) };
}

/** A stream's scores with their trend. */
export async function getStreamScores(ctx: OrgContext, streamId: string, asOf: IsoDate) {
  const data = await loadScoringData(ctx, { streamId }, asOf);
  return { settings: data.settings, ...summarise(data.kpis, data) };
}

/** The arithmetic behind a team's, a stream's or the organisation's scores. */
export async function getExplanation(ctx: OrgContext, scope: { teamId?: string; streamId?: string }, asOf: IsoDate) {
  const data = await loadScoringData(
    ctx,
    scope.teamId ? { teamId: scope.teamId } : scope.streamId ? { streamId: scope.streamId } : "organisation",
    asOf,
  );
  const rows = scope.teamId ? data.kpis.filter((k) => k.meta.teamId === scope.teamId) : data.kpis;
  const label = scope.teamId
    ? (rows[0]?.meta.teamName ?? (await teamName(ctx, scope.teamId)))
    : scope.streamId
      ? (rows[0]?.meta.streamName ?? "Value stream")
      : ctx.org.name;
  return { label, explanation: explain(rows, data) };
}

async function teamName(ctx: OrgContext, teamId: string) {
  return withTenant(ctx, async (tx) => (await findTeam(tx, ctx, teamId)).name);
}
