import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { normaliseEmail } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { AppError, conflict } from "@/lib/errors";
import { insertOrganisation } from "./organisations";
import { isUniqueViolation } from "./tenant";

/** A new account with its first organisation, owned by it: all or nothing. */
export async function signUp(input: { name: string; email: string; password: string; organisation: string }) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ name: input.name, email: normaliseEmail(input.email), passwordHash })
        .returning({ id: users.id, email: users.email, name: users.name });
      const org = await insertOrganisation(tx, user!, input.organisation);
      return { user: user!, org };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict("An account with that email already exists. Sign in instead.", "email");
    }
    throw error;
  }
}

/** Changes the password and ends every other session of the user (their JWTs carry the old version). */
export async function changePassword(userId: string, input: { currentPassword: string; newPassword: string }) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("validation", "That is not your current password.", {
      currentPassword: ["That is not your current password."],
    });
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  return { email: user.email };
}
