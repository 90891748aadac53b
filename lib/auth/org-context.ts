import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { organisations } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { membershipOrgId, membershipRole, userMembershipsAs } from "@/lib/data/tenant-lookups";
import type { SessionUser } from "./session";

/** Who is acting, in which organisation, with which role: what every tenant read and write needs. */
export interface OrgContext {
  user: SessionUser;
  org: { id: string; slug: string; name: string };
  role: Role;
  /** The API token acting (as its creator), when the request came through the REST API. */
  tokenId?: string;
}

/** The user's membership of the organisation at `slug`, or null when there is none (answer 404). */
export async function resolveOrgContext(db: Queryable, user: SessionUser, slug: string): Promise<OrgContext | null> {
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const [row] = await db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, role: membershipRole })
    .from(organisations)
    .innerJoin(userMembershipsAs(user.id), sql`${membershipOrgId} = ${organisations.id}`)
    .where(eq(organisations.slug, slug));
  if (!row) return null;
  const { role, ...org } = row;
  return { user, org, role };
}
