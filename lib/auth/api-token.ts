import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiTokens, organisations, users } from "@/db/schema";
import { withTenant } from "@/lib/data/tenant";
import { apiTokenAs, membershipOrgId, membershipRole, userMembershipsAs } from "@/lib/data/tenant-lookups";
import type { Role } from "@/db/schema/types";
import { hashSecret, newSecret } from "@/lib/crypto/token";
import type { OrgContext } from "./org-context";

/**
 * API tokens: `flw_` and 43 base64url characters (256 random bits). Only the SHA-256 of the whole
 * secret is stored, with its first characters (the prefix) to tell tokens apart in lists. A secret
 * with 256 bits of entropy needs no slow hash: SHA-256 makes a stolen table useless and keeps the
 * lookup one indexed equality.
 */
export const TOKEN_PREFIX = "flw_";
const TOKEN_PATTERN = /^flw_[A-Za-z0-9_-]{43}$/;
/** How many characters of the secret lists show. */
export const SHOWN_PREFIX_LENGTH = 12;

export const generateTokenSecret = (): string => newSecret(TOKEN_PREFIX);
export const hashTokenSecret = hashSecret;

export function looksLikeToken(secret: string): boolean {
  return TOKEN_PATTERN.test(secret);
}

export type TokenScope = "read" | "write";

export type TokenResolution =
  | { ok: true; ctx: OrgContext & { tokenId: string }; scope: TokenScope; lastUsedAt: Date | null }
  | { ok: false; reason: "invalid" | "revoked" | "expired" | "creator_gone" };

/**
 * The organisation context a bearer token acts in, in one query: the token acts as its creator, with
 * the creator's current role for write tokens and as a viewer for read tokens. A token whose creator
 * has left the organisation (or was deleted) no longer works.
 */
export async function resolveApiToken(db: Queryable, secret: string): Promise<TokenResolution> {
  if (!looksLikeToken(secret)) return { ok: false, reason: "invalid" };
  const [row] = await db
    .select({
      id: sql<string>`t.id`,
      scope: sql<TokenScope>`t.scope`,
      revoked: sql<boolean>`t.revoked_at is not null`,
      expired: sql<boolean>`t.expires_at is not null and t.expires_at <= now()`,
      lastUsedAt: sql<Date | null>`t.last_used_at`.mapWith(apiTokens.lastUsedAt),
      org: { id: organisations.id, slug: organisations.slug, name: organisations.name },
      userId: users.id,
      email: users.email,
      name: users.name,
      role: membershipRole,
    })
    .from(apiTokenAs(hashTokenSecret(secret)))
    .innerJoin(organisations, sql`${organisations.id} = t.org_id`)
    .leftJoin(users, sql`${users.id} = t.created_by`)
    .leftJoin(userMembershipsAs(sql`t.created_by`), sql`${membershipOrgId} = t.org_id`);
  if (!row) return { ok: false, reason: "invalid" };
  if (row.revoked) return { ok: false, reason: "revoked" };
  if (row.expired) return { ok: false, reason: "expired" };
  if (!row.userId || !row.email || !row.role) return { ok: false, reason: "creator_gone" };
  const role: Role = row.scope === "write" ? row.role : "viewer";
  return {
    ok: true,
    scope: row.scope,
    lastUsedAt: row.lastUsedAt,
    ctx: { user: { id: row.userId, email: row.email, name: row.name }, org: row.org, role, tokenId: row.id },
  };
}

/** Records that the token was used, at most once a minute (a write per request would cost every call). */
export async function touchApiToken(ctx: OrgContext & { tokenId: string }, lastUsedAt: Date | null): Promise<void> {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < 60_000) return;
  await withTenant(ctx, (tx) =>
    tx
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiTokens.orgId, ctx.org.id),
          eq(apiTokens.id, ctx.tokenId),
          sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - interval '1 minute')`,
        ),
      ),
  );
}
