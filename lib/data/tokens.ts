import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { apiTokens, users } from "@/db/schema";
import { generateTokenSecret, hashTokenSecret, SHOWN_PREFIX_LENGTH } from "@/lib/auth/api-token";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan } from "@/lib/auth/permissions";
import { conflict, notFound } from "@/lib/errors";
import type { CreateTokenInput } from "@/lib/validations/token";
import { audit, withTenant } from "./tenant";

export type TokenStatus = "active" | "expired" | "revoked";

/**
 * Creates an API token acting as `ctx.user`. Answers the secret: it is shown once and never again
 * (only its SHA-256 is kept).
 */
export async function createToken(ctx: OrgContext, input: CreateTokenInput) {
  assertCan(ctx, "tokens.manage");
  const secret = generateTokenSecret();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await withTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        orgId: ctx.org.id,
        name: input.name,
        prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
        tokenHash: hashTokenSecret(secret),
        scope: input.scope,
        createdBy: ctx.user.id,
        expiresAt,
      })
      .returning();
    await audit(
      tx,
      ctx,
      "token.created",
      { type: "api_token", id: row!.id },
      { name: row!.name, scope: row!.scope, expiresAt: expiresAt?.toISOString() ?? null },
    );
    return row!;
  });
  return {
    secret,
    token: {
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      scope: token.scope,
      expiresAt: token.expiresAt,
      createdAt: token.createdAt,
    },
  };
}

/** The organisation's tokens, newest first, with their creator and status (never a secret or a hash). */
export async function listTokens(ctx: OrgContext) {
  assertCan(ctx, "tokens.manage");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        prefix: apiTokens.prefix,
        scope: apiTokens.scope,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        expiresAt: apiTokens.expiresAt,
        revokedAt: apiTokens.revokedAt,
        creatorName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
        expired: sql<boolean>`${apiTokens.expiresAt} is not null and ${apiTokens.expiresAt} <= now()`,
      })
      .from(apiTokens)
      .leftJoin(users, eq(users.id, apiTokens.createdBy))
      .where(eq(apiTokens.orgId, ctx.org.id))
      .orderBy(desc(apiTokens.createdAt));
    return rows.map(({ expired, ...row }) => ({
      ...row,
      status: (row.revokedAt ? "revoked" : expired ? "expired" : "active") as TokenStatus,
    }));
  });
}

/** Revokes a token at once: its next request answers 401. */
export async function revokeToken(ctx: OrgContext, input: { tokenId: string }) {
  assertCan(ctx, "tokens.manage");
  await withTenant(ctx, async (tx) => {
    const [token] = await tx
      .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.orgId, ctx.org.id), eq(apiTokens.id, input.tokenId)))
      .for("update");
    if (!token) throw notFound("That token");
    if (token.revokedAt) throw conflict("That token is already revoked.");
    await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.orgId, ctx.org.id), eq(apiTokens.id, token.id)));
    await audit(tx, ctx, "token.revoked", { type: "api_token", id: token.id }, { name: token.name });
  });
}
