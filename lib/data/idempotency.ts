import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { invalid } from "@/lib/errors";
import { withTenant } from "./tenant";

/** An answer as sent: its status and its JSON text (kept as text, so a replay is byte for byte the same). */
export interface StoredAnswer {
  status: number;
  body: string;
}

class KeyTaken extends Error {}

/**
 * Runs `work` at most once per (organisation, key). The key is claimed by the first statement of the
 * write transaction (INSERT … ON CONFLICT DO NOTHING): a concurrent request with the same key waits on
 * the unique index until the first commits, then finds the key taken and replays the stored answer.
 * A request that fails (validation, permission) rolls the claim back with everything else, so only
 * answers of requests that wrote something are kept. The same key with another request → 422.
 */
export async function runIdempotent(
  ctx: OrgContext,
  idempotency: { key: string; requestHash: string },
  work: (tx: Tx) => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  const { key, requestHash } = idempotency;
  try {
    return await withTenant(ctx, async (tx) => {
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({ orgId: ctx.org.id, key, requestHash, status: 0, response: {} })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) throw new KeyTaken();
      const answer = await work(tx);
      await tx
        .update(idempotencyKeys)
        .set({ status: answer.status, response: { text: answer.body } })
        .where(and(eq(idempotencyKeys.orgId, ctx.org.id), eq(idempotencyKeys.key, key)));
      return { ...answer, replayed: false };
    });
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
  }
  const [stored] = await withTenant(ctx, (tx) =>
    tx
      .select({
        requestHash: idempotencyKeys.requestHash,
        status: idempotencyKeys.status,
        body: idempotencyKeys.response,
      })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.orgId, ctx.org.id), eq(idempotencyKeys.key, key))),
  );
  if (!stored) throw new Error("An idempotency key was taken but its answer is missing.");
  if (stored.requestHash !== requestHash) {
    throw invalid(
      "This Idempotency-Key was already used for another request; send a new key with a new request.",
      "Idempotency-Key",
    );
  }
  return { status: stored.status, body: (stored.body as { text: string }).text, replayed: true };
}
