import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { auth } from "./auth";
import { findActiveSession, type ActiveSession } from "./user-sessions";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * The signed-in user and their session, or null. The JWT alone is not trusted: the session it names
 * must still exist (signing out deletes it) and carry the user's current session version (a password
 * change or removal from the last organisation ends every session). One query per request.
 */
export const getCurrentSession = cache(async (): Promise<ActiveSession | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId || !session.sessionId) return null;
  return findActiveSession(await getDb(), {
    userId,
    sessionId: session.sessionId,
    sessionVersion: session.sessionVersion,
  });
});

export const getCurrentUser = cache(async (): Promise<SessionUser | null> => (await getCurrentSession())?.user ?? null);
