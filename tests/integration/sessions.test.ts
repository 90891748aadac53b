import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb, queryCount } from "@/db/client";
import { users, userSessions } from "@/db/schema";
import {
  createSession,
  findActiveSession,
  listSessions,
  revokeAllSessions,
  revokeSession,
  SESSION_MAX_AGE_SECONDS,
  sessionRowId,
} from "@/lib/auth/user-sessions";
import { changePassword } from "@/lib/data/accounts";
import { createUser, randomAddress } from "../helpers/fixtures";

const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

/** A user signed in on `count` browsers: the claims each browser's JWT carries. */
async function signedIn(count = 1, password?: string) {
  const db = await getDb();
  const user = await createUser({ password });
  const claims = [];
  for (let i = 0; i < count; i++) {
    const s = await createSession(db, { userId: user.id, userAgent: `${UA} #${i}` });
    claims.push({ userId: user.id, sessionId: s.id, sessionVersion: s.sessionVersion, rowId: sessionRowId(s.id) });
  }
  return { user, claims };
}

async function sessionRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(userSessions).where(eq(userSessions.id, id));
  return row;
}

describe("sessions", () => {
  test("a live session answers its user, in one query", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn();
    const before = queryCount();
    expect(await findActiveSession(db, claims[0]!)).toEqual({
      user: { id: user.id, email: user.email, name: user.name },
      sessionId: claims[0]!.sessionId,
    });
    expect(queryCount() - before).toBe(1);
  });

  test("signing out deletes the session: the same JWT (a copied cookie) no longer works", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn(2);
    expect(await revokeSession(db, user.id, claims[0]!.rowId)).toBe(true);
    expect(await findActiveSession(db, claims[0]!)).toBeNull();
    expect(await sessionRow(claims[0]!.rowId)).toBeUndefined();
    // The user's other browser is still signed in.
    expect(await findActiveSession(db, claims[1]!)).not.toBeNull();
  });

  test("another user's session id is neither found nor revocable", async () => {
    const db = await getDb();
    const alice = await signedIn();
    const bob = await signedIn();
    const stolen = { ...alice.claims[0]!, userId: bob.user.id };
    expect(await findActiveSession(db, stolen)).toBeNull();
    expect(await revokeSession(db, bob.user.id, alice.claims[0]!.rowId)).toBe(false);
    expect(await findActiveSession(db, alice.claims[0]!)).not.toBeNull();
    expect(await listSessions(db, bob.user.id)).toEqual([expect.objectContaining({ id: bob.claims[0]!.rowId })]);
  });

  test("a made-up session id for a real user is not a session", async () => {
    const db = await getDb();
    const { claims } = await signedIn();
    expect(await findActiveSession(db, { ...claims[0]!, sessionId: crypto.randomUUID() })).toBeNull();
  });

  test("bumping the session version ends every session and hides them from the list", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn(2);
    await db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id));
    for (const c of claims) expect(await findActiveSession(db, c)).toBeNull();
    // A JWT claiming the new version does not revive an old session row either.
    expect(await findActiveSession(db, { ...claims[0]!, sessionVersion: claims[0]!.sessionVersion + 1 })).toBeNull();
    expect(await listSessions(db, user.id)).toEqual([]);
  });

  test("a session unused for the max age has ended, and a new sign-in clears it away", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn(2);
    await db
      .update(userSessions)
      .set({ lastSeenAt: sql`now() - make_interval(secs => ${SESSION_MAX_AGE_SECONDS + 60})` })
      .where(eq(userSessions.id, claims[0]!.rowId));
    expect(await findActiveSession(db, claims[0]!)).toBeNull();
    expect((await listSessions(db, user.id)).map((s) => s.id)).toEqual([claims[1]!.rowId]);
    await createSession(db, { userId: user.id, userAgent: null });
    expect(await sessionRow(claims[0]!.rowId)).toBeUndefined();
  });

  test("last use is recorded once a minute, not on every request", async () => {
    const db = await getDb();
    const { claims } = await signedIn();
    const { rowId: sessionId } = claims[0]!;
    const twoMinutesAgo = sql`now() - interval '2 minutes'`;
    await db.update(userSessions).set({ lastSeenAt: twoMinutesAgo }).where(eq(userSessions.id, sessionId));
    const stale = (await sessionRow(sessionId))!.lastSeenAt;

    // Judged as of a moment 30 s after that last use: not written.
    await findActiveSession(db, claims[0]!, new Date(stale.getTime() + 30_000));
    expect((await sessionRow(sessionId))!.lastSeenAt).toEqual(stale);
    // As of now (two minutes later): written.
    const before = queryCount();
    await findActiveSession(db, claims[0]!);
    expect(queryCount() - before).toBe(2);
    expect((await sessionRow(sessionId))!.lastSeenAt.getTime()).toBeGreaterThan(stale.getTime() + 60_000);
  });

  test("the list shows each browser with its user agent, most recently used first", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn(3);
    for (const [i, hoursAgo] of [3, 1, 2].entries()) {
      await db
        .update(userSessions)
        .set({ lastSeenAt: sql`now() - make_interval(hours => ${hoursAgo})` })
        .where(eq(userSessions.id, claims[i]!.rowId));
    }
    const list = await listSessions(db, user.id);
    expect(list.map((s) => s.id)).toEqual([1, 2, 0].map((i) => claims[i]!.rowId));
    expect(list.map((s) => s.userAgent)).toEqual([`${UA} #1`, `${UA} #2`, `${UA} #0`]);
    expect(list[0]!.createdAt).toBeInstanceOf(Date);
  });

  test("sign out everywhere, or everywhere else", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn(3);
    expect(await revokeAllSessions(db, user.id, claims[0]!.rowId)).toBe(2);
    expect((await listSessions(db, user.id)).map((s) => s.id)).toEqual([claims[0]!.rowId]);
    expect(await revokeAllSessions(db, user.id)).toBe(1);
    expect(await listSessions(db, user.id)).toEqual([]);
  });

  test("changing the password ends every session of the user, and no one else's", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn(2, "old-password");
    const other = await signedIn();
    await changePassword(user.id, {
      currentPassword: "old-password",
      newPassword: "new-password",
      address: randomAddress(),
    });
    for (const c of claims) expect(await findActiveSession(db, c)).toBeNull();
    expect(await listSessions(db, user.id)).toEqual([]);
    expect(await findActiveSession(db, other.claims[0]!)).not.toBeNull();
  });

  test("the table keeps only each session id's SHA-256: a copied row id signs nobody in", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn();
    const { sessionId, rowId } = claims[0]!;
    expect(rowId).toBe(createHash("sha256").update(sessionId).digest("hex"));
    const rows = await db.select({ id: userSessions.id }).from(userSessions).where(eq(userSessions.userId, user.id));
    expect(rows).toEqual([{ id: rowId }]);
    expect(await sessionRow(sessionId)).toBeUndefined();
    // Someone holding a copy of the table puts a row id where the JWT's session id goes: not a session.
    expect(await findActiveSession(db, { ...claims[0]!, sessionId: rowId })).toBeNull();
    expect(await findActiveSession(db, claims[0]!)).not.toBeNull();
  });

  test("deleting a user deletes their sessions", async () => {
    const db = await getDb();
    const { user, claims } = await signedIn();
    await db.delete(users).where(eq(users.id, user.id));
    expect(await sessionRow(claims[0]!.rowId)).toBeUndefined();
  });
});
