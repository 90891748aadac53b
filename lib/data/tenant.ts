import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { getDb, type Tx } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { now, todayIso } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { sqlState } from "./constraint-errors";
import { mirrorDone, mirrorDue, mirrorDueDefinitions } from "./definition-mirror";

/** The role tenant work runs as: no superuser, no ownership, no BYPASSRLS (db/migrations/0005). */
export const APP_ROLE = "flowline_app";

/**
 * Runs tenant work in one transaction as the app role with the organisation named to the database
 * (`app.org_id`): row-level security then lets it see and write only that organisation's rows,
 * whatever a query forgets. Both settings end with the transaction (one statement, one round trip).
 */
export async function withTenant<T>(ctx: Pick<OrgContext, "org">, work: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  const today = todayIso();
  const mirror = mirrorDue(ctx.org.id, today);
  const answer = await db.transaction(async (tx) => {
    await enterTenant(tx, ctx.org.id);
    // Once a day: definitions planned for a later date take effect on the KPI rows (lib/data/definition-mirror.ts).
    if (mirror) await mirrorDueDefinitions(tx, ctx.org.id, today, now());
    return work(tx);
  });
  if (mirror) mirrorDone(ctx.org.id, today);
  return answer;
}

/** Switches an open transaction to the app role inside organisation `orgId` (until it ends). */
export async function enterTenant(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.org_id', ${orgId}, true)`);
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

type TenantTable = PgTable & { orgId: AnyPgColumn; id: AnyPgColumn };

/**
 * The row of `table` with this id in the context's organisation, or 404 "That <what>": the one lookup
 * every change starts from. `lock` takes the row lock a read-modify-write needs.
 */
export async function findInOrg<T extends TenantTable>(
  tx: Tx,
  ctx: Pick<OrgContext, "org">,
  table: T,
  id: string,
  what: string,
  lock?: "update",
): Promise<T["$inferSelect"]> {
  const query = tx
    .select()
    .from(table as PgTable)
    .where(and(eq(table.orgId, ctx.org.id), eq(table.id, id)));
  const [row] = await (lock ? query.for(lock) : query);
  if (!row) throw notFound(what);
  return row as T["$inferSelect"];
}
