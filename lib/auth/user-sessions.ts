import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users, userSessions } from "@/db/schema";
import { hashSecret, newSecret } from "@/lib/crypto/token";

/** How long a session lives without being used (the session cookie's max age too). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Last use is written at most this often, so a busy session costs one write a minute, not one a request. */
const TOUCH_AFTER_MS = 60_000;

const alive = sql`${userSessions.lastSeenAt} > now() - make_interval(secs => ${SESSION_MAX_AGE_SECONDS})`;
const current = sql`${userSessions.sessionVersion} = ${users.sessionVersion}`;

/**
 * A session's secret id travels only inside the (encrypted) JWT; its row is keyed by the id's SHA-256,
 * so a copy of the table (a backup, a read replica, a leaked dump) signs nobody in. The row id is what
 * the account page lists and revokes by.
 */
export const sessionRowId = (sessionId: string) => hashSecret(sessionId);

/** A new session for a user who just signed in; answers its secret id (which goes into the JWT). */
export async function createSession(
  db: Queryable,
  input: { userId: string; userAgent: string | null },
): Promise<{ id: string; sessionVersion: number }> {
  const [user] = await db
    .select({ sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user) throw new Error("Cannot start a session for a user that does not exist.");
  const row = { id: newSecret("ses_"), sessionVersion: user.sessionVersion };
  await db.insert(userSessions).values({
    id: sessionRowId(row.id),
    sessionVersion: row.sessionVersion,
    userId: input.userId,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
  });
  // Housekeeping, bounded by one user's rows: sessions unused for the max age are gone for good.
  await db.delete(userSessions).where(and(eq(userSessions.userId, input.userId), sql`not (${alive})`));
  return row;
}

export interface ActiveSession {
  user: { id: string; email: string; name: string | null };
  sessionId: string;
}

/**
 * The user of a live session, in one query: the session row must exist, be of the user's current
 * session version and have been used within the max age. Its last use is recorded at most once a minute.
 */
export async function findActiveSession(
  db: Queryable,
  claims: { userId: string; sessionId: string; sessionVersion: number },
  now = new Date(),
): Promise<ActiveSession | null> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      sessionVersion: users.sessionVersion,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, and(eq(users.id, userSessions.userId), current))
    .where(and(eq(userSessions.id, sessionRowId(claims.sessionId)), eq(userSessions.userId, claims.userId), alive));
  if (!row || row.sessionVersion !== claims.sessionVersion) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db
      .update(userSessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(userSessions.id, sessionRowId(claims.sessionId)));
  }
  return { user: { id: row.id, email: row.email, name: row.name }, sessionId: claims.sessionId };
}

/** The user's live sessions (by row id), most recently used first (bounded: nobody has a thousand browsers). */
export async function listSessions(db: Queryable, userId: string) {
  return db
    .select({
      id: userSessions.id,
      userAgent: userSessions.userAgent,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, and(eq(users.id, userSessions.userId), current))
    .where(and(eq(userSessions.userId, userId), alive))
    .orderBy(desc(userSessions.lastSeenAt))
    .limit(100);
}

/** Ends one session of the user, by row id (another user's session is simply not found). */
export async function revokeSession(db: Queryable, userId: string, rowId: string): Promise<boolean> {
  const deleted = await db
    .delete(userSessions)
    .where(and(eq(userSessions.id, rowId), eq(userSessions.userId, userId)))
    .returning({ id: userSessions.id });
  return deleted.length > 0;
}

/** Ends every session of the user, or every one but the row `exceptRowId`. */
export async function revokeAllSessions(db: Queryable, userId: string, exceptRowId?: string): Promise<number> {
  const deleted = await db
    .delete(userSessions)
    .where(and(eq(userSessions.userId, userId), exceptRowId ? ne(userSessions.id, exceptRowId) : undefined))
    .returning({ id: userSessions.id });
  return deleted.length;
}
