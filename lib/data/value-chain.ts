import "server-only";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { streamLinks, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, canEditStream } from "@/lib/auth/permissions";
import {
  assessChain,
  chainStreamInput,
  explainChainConstraint,
  validateLink,
  type ChainAssessment,
  type StreamLinkInput,
} from "@/lib/capacity";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import { groupBy } from "@/lib/group-by";
import { scoreSet, type IsoDate, type Quadrant } from "@/lib/scoring";
import { loadScoringData } from "./scores";
import { listStreams } from "./streams";
import { audit, withTenant } from "./tenant";

type LinkRow = typeof streamLinks.$inferSelect;

const asInput = (l: LinkRow): StreamLinkInput => ({
  id: l.id,
  from: l.fromStreamId,
  to: l.toStreamId,
  conversion: l.conversion,
});

async function linksOf(tx: Tx, orgId: string, streamId?: string) {
  return tx
    .select()
    .from(streamLinks)
    .where(
      and(
        eq(streamLinks.orgId, orgId),
        streamId ? or(eq(streamLinks.fromStreamId, streamId), eq(streamLinks.toStreamId, streamId)) : undefined,
      ),
    )
    .orderBy(asc(streamLinks.createdAt), asc(streamLinks.id));
}

/** Every stream link of the organisation (or those touching one stream), oldest first. */
export async function listStreamLinks(ctx: OrgContext, streamId?: string) {
  return withTenant(ctx, (tx) => linksOf(tx, ctx.org.id, streamId));
}

/**
 * Links A → B with k. Both streams must be this organisation's (404 otherwise, also for another
 * organisation's ids) and active; the actor must be able to edit one of them. A link to itself, a
 * cycle or a conversion out of range is a 422 naming the field; a second link between the same two
 * streams is a 409. Nothing is written unless every check passes.
 */
export async function createStreamLink(ctx: OrgContext, input: StreamLinkInput) {
  assertCan(ctx, "streams.write");
  return withTenant(ctx, async (tx) => {
    // Two links checked at the same moment (A → B and B → A) would each miss the other and close a
    // loop: the lock, held to commit, makes the next link in this organisation wait and see this one.
    await tx.execute(sql`select pg_advisory_xact_lock(727276, hashtext(${ctx.org.id}))`);
    const ends = await tx
      .select()
      .from(valueStreams)
      .where(and(eq(valueStreams.orgId, ctx.org.id), inArray(valueStreams.id, [input.from, input.to])));
    const from = ends.find((s) => s.id === input.from);
    const to = ends.find((s) => s.id === input.to);
    if (!from || !to) throw notFound("That value stream");
    if (!canEditStream(ctx, from) && !canEditStream(ctx, to))
      throw forbidden("Only a process owner of one of the two streams, an admin or an owner can link them.");
    const archived = [from, to].find((s) => s.archivedAt !== null);
    if (archived) {
      const field = archived === from ? "from" : "to";
      const message = `${archived.name} is archived: restore it before linking it.`;
      throw new AppError("validation", message, { [field]: [message] });
    }
    const active = await tx
      .select({ id: valueStreams.id, name: valueStreams.name })
      .from(valueStreams)
      .where(and(eq(valueStreams.orgId, ctx.org.id), isNull(valueStreams.archivedAt)));
    const existing = (await linksOf(tx, ctx.org.id)).map(asInput);
    const issues = validateLink(input, existing, active);
    if (issues.length > 0) {
      const field = (f: string) => (f === "fromStreamId" ? "from" : f === "toStreamId" ? "to" : f);
      const fields = Object.fromEntries(issues.map((i) => [field(i.field), [i.message]]));
      if (issues.every((i) => i.code === "duplicate")) throw conflict(issues[0]!.message, "to");
      throw new AppError("validation", issues[0]!.message, fields);
    }
    const [link] = await tx
      .insert(streamLinks)
      .values({ orgId: ctx.org.id, fromStreamId: from.id, toStreamId: to.id, conversion: input.conversion })
      .returning();
    await audit(
      tx,
      ctx,
      "stream_link.created",
      { type: "stream_link", id: link!.id },
      { from: from.name, to: to.name, conversion: input.conversion },
    );
    return link!;
  });
}

/** Removes a link; the actor must be able to edit one of its streams. */
export async function deleteStreamLink(ctx: OrgContext, linkId: string) {
  assertCan(ctx, "streams.write");
  await withTenant(ctx, async (tx) => {
    const [link] = await tx
      .select()
      .from(streamLinks)
      .where(and(eq(streamLinks.orgId, ctx.org.id), eq(streamLinks.id, linkId)));
    if (!link) throw notFound("That stream link");
    const ends = await tx
      .select()
      .from(valueStreams)
      .where(and(eq(valueStreams.orgId, ctx.org.id), inArray(valueStreams.id, [link.fromStreamId, link.toStreamId])));
    if (!ends.some((s) => canEditStream(ctx, s)))
      throw forbidden("Only a process owner of one of the two streams, an admin or an owner can unlink them.");
    await tx.delete(streamLinks).where(and(eq(streamLinks.orgId, ctx.org.id), eq(streamLinks.id, link.id)));
    const name = new Map(ends.map((s) => [s.id, s.name]));
    await audit(
      tx,
      ctx,
      "stream_link.deleted",
      { type: "stream_link", id: link.id },
      { from: name.get(link.fromStreamId), to: name.get(link.toStreamId) },
    );
  });
}

/**
 * The stream page's links: those touching the stream with the other end's name and unit, and the
 * other active streams it could be linked to (two queries).
 */
export async function getStreamLinks(ctx: OrgContext, streamId: string) {
  return withTenant(ctx, async (tx) => {
    const links = await linksOf(tx, ctx.org.id, streamId);
    const streams = await tx
      .select({
        id: valueStreams.id,
        name: valueStreams.name,
        unit: valueStreams.demandUnit,
        archivedAt: valueStreams.archivedAt,
      })
      .from(valueStreams)
      .where(eq(valueStreams.orgId, ctx.org.id))
      .orderBy(asc(valueStreams.name));
    const byId = new Map(streams.map((s) => [s.id, s]));
    const other = (l: LinkRow) => byId.get(l.fromStreamId === streamId ? l.toStreamId : l.fromStreamId)!;
    return {
      feeds: links.filter((l) => l.fromStreamId === streamId).map((l) => ({ ...l, other: other(l) })),
      fedBy: links.filter((l) => l.toStreamId === streamId).map((l) => ({ ...l, other: other(l) })),
      candidates: streams.filter((s) => s.id !== streamId && s.archivedAt === null),
    };
  });
}

export interface ChainStreamScore {
  value: number | null;
  quadrant: Quadrant;
}

export interface ValueChain {
  chain: ChainAssessment;
  /** The constraint in one sentence (or why there is none). */
  explanation: string;
  /** Each active stream's value score and quadrant as of the date. */
  scores: Map<string, ChainStreamScore>;
}

/**
 * The organisation's value chain (DESIGN "Value chain") over its active streams, per month, with each
 * stream's value score and quadrant as of `asOf`: what the overview draws and the API answers.
 */
export async function getValueChain(ctx: OrgContext, asOf: IsoDate): Promise<ValueChain> {
  const [streams, links, scoring] = await Promise.all([
    listStreams(ctx),
    listStreamLinks(ctx),
    // The latest values give the same scores as the whole history from far fewer rows.
    loadScoringData(ctx, "organisation", asOf, { history: "latest" }),
  ]);
  const chain = assessChain(
    streams.map((s) =>
      chainStreamInput(
        { id: s.id, name: s.name, kind: s.kind, unit: s.demandUnit, period: s.demandPeriod, demand: s.demandAmount },
        s.assessment,
      ),
    ),
    links.map(asInput),
  );
  const byStream = groupBy(scoring.kpis, (k) => k.meta.streamId);
  const scores = new Map(
    streams.map((s) => {
      const result = scoreSet(byStream.get(s.id) ?? [], scoring.asOf, scoring.settings);
      return [s.id, { value: result.value, quadrant: result.quadrant }];
    }),
  );
  return { chain, explanation: explainChainConstraint(chain), scores };
}
