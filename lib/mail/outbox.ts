import { desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { outbox } from "@/db/schema";
import { permissions } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { membershipOrgId, membershipRole, userMembershipsAs } from "@/lib/data/tenant-lookups";

/**
 * The development outbox as one signed-in user may read it: mail to their own address, and mail about
 * the organisations they own or administer (invitations they or a fellow admin sent). A cross-tenant
 * read by design (one user, several organisations), kept to this one function.
 */
export async function readableOutbox(db: Queryable, user: SessionUser, limit = 50) {
  const administered = db
    .select({ orgId: sql<string>`${membershipOrgId}` })
    .from(userMembershipsAs(user.id))
    .where(inArray(membershipRole, [...permissions["members.manage"]]));
  return db
    .select({ id: outbox.id, to: outbox.to, subject: outbox.subject, text: outbox.text, createdAt: outbox.createdAt })
    .from(outbox)
    .where(or(eq(outbox.to, user.email), inArray(outbox.orgId, administered)))
    .orderBy(desc(outbox.id))
    .limit(limit);
}
