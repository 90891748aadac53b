import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import type { Role } from "@/db/schema/types";

/**
 * The lookups that must cross organisations before one is known, as FROM items over the narrow
 * SECURITY DEFINER functions of db/migrations/0005_tenancy_enforced.sql (listed in docs/security.md).
 * They answer the same whether the caller is the app role (row-level security on) or the owner.
 */

/** `m`: the organisations `userId` belongs to, with the role (columns org_id, role). */
export const userMembershipsAs = (userId: SQL | string): SQL => sql`flowline_user_memberships(${userId}) as m`;
export const membershipOrgId = sql.raw("m.org_id");
export const membershipRole = sql<Role>`m.role`;

/** `t`: the API token with this SHA-256 (columns id, org_id, scope, created_by, expires_at, revoked_at, last_used_at). */
export const apiTokenAs = (secretHash: string): SQL => sql`flowline_api_token(${secretHash}) as t`;

/** The organisation of the invitation with this SHA-256, or null: the caller then enters it. */
export async function invitationOrgId(db: Queryable, secretHash: string): Promise<string | null> {
  const [row] = await db
    .select({ orgId: sql<string | null>`org_id` })
    .from(sql`flowline_invitation_org(${secretHash}) as org_id`);
  return row?.orgId ?? null;
}
