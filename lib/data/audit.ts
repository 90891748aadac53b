import "server-only";
import { and, count, desc, eq, gte, like, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditLog, users } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan } from "@/lib/auth/permissions";
import { addDays, type IsoDate } from "@/lib/scoring";
import { withTenant } from "./tenant";

export const AUDIT_PAGE_SIZE = 50;
const subject = alias(users, "subject");
export const auditKinds = [
  "organisation",
  "settings",
  "member",
  "invitation",
  "team",
  "stream",
  "stage",
  "resource",
  "kpi",
  "measurement",
  "measurements",
  "review",
  "action",
  "control",
  "token",
] as const;

export interface AuditFilter {
  actorId?: string;
  kind?: (typeof auditKinds)[number];
  from?: IsoDate;
  to?: IsoDate;
  page: number;
}

/** The organisation's audit log, newest first, filtered and paginated (admins and owners). */
export async function listAuditLog(ctx: OrgContext, filter: AuditFilter) {
  assertCan(ctx, "audit.read");
  const where = and(
    eq(auditLog.orgId, ctx.org.id),
    filter.actorId ? eq(auditLog.actorUserId, filter.actorId) : undefined,
    filter.kind ? like(auditLog.action, `${filter.kind}.%`) : undefined,
    filter.from ? gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditLog.createdAt, new Date(`${addDays(filter.to, 1)}T00:00:00Z`)) : undefined,
  );
  return withTenant(ctx, async (tx) => {
    const [rows, [total]] = await Promise.all([
      tx
        .select({
          id: auditLog.id,
          action: auditLog.action,
          targetType: auditLog.targetType,
          targetId: auditLog.targetId,
          data: auditLog.data,
          createdAt: auditLog.createdAt,
          actorTokenId: auditLog.actorTokenId,
          actor: sql<string | null>`coalesce(${users.name}, ${users.email})`,
          // Whom a membership change concerned: the entry keeps only their id.
          subject: sql<string | null>`coalesce(${subject.name}, ${subject.email})`,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .leftJoin(subject, and(eq(auditLog.targetType, "user"), eq(subject.id, auditLog.targetId)))
        .where(where)
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(AUDIT_PAGE_SIZE)
        .offset((filter.page - 1) * AUDIT_PAGE_SIZE),
      tx.select({ n: count() }).from(auditLog).where(where),
    ]);
    return { rows, total: total?.n ?? 0, pages: Math.max(1, Math.ceil((total?.n ?? 0) / AUDIT_PAGE_SIZE)) };
  });
}
