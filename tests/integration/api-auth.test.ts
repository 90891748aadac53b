import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { GET as listTeamsRoute, POST as createTeamRoute } from "@/app/api/v1/teams/route";
import { GET as getScoresRoute } from "@/app/api/v1/scores/route";
import { getDb } from "@/db/client";
import { apiTokens, memberships, rateLimits, teams } from "@/db/schema";
import { apiRateLimit } from "@/lib/api/with-api";
import { createToken, listTokens, revokeToken } from "@/lib/data/tokens";
import { apiError, apiToken, call } from "../helpers/api";
import { auditEntries, createTenants, expectAppError, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

async function tokenRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row!;
}

async function teamCount(orgId: string) {
  const db = await getDb();
  return (await db.select({ id: teams.id }).from(teams).where(eq(teams.orgId, orgId))).length;
}

describe("API tokens", () => {
  test("a token is shown once as flw_ and 256 random bits; only its SHA-256 and a short prefix are stored", async () => {
    const { secret, token } = await createToken(orgA.ctx.admin, {
      name: "Nightly ERP sync",
      scope: "write",
      expiresInDays: 30,
    });
    expect(secret).toMatch(/^flw_[A-Za-z0-9_-]{43}$/);
    const row = await tokenRow(token.id);
    expect(row.tokenHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(row.prefix).toBe(secret.slice(0, 12));
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));
    expect(row).toMatchObject({
      orgId: orgA.org.id,
      name: "Nightly ERP sync",
      scope: "write",
      createdBy: orgA.users.admin.id,
      revokedAt: null,
    });
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    // Two tokens never share a secret.
    expect((await createToken(orgA.ctx.admin, { name: "again", scope: "write" })).secret).not.toBe(secret);
    const [entry] = await auditEntries(orgA.org.id, "token.created");
    expect(entry).toMatchObject({ targetId: token.id, actorUserId: orgA.users.admin.id });
    expect(JSON.stringify(entry)).not.toContain(secret.slice(4));
  });

  test("only owners and admins manage tokens; lists show status and creator but never a secret", async () => {
    for (const role of ["process_owner", "member", "viewer"] as const) {
      await expectAppError(createToken(orgA.ctx[role], { name: "x", scope: "read" }), "forbidden");
      await expectAppError(listTokens(orgA.ctx[role]), "forbidden");
    }
    const active = await apiToken(orgA.ctx.owner, "read");
    const revoked = await apiToken(orgA.ctx.admin, "write");
    const expired = await apiToken(orgA.ctx.admin, "read", 1);
    await revokeToken(orgA.ctx.owner, { tokenId: revoked.id });
    const db = await getDb();
    await db
      .update(apiTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiTokens.id, expired.id));
    await apiToken(orgB.ctx.owner, "read");

    const list = await listTokens(orgA.ctx.admin);
    expect(list.map((t) => [t.id, t.status, t.creatorName])).toEqual(
      expect.arrayContaining([
        [active.id, "active", orgA.users.owner.name],
        [revoked.id, "revoked", orgA.users.admin.name],
        [expired.id, "expired", orgA.users.admin.name],
      ]),
    );
    expect(list).toHaveLength(3);
    expect(JSON.stringify(list)).not.toMatch(/token_?hash|[0-9a-f]{64}/i);
    await expectAppError(revokeToken(orgA.ctx.owner, { tokenId: revoked.id }), "conflict");
    // Another organisation's token is not found, and stays active.
    const other = await apiToken(orgB.ctx.owner, "write");
    await expectAppError(revokeToken(orgA.ctx.owner, { tokenId: other.id }), "not_found");
    expect((await tokenRow(other.id)).revokedAt).toBeNull();
  });
});

describe("bearer authentication", () => {
  test.each([
    ["no header", null, undefined],
    ["another scheme", null, "Basic b3duZXI6cGFzcw=="],
    ["a malformed token", "not-a-token", undefined],
    ["an unknown token", `flw_${"A".repeat(43)}`, undefined],
  ])("%s → 401 with the error shape and WWW-Authenticate", async (_label, token, authorization) => {
    const answer = await call(listTeamsRoute, {
      token,
      path: "/teams",
      headers: authorization ? { authorization } : {},
    });
    expect(answer.status).toBe(401);
    expect(apiError(answer)).toMatchObject({ code: "unauthenticated", details: null });
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  test("a revoked token → 401 at once", async () => {
    const { secret, id } = await apiToken(orgA.ctx.admin, "read");
    expect((await call(listTeamsRoute, { token: secret, path: "/teams" })).status).toBe(200);
    await revokeToken(orgA.ctx.owner, { tokenId: id });
    const answer = await call(listTeamsRoute, { token: secret, path: "/teams" });
    expect(answer.status).toBe(401);
    expect(apiError(answer).message).toMatch(/revoked/);
  });

  test("an expired token → 401", async () => {
    const { secret, id } = await apiToken(orgA.ctx.admin, "read", 1);
    const db = await getDb();
    await db
      .update(apiTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiTokens.id, id));
    const answer = await call(listTeamsRoute, { token: secret, path: "/teams" });
    expect(answer.status).toBe(401);
    expect(apiError(answer).message).toMatch(/expired/);
  });

  test("a token whose creator left the organisation → 401 with a clear message", async () => {
    const { secret } = await apiToken(orgA.ctx.admin, "write");
    const db = await getDb();
    await db
      .delete(memberships)
      .where(and(eq(memberships.orgId, orgA.org.id), eq(memberships.userId, orgA.users.admin.id)));
    const answer = await call(listTeamsRoute, { token: secret, path: "/teams" });
    expect(answer.status).toBe(401);
    expect(apiError(answer).message).toMatch(/no longer in the organisation/);
  });

  test("a token belongs to its organisation: it sees and writes only that organisation's rows", async () => {
    const { secret } = await apiToken(orgB.ctx.owner, "write");
    const list = await call<{ data: { id: string }[] }>(listTeamsRoute, { token: secret, path: "/teams" });
    expect(list.body.data.map((t) => t.id).sort()).toEqual([orgB.teams.delivery.id, orgB.teams.production.id].sort());
    expect((await call(createTeamRoute, { token: secret, path: "/teams", body: { name: "Quality" } })).status).toBe(
      201,
    );
    expect(await teamCount(orgA.org.id)).toBe(2);
    expect(await teamCount(orgB.org.id)).toBe(3);
  });
});

describe("scope and role", () => {
  test("a read token reads but never writes (403, nothing written)", async () => {
    const { secret } = await apiToken(orgA.ctx.owner, "read");
    expect((await call(listTeamsRoute, { token: secret, path: "/teams" })).status).toBe(200);
    const answer = await call(createTeamRoute, { token: secret, path: "/teams", body: { name: "Quality" } });
    expect(answer.status).toBe(403);
    expect(apiError(answer)).toMatchObject({ code: "forbidden" });
    expect(apiError(answer).message).toMatch(/read/);
    expect(await teamCount(orgA.org.id)).toBe(2);
  });

  test("a write token acts with its creator's current role", async () => {
    const { secret } = await apiToken(orgA.ctx.admin, "write");
    expect((await call(createTeamRoute, { token: secret, path: "/teams", body: { name: "Quality" } })).status).toBe(
      201,
    );
    const db = await getDb();
    await db
      .update(memberships)
      .set({ role: "member" })
      .where(and(eq(memberships.orgId, orgA.org.id), eq(memberships.userId, orgA.users.admin.id)));
    const answer = await call(createTeamRoute, { token: secret, path: "/teams", body: { name: "Logistics" } });
    expect(answer.status).toBe(403);
    expect(await teamCount(orgA.org.id)).toBe(3);
  });

  test("writes through a token are audited with the token and its creator", async () => {
    const { secret, id } = await apiToken(orgA.ctx.owner, "write");
    const answer = await call<{ id: string }>(createTeamRoute, {
      token: secret,
      path: "/teams",
      body: { name: "Quality" },
    });
    const [entry] = await auditEntries(orgA.org.id, "team.created");
    expect(entry).toMatchObject({ targetId: answer.body.id, actorUserId: orgA.users.owner.id, actorTokenId: id });
  });

  test("last use is recorded, at most once a minute", async () => {
    const { secret, id } = await apiToken(orgA.ctx.owner, "read");
    expect((await tokenRow(id)).lastUsedAt).toBeNull();
    await call(listTeamsRoute, { token: secret, path: "/teams" });
    const first = (await tokenRow(id)).lastUsedAt;
    expect(first).not.toBeNull();
    await call(listTeamsRoute, { token: secret, path: "/teams" });
    expect((await tokenRow(id)).lastUsedAt).toEqual(first);
  });
});

describe("rate limit", () => {
  test("each token has its own window; beyond it → 429 with Retry-After, and nothing runs", async () => {
    const { secret, id } = await apiToken(orgA.ctx.owner, "write");
    const other = await apiToken(orgA.ctx.owner, "read");
    const ok = await call(listTeamsRoute, { token: secret, path: "/teams" });
    const { max } = apiRateLimit();
    expect(ok.headers.get("x-ratelimit-limit")).toBe(String(max));
    expect(ok.headers.get("x-ratelimit-remaining")).toBe(String(max - 1));
    // Spend the rest of the window without max real requests.
    const db = await getDb();
    await db
      .update(rateLimits)
      .set({ count: max })
      .where(eq(rateLimits.key, `api:token:${id}`));
    const limited = await call(createTeamRoute, { token: secret, path: "/teams", body: { name: "Quality" } });
    expect(limited.status).toBe(429);
    expect(apiError(limited).code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await teamCount(orgA.org.id)).toBe(2);
    expect((await call(getScoresRoute, { token: other.secret, path: "/scores" })).status).toBe(200);
  });
});
