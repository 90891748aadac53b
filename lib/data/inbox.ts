import "server-only";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { invitations } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { can } from "@/lib/auth/permissions";
import { summarise } from "@/lib/scoring/compose";
import type { IsoDate } from "@/lib/scoring";
import { listActions } from "./action-items";
import { listControls } from "./controls";
import { memberTeamIds } from "./kpis";
import { reviewsDue } from "./reviews";
import { loadScoringData } from "./scores";
import { withTenant } from "./tenant";

/** What needs the user's attention in this organisation, from a fixed handful of queries. */
export async function getInbox(ctx: OrgContext, today: IsoDate) {
  const [teamIds, scoring, myActions, controlsDue, streamsToReview, pendingInvitations] = await Promise.all([
    withTenant(ctx, (tx) => memberTeamIds(tx, ctx)),
    loadScoringData(ctx, "organisation", today, { history: "latest" }),
    listActions(ctx, { ownerId: ctx.user.id, open: true }, today),
    listControls(ctx, { dueFor: ctx.user.id }, today),
    reviewsDue(ctx, today),
    can(ctx.role, "members.manage")
      ? withTenant(ctx, async (tx) => {
          const [row] = await tx
            .select({
              pending: count(sql`case when ${invitations.expiresAt} > now() then 1 end`),
              expired: count(sql`case when ${invitations.expiresAt} <= now() then 1 end`),
            })
            .from(invitations)
            .where(
              and(eq(invitations.orgId, ctx.org.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
            );
          return row ?? { pending: 0, expired: 0 };
        })
      : Promise.resolve(null),
  ]);
  const mine = scoring.kpis.filter((k) => k.meta.teamId !== null && teamIds.has(k.meta.teamId));
  const cards = summarise(mine, scoring, { trend: false }).cards;
  return {
    kpis: cards.filter((c) => c.stale || c.status === "off_track"),
    actions: myActions.filter((a) => a.overdue || a.dueDate <= today),
    upcomingActions: myActions.filter((a) => !a.overdue && a.dueDate > today),
    controls: controlsDue,
    reviews: streamsToReview,
    invitations: pendingInvitations,
  };
}
