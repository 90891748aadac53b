import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "./password";
import { hit, release, reset, type Limit } from "./rate-limit";

export const signInLimits = {
  account: { max: 5, windowSeconds: 15 * 60 },
  address: { max: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, Limit>;

export type CredentialCheck =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks an email and password. Unknown emails and wrong passwords take the same path and time;
 * failures count against the account and the client address, and too many lock both out for a while.
 */
export async function checkCredentials(
  db: Queryable,
  input: { email: string; password: string; address: string },
): Promise<CredentialCheck> {
  const email = normaliseEmail(input.email);
  const accountKey = `signin:account:${email}`;
  const addressKey = `signin:address:${input.address}`;
  // The attempt is counted before it is checked, atomically, so parallel guesses cannot all pass a
  // check made before any of them was counted; attempts that turn out not to count are taken back.
  const [account, address] = await Promise.all([
    hit(db, accountKey, signInLimits.account),
    hit(db, addressKey, signInLimits.address),
  ]);
  const blocked = [
    account.count > signInLimits.account.max ? account : null,
    address.count > signInLimits.address.max ? address : null,
  ].filter((s) => s !== null);
  if (blocked.length > 0) {
    await Promise.all([release(db, accountKey), release(db, addressKey)]);
    return {
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: Math.max(...blocked.map((s) => s.retryAfterSeconds)),
    };
  }

  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (await verifyPassword(user?.passwordHash, input.password)) {
    await Promise.all([reset(db, accountKey), release(db, addressKey)]);
    return {
      ok: true,
      user: { id: user!.id, email: user!.email, name: user!.name, sessionVersion: user!.sessionVersion },
    };
  }
  return { ok: false, reason: "invalid" };
}
