import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { signUpRequests, users, userSessions } from "@/db/schema";
import { checkCredentials, normaliseEmail } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { hit, type Limit } from "@/lib/auth/rate-limit";
import { hashSecret, newSecret } from "@/lib/crypto/token";
import { AppError, conflict } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send";
import { insertOrganisation } from "./organisations";
import { isUniqueViolation } from "./tenant";

type SignUpInput = { name: string; email: string; password: string; organisation: string };

/** Sign-ups an address may start an hour (FLOWLINE_SIGN_UP_LIMIT), and sign-ups one email may receive. */
export function signUpLimits(): { address: Limit; email: Limit } {
  const configured = Number(process.env.FLOWLINE_SIGN_UP_LIMIT);
  const perAddress = Number.isInteger(configured) && configured > 0 ? configured : 10;
  return { address: { max: perAddress, windowSeconds: 60 * 60 }, email: { max: 3, windowSeconds: 60 * 60 } };
}

/** Counts a sign-up against the client address and the email; refuses it when either is over its limit. */
export async function limitSignUp(db: Queryable, input: { email: string; address: string }): Promise<void> {
  const limits = signUpLimits();
  const [address, email] = await Promise.all([
    hit(db, `signup:address:${input.address}`, limits.address),
    hit(db, `signup:email:${normaliseEmail(input.email)}`, limits.email),
  ]);
  const over = [address.count > limits.address.max ? address : null, email.count > limits.email.max ? email : null];
  const wait = Math.max(0, ...over.map((s) => s?.retryAfterSeconds ?? 0));
  if (wait > 0) {
    throw new AppError("rate_limited", `Too many sign-ups. Try again in ${Math.ceil(wait / 60)} minutes.`);
  }
}

/** A new account with its first organisation, owned by it: all or nothing. */
export async function signUp(input: SignUpInput) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await createAccount(db, { ...input, passwordHash });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict("An account with that email already exists. Sign in instead.", "email");
    }
    throw error;
  }
}

async function createAccount(db: Queryable, input: Omit<SignUpInput, "password"> & { passwordHash: string }) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: normaliseEmail(input.email), passwordHash: input.passwordHash })
      .returning({ id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion });
    const org = await insertOrganisation(tx, user!, input.organisation);
    return { user: user!, org };
  });
}

export const SIGN_UP_LINK_HOURS = 24;

/** What an address that already has an account gets instead of a second account. */
async function mailExistingAccount(db: Queryable, email: string, baseUrl: string): Promise<void> {
  await sendMail(db, {
    to: email,
    subject: "Someone tried to create a Flowline account with your address",
    text: [
      "Someone, perhaps you, tried to create a new Flowline account with this email address. You already have one.",
      "",
      `Sign in: ${baseUrl}/sign-in`,
      "",
      "If it was not you, you can ignore this mail: nothing was changed.",
    ].join("\n"),
  });
}

/**
 * A sign-up when mail is not set up (no way to confirm the address): a new address gets its account at
 * once; an address that has one gets a mail (in the outbox) instead and nothing else changes. The
 * caller answers both the same way and signs nobody in, so sign-up cannot tell who has an account.
 */
export async function signUpWithoutMail(input: SignUpInput, baseUrl: string): Promise<void> {
  const db = await getDb();
  try {
    await signUp(input);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "conflict")) throw error;
    await mailExistingAccount(db, normaliseEmail(input.email), baseUrl);
  }
}

/**
 * A sign-up when mail is set up: the account is created only once its owner follows the link mailed to
 * the address. An address that already has an account gets a mail saying so instead, and the caller
 * answers both the same way, so sign-up cannot be used to find out who has an account.
 */
export async function requestSignUp(input: SignUpInput, baseUrl: string): Promise<void> {
  const db = await getDb();
  const email = normaliseEmail(input.email);
  // Hashed either way, so both paths take the same time.
  const passwordHash = await hashPassword(input.password);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) return mailExistingAccount(db, email, baseUrl);
  const token = newSecret("su_");
  await db.insert(signUpRequests).values({
    tokenHash: hashSecret(token),
    email,
    name: input.name,
    organisation: input.organisation,
    passwordHash,
    expiresAt: new Date(Date.now() + SIGN_UP_LINK_HOURS * 3_600_000),
  });
  const link = `${baseUrl}/sign-up/confirm/${token}`;
  await sendMail(db, {
    to: email,
    subject: "Confirm your email to finish creating your Flowline account",
    text: [
      `Welcome to Flowline, ${input.name}. Confirm this address to create your account and ${input.organisation}:`,
      "",
      link,
      "",
      `The link works once and expires in ${SIGN_UP_LINK_HOURS} hours. If you did not sign up, ignore this mail.`,
    ].join("\n"),
    secrets: [link],
  });
}

/** What the confirmation page shows about a sign-up link, or null when it is unknown or expired. */
export async function describeSignUp(token: string) {
  const db = await getDb();
  const [row] = await db
    .select({ email: signUpRequests.email, organisation: signUpRequests.organisation })
    .from(signUpRequests)
    .where(and(eq(signUpRequests.tokenHash, hashSecret(token)), gt(signUpRequests.expiresAt, sql`now()`)));
  return row ?? null;
}

/**
 * Creates the account a sign-up link stands for, once: the link and every other pending sign-up of the
 * address are used up. Null when the link is unknown, expired or the address got an account meanwhile.
 */
export async function completeSignUp(token: string) {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [request] = await tx
        .delete(signUpRequests)
        .where(and(eq(signUpRequests.tokenHash, hashSecret(token)), gt(signUpRequests.expiresAt, sql`now()`)))
        .returning();
      if (!request) return null;
      await tx.delete(signUpRequests).where(eq(signUpRequests.email, request.email));
      return createAccount(tx, request);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/**
 * Changes the password and ends every session of the user (the caller signs this browser in again).
 * The current password is checked like a sign-in: wrong guesses count against the account and the
 * address, so a stolen session cannot try passwords without limit.
 */
export async function changePassword(
  userId: string,
  input: { currentPassword: string; newPassword: string; address: string },
) {
  const db = await getDb();
  const wrong = () =>
    new AppError("validation", "That is not your current password.", {
      currentPassword: ["That is not your current password."],
    });
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) throw wrong();
  const check = await checkCredentials(db, {
    email: user.email,
    password: input.currentPassword,
    address: input.address,
  });
  if (!check.ok && check.reason === "rate_limited") {
    throw new AppError(
      "rate_limited",
      `Too many wrong passwords. Try again in ${Math.ceil(check.retryAfterSeconds / 60)} minutes.`,
    );
  }
  if (!check.ok) throw wrong();
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await tx.delete(userSessions).where(eq(userSessions.userId, userId));
  });
  return { email: user.email };
}
