import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { sqlState } from "./constraint-errors";

/**
 * Runs tenant work in one transaction that also names the organisation to the database
 * (`app.org_id`), so row-level security can enforce the same boundary without touching callers.
 */
export async function withTenant<T>(ctx: Pick<OrgContext, "org">, work: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.org_id', ${ctx.org.id}, true)`);
    return work(tx);
  });
}

/** Records a change in the audit log; call it inside the transaction that makes the change. */
export async function audit(
  tx: Tx,
  ctx: Pick<OrgContext, "org" | "user" | "tokenId">,
  action: string,
  target: { type: string; id?: string | null },
  data?: Record<string, unknown>,
): Promise<void> {
  await tx.insert(auditLog).values({
    orgId: ctx.org.id,
    actorUserId: ctx.user.id,
    actorTokenId: ctx.tokenId ?? null,
    action,
    targetType: target.type,
    targetId: target.id ?? null,
    data: data ?? null,
  });
}

/** Postgres's unique_violation, however the driver wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === "23505";
}
