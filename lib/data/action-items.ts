import "server-only";
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { actions, kpis, measurements, memberships, reviews, users, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, can } from "@/lib/auth/permissions";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { groupBy } from "@/lib/group-by";
import { attainment, type IsoDate } from "@/lib/scoring";
import type { createActionSchema } from "@/lib/validations/review";
import { audit, findInOrg, withTenant } from "./tenant";

type ActionRow = typeof actions.$inferSelect;

/** Attainment of each KPI as of each date asked, from one query of their measurements. */
async function attainments(tx: Tx, orgId: string, asks: { kpiId: string; asOf: IsoDate }[]) {
  const ids = [...new Set(asks.map((a) => a.kpiId))];
  if (ids.length === 0) return new Map<string, number | null>();
  const latest = asks.reduce((m, a) => (a.asOf > m ? a.asOf : m), "1900-01-01");
  const [defs, values] = await Promise.all([
    tx
      .select()
      .from(kpis)
      .where(and(eq(kpis.orgId, orgId), inArray(kpis.id, ids))),
    tx
      .select({ kpiId: measurements.kpiId, period: measurements.period, value: measurements.value })
      .from(measurements)
      .where(and(eq(measurements.orgId, orgId), inArray(measurements.kpiId, ids), lte(measurements.period, latest))),
  ]);
  const byKpi = groupBy(values, (v) => v.kpiId);
  const def = new Map(defs.map((d) => [d.id, d]));
  return new Map(
    asks.map((a) => {
      const k = def.get(a.kpiId);
      return [`${a.kpiId}|${a.asOf}`, k ? attainment(k, byKpi.get(a.kpiId) ?? [], a.asOf) : null] as const;
    }),
  );
}

export async function createActionItem(ctx: OrgContext, input: z.infer<typeof createActionSchema>, today: IsoDate) {
  assertCan(ctx, "reviews.write");
  return withTenant(ctx, async (tx) => {
    const [owner] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, input.ownerId)));
    if (!owner) throw invalid("Choose an owner from this organisation.", "ownerId");
    let streamId = input.streamId ?? null;
    if (input.reviewId) {
      const [review] = await tx
        .select({ streamId: reviews.streamId })
        .from(reviews)
        .where(and(eq(reviews.orgId, ctx.org.id), eq(reviews.id, input.reviewId)));
      if (!review) throw notFound("That review");
      streamId = review.streamId;
    }
    if (input.kpiId) {
      const [kpi] = await tx
        .select({ streamId: kpis.streamId })
        .from(kpis)
        .where(and(eq(kpis.orgId, ctx.org.id), eq(kpis.id, input.kpiId)));
      if (!kpi) throw invalid("Choose a KPI from this organisation.", "kpiId");
      streamId ??= kpi.streamId;
    }
    if (streamId) {
      const [stream] = await tx
        .select({ id: valueStreams.id })
        .from(valueStreams)
        .where(and(eq(valueStreams.orgId, ctx.org.id), eq(valueStreams.id, streamId)));
      if (!stream) throw notFound("That value stream");
    }
    const start = input.kpiId
      ? ((await attainments(tx, ctx.org.id, [{ kpiId: input.kpiId, asOf: today }])).get(`${input.kpiId}|${today}`) ??
        null)
      : null;
    const [action] = await tx
      .insert(actions)
      .values({
        orgId: ctx.org.id,
        streamId,
        reviewId: input.reviewId ?? null,
        kpiId: input.kpiId ?? null,
        title: input.title,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
        expectedEffect: input.kpiId ? (input.expectedEffect ?? null) : null,
        startAttainment: start,
        createdBy: ctx.user.id,
      })
      .returning();
    await audit(
      tx,
      ctx,
      "action.created",
      { type: "action", id: action!.id },
      { title: input.title, ownerId: input.ownerId, dueDate: input.dueDate, kpiId: input.kpiId ?? null },
    );
    return action!;
  });
}

/** The owner of an action updates its status; so do those who run reviews. */
export async function setActionStatus(ctx: OrgContext, input: { actionId: string; status: ActionRow["status"] }) {
  await withTenant(ctx, async (tx) => {
    const action = await findInOrg(tx, ctx, actions, input.actionId, "That action", "update");
    if (action.ownerId !== ctx.user.id && !can(ctx.role, "reviews.write"))
      throw forbidden("Only the action's owner or a process owner can change it.");
    assertCan(ctx, "assigned.update");
    await tx
      .update(actions)
      .set({ status: input.status, completedAt: input.status === "done" ? new Date() : null })
      .where(eq(actions.id, action.id));
    await audit(
      tx,
      ctx,
      "action.status_changed",
      { type: "action", id: action.id },
      { from: action.status, to: input.status },
    );
  });
}

export interface ActionView extends ActionRow {
  ownerName: string | null;
  kpiKey: string | null;
  kpiName: string | null;
  streamName: string | null;
  overdue: boolean;
  /** After the due date (or once done): attainment then minus attainment at creation. */
  realisedEffect: number | null;
  followedUp: boolean;
}

/** Actions with owner, KPI, overdue flag and — past the due date — the realised change beside the expected one. */
export async function listActions(
  ctx: OrgContext,
  filter: { ownerId?: string; streamId?: string; reviewId?: string; open?: boolean },
  today: IsoDate,
): Promise<ActionView[]> {
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        action: actions,
        ownerName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
        kpiKey: kpis.key,
        kpiName: kpis.name,
        streamName: valueStreams.name,
      })
      .from(actions)
      .leftJoin(users, eq(users.id, actions.ownerId))
      .leftJoin(kpis, and(eq(kpis.orgId, actions.orgId), eq(kpis.id, actions.kpiId)))
      .leftJoin(valueStreams, and(eq(valueStreams.orgId, actions.orgId), eq(valueStreams.id, actions.streamId)))
      .where(
        and(
          eq(actions.orgId, ctx.org.id),
          filter.ownerId ? eq(actions.ownerId, filter.ownerId) : undefined,
          filter.streamId ? eq(actions.streamId, filter.streamId) : undefined,
          filter.reviewId ? eq(actions.reviewId, filter.reviewId) : undefined,
          filter.open ? or(eq(actions.status, "open"), eq(actions.status, "in_progress")) : undefined,
        ),
      )
      .orderBy(asc(actions.dueDate))
      .limit(500);
    const followUps = rows
      .filter((r) => r.action.kpiId && (r.action.dueDate <= today || r.action.status === "done"))
      .map((r) => ({ kpiId: r.action.kpiId!, asOf: r.action.dueDate <= today ? r.action.dueDate : today }));
    const now = await attainments(tx, ctx.org.id, followUps);
    return rows.map(({ action, ...names }) => {
      const followedUp = Boolean(action.kpiId) && (action.dueDate <= today || action.status === "done");
      const asOf = action.dueDate <= today ? action.dueDate : today;
      const then = followedUp ? (now.get(`${action.kpiId}|${asOf}`) ?? null) : null;
      return {
        ...action,
        ...names,
        overdue: (action.status === "open" || action.status === "in_progress") && action.dueDate < today,
        realisedEffect: then !== null && action.startAttainment !== null ? then - action.startAttainment : null,
        followedUp,
      };
    });
  });
}
