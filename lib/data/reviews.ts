import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { kpis, reviewKpis, reviews, users, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, canEditStream } from "@/lib/auth/permissions";
import { forbidden, notFound } from "@/lib/errors";
import { scoreSet, type IsoDate } from "@/lib/scoring";
import type { createReviewSchema } from "@/lib/validations/review";
import { loadScoringData } from "./scores";
import { findStream } from "./streams";
import { audit, withTenant } from "./tenant";

/** Each KPI of the stream as of `asOf` with its change in attainment since the stream's last review. */
export async function reviewSnapshot(ctx: OrgContext, streamId: string, asOf: IsoDate) {
  const data = await loadScoringData(ctx, { streamId }, asOf);
  const result = scoreSet(data.kpis, asOf, data.settings);
  const previous = await withTenant(ctx, async (tx) => {
    const [last] = await tx
      .select({ id: reviews.id, periodEnd: reviews.periodEnd })
      .from(reviews)
      .where(and(eq(reviews.orgId, ctx.org.id), eq(reviews.streamId, streamId)))
      .orderBy(desc(reviews.periodEnd), desc(reviews.createdAt))
      .limit(1);
    if (!last) return null;
    const rows = await tx
      .select({ kpiId: reviewKpis.kpiId, attainment: reviewKpis.attainment })
      .from(reviewKpis)
      .where(and(eq(reviewKpis.orgId, ctx.org.id), eq(reviewKpis.reviewId, last.id)));
    return { periodEnd: last.periodEnd, attainment: new Map(rows.map((r) => [r.kpiId, r.attainment])) };
  });
  return {
    result,
    previousPeriodEnd: previous?.periodEnd ?? null,
    kpis: result.kpis.map((k) => {
      const before = previous?.attainment.get(k.id);
      return {
        ...k,
        change: k.attainment !== null && before !== undefined && before !== null ? k.attainment - before : null,
      };
    }),
  };
}

async function assertCanReview(ctx: OrgContext, streamId: string) {
  assertCan(ctx, "reviews.write");
  const stream = await withTenant(ctx, (tx) => findStream(tx, ctx, streamId));
  if (!canEditStream(ctx, stream))
    throw forbidden("Only the stream's process owner, an admin or an owner can review it.");
  return stream;
}

/** Records a review with each KPI's status and change as of the period's end (computed here, not taken from the form). */
export async function createReview(ctx: OrgContext, input: z.infer<typeof createReviewSchema>) {
  const stream = await assertCanReview(ctx, input.streamId);
  const snapshot = await reviewSnapshot(ctx, stream.id, input.periodEnd);
  return withTenant(ctx, async (tx) => {
    const [review] = await tx
      .insert(reviews)
      .values({
        orgId: ctx.org.id,
        streamId: stream.id,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        status: input.status,
        summary: input.summary,
        decisions: input.decisions,
        createdBy: ctx.user.id,
      })
      .returning();
    if (snapshot.kpis.length) {
      await tx.insert(reviewKpis).values(
        snapshot.kpis.map((k) => ({
          orgId: ctx.org.id,
          reviewId: review!.id,
          kpiId: k.id,
          status: k.stale && k.status !== "no_data" ? `${k.status}+stale` : k.status,
          attainment: k.attainment,
          change: k.change,
          comment: input.comments[k.id] ?? "",
        })),
      );
    }
    await audit(
      tx,
      ctx,
      "review.created",
      { type: "review", id: review!.id },
      { streamId: stream.id, status: input.status, period: [input.periodStart, input.periodEnd] },
    );
    return review!;
  });
}

export async function listReviews(ctx: OrgContext, streamId: string) {
  return withTenant(ctx, (tx) =>
    tx
      .select({
        id: reviews.id,
        periodStart: reviews.periodStart,
        periodEnd: reviews.periodEnd,
        status: reviews.status,
        summary: reviews.summary,
        createdAt: reviews.createdAt,
        author: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      })
      .from(reviews)
      .leftJoin(users, eq(users.id, reviews.createdBy))
      .where(and(eq(reviews.orgId, ctx.org.id), eq(reviews.streamId, streamId)))
      .orderBy(desc(reviews.periodEnd), desc(reviews.createdAt)),
  );
}

export async function getReview(ctx: OrgContext, reviewId: string) {
  return withTenant(ctx, async (tx) => {
    const [review] = await tx
      .select({ review: reviews, author: sql<string | null>`coalesce(${users.name}, ${users.email})` })
      .from(reviews)
      .leftJoin(users, eq(users.id, reviews.createdBy))
      .where(and(eq(reviews.orgId, ctx.org.id), eq(reviews.id, reviewId)));
    if (!review) throw notFound("That review");
    const stream = await findStream(tx, ctx, review.review.streamId);
    const rows = await tx
      .select({
        kpiId: reviewKpis.kpiId,
        key: kpis.key,
        name: kpis.name,
        kind: kpis.kind,
        status: reviewKpis.status,
        attainment: reviewKpis.attainment,
        change: reviewKpis.change,
        comment: reviewKpis.comment,
      })
      .from(reviewKpis)
      .innerJoin(kpis, and(eq(kpis.orgId, reviewKpis.orgId), eq(kpis.id, reviewKpis.kpiId)))
      .where(and(eq(reviewKpis.orgId, ctx.org.id), eq(reviewKpis.reviewId, reviewId)))
      .orderBy(kpis.kind, kpis.key);
    return { ...review.review, author: review.author, stream, kpis: rows, editable: canEditStream(ctx, stream) };
  });
}

/** Streams the user owns whose last review ended more than `days` ago (or never happened). */
export async function reviewsDue(ctx: OrgContext, today: IsoDate, days = 31) {
  // A join rather than a correlated subquery in the select list: drizzle writes the columns of a
  // one-table select unqualified, so such a subquery compared the reviews' own columns (always null).
  const lastReview = sql<string | null>`max(${reviews.periodEnd})`;
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: valueStreams.id, name: valueStreams.name, lastReview })
      .from(valueStreams)
      .leftJoin(reviews, and(eq(reviews.orgId, valueStreams.orgId), eq(reviews.streamId, valueStreams.id)))
      .where(
        and(
          eq(valueStreams.orgId, ctx.org.id),
          eq(valueStreams.ownerId, ctx.user.id),
          sql`${valueStreams.archivedAt} is null`,
        ),
      )
      .groupBy(valueStreams.id, valueStreams.name)
      .having(sql`coalesce(${lastReview}, '1900-01-01') < ${today}::date - ${days}::int`),
  );
}
