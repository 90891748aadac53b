import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { memberships, organisations, outbox, signUpRequests, users } from "@/db/schema";
import { checkCredentials, signInLimits } from "@/lib/auth/credentials";
import {
  changePassword,
  completeSignUp,
  describeSignUp,
  limitSignUp,
  requestSignUp,
  signUp,
  signUpLimits,
  signUpWithoutMail,
} from "@/lib/data/accounts";
import { createUser, expectAppError, getUser, randomAddress, randomEmail, sha256, token } from "../helpers/fixtures";
import { sendMailToOutbox } from "../helpers/outbox-mail";
import { startSmtp, type ReceivedMail } from "../helpers/smtp";

const BASE = "https://flowline.test";

describe("sign-up with mail set up (a real SMTP server)", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await smtp.stop();
  });

  const mailsTo = (email: string): ReceivedMail[] => smtp.mails.filter((m) => m.to.includes(email));
  const linkIn = (mail: ReceivedMail) =>
    /https:\/\/flowline\.test\/sign-up\/confirm\/(su_[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  const input = (email: string) => ({
    name: "Nia New",
    email,
    password: "correct-horse",
    organisation: `Nia Works ${token()}`,
  });
  /** Asks to sign up as `details` and returns the confirmation link's token from the mail. */
  const requestedLink = async (details: ReturnType<typeof input>) => {
    await requestSignUp(details, BASE);
    return linkIn(mailsTo(details.email)[0]!)!;
  };

  test("an address that has an account is answered exactly like a new one, and its owner gets a mail", async () => {
    const db = await getDb();
    const taken = await createUser({ email: randomEmail("taken") });
    const fresh = randomEmail("fresh");

    const answers = [await requestSignUp(input(taken.email), BASE), await requestSignUp(input(fresh), BASE)];
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toBeUndefined();

    const [toTaken] = mailsTo(taken.email);
    expect(toTaken!.subject).toBe("Someone tried to create a Flowline account with your address");
    expect(toTaken!.text).toContain(`Sign in: ${BASE}/sign-in`);
    expect(linkIn(toTaken!)).toBeUndefined();
    // Nothing was created or changed for the taken address.
    expect(await db.select().from(signUpRequests).where(eq(signUpRequests.email, taken.email))).toEqual([]);
    expect(await getUser(taken.id)).toMatchObject({ name: taken.name, passwordHash: null });

    const [toFresh] = mailsTo(fresh);
    expect(toFresh!.subject).toBe("Confirm your email to finish creating your Flowline account");
    expect(linkIn(toFresh!)).toBeDefined();
    // No account until the link is followed.
    expect(await db.select().from(users).where(eq(users.email, fresh))).toEqual([]);
  });

  test("following the link creates the account and the organisation, once", async () => {
    const db = await getDb();
    const email = randomEmail("confirm");
    const details = input(email);
    const link = await requestedLink(details);
    // Only the link's hash is stored; the password only as its argon2 hash.
    const [pending] = await db.select().from(signUpRequests).where(eq(signUpRequests.email, email));
    expect(pending!.tokenHash).toBe(sha256(link));
    expect(pending!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await describeSignUp(link)).toEqual({ email, organisation: details.organisation });

    const created = await completeSignUp(link);
    expect(created!.user).toMatchObject({ email, name: "Nia New" });
    expect(created!.org.name).toBe(details.organisation);
    expect(await db.select().from(memberships).where(eq(memberships.orgId, created!.org.id))).toEqual([
      expect.objectContaining({ userId: created!.user.id, role: "owner" }),
    ]);
    expect(await checkCredentials(db, { email, password: "correct-horse", address: randomAddress() })).toMatchObject({
      ok: true,
    });
    expect(await completeSignUp(link)).toBeNull();
    expect(await describeSignUp(link)).toBeNull();
  });

  test("two links for one address: the first followed wins, the other is used up with it", async () => {
    const db = await getDb();
    const email = randomEmail("twice");
    await requestSignUp(input(email), BASE);
    await requestSignUp(input(email), BASE);
    const [first, second] = mailsTo(email).map(linkIn);
    expect(first).not.toBe(second);
    expect(await completeSignUp(second!)).not.toBeNull();
    expect(await completeSignUp(first!)).toBeNull();
    expect(await db.select({ id: users.id }).from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  test("an expired link creates nothing", async () => {
    const db = await getDb();
    const email = randomEmail("late");
    const link = await requestedLink(input(email));
    await db
      .update(signUpRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(signUpRequests.email, email));
    expect(await describeSignUp(link)).toBeNull();
    expect(await completeSignUp(link)).toBeNull();
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  test("an address that got an account meanwhile (an invitation) makes the link a no-op", async () => {
    const db = await getDb();
    const email = randomEmail("meanwhile");
    const details = input(email);
    const link = await requestedLink(details);
    await createUser({ email });
    expect(await completeSignUp(link)).toBeNull();
    expect(await db.select().from(organisations).where(eq(organisations.name, details.organisation))).toEqual([]);
  });
});

describe("sign-up without mail set up", () => {
  sendMailToOutbox();
  const input = (email: string) => ({
    name: "Sam Squatter",
    email,
    password: "another-horse",
    organisation: `Squat ${token()}`,
  });
  const outboxTo = async (email: string) =>
    (await getDb()).select({ subject: outbox.subject, text: outbox.text }).from(outbox).where(eq(outbox.to, email));

  test("a taken address is answered exactly like a new one: nothing changes, and its owner gets a mail in the outbox", async () => {
    const db = await getDb();
    const taken = await createUser({ email: randomEmail("taken"), password: "correct-horse" });
    const fresh = randomEmail("fresh");
    const takenInput = input(taken.email.toUpperCase());

    const answers = [await signUpWithoutMail(takenInput, BASE), await signUpWithoutMail(input(fresh), BASE)];
    expect(answers).toEqual([undefined, undefined]);

    expect(await outboxTo(taken.email)).toEqual([
      {
        subject: "Someone tried to create a Flowline account with your address",
        text: expect.stringContaining(`Sign in: ${BASE}/sign-in`),
      },
    ]);
    // The taken account is as it was: its password, its name, no new organisation.
    expect(await getUser(taken.id)).toMatchObject({ name: taken.name });
    const address = randomAddress();
    expect((await checkCredentials(db, { email: taken.email, password: "correct-horse", address })).ok).toBe(true);
    expect((await checkCredentials(db, { email: taken.email, password: "another-horse", address })).ok).toBe(false);
    expect(await db.select().from(organisations).where(eq(organisations.name, takenInput.organisation))).toEqual([]);

    // The new address has its account (and organisation) at once, and no mail.
    const [created] = await db.select().from(users).where(eq(users.email, fresh));
    expect(created).toBeDefined();
    expect(await db.select().from(memberships).where(eq(memberships.userId, created!.id))).toHaveLength(1);
    expect(await outboxTo(fresh)).toEqual([]);
  });
});

describe("sign-up limits", () => {
  test("an address may start a limited number of sign-ups an hour; another address may still", async () => {
    const db = await getDb();
    const address = randomAddress();
    const { max } = signUpLimits().address;
    for (let i = 0; i < max; i++) await limitSignUp(db, { email: randomEmail("burst"), address });
    await expectAppError(limitSignUp(db, { email: randomEmail("burst"), address }), "rate_limited");
    await expect(limitSignUp(db, { email: randomEmail("burst"), address: randomAddress() })).resolves.toBeUndefined();
  });

  test("one email receives at most 3 sign-up mails an hour, from any number of addresses", async () => {
    const db = await getDb();
    const email = randomEmail("bombed");
    for (let i = 0; i < 3; i++) await limitSignUp(db, { email, address: randomAddress() });
    await expectAppError(limitSignUp(db, { email: email.toUpperCase(), address: randomAddress() }), "rate_limited");
  });

  test("FLOWLINE_SIGN_UP_LIMIT sets the number an address may start", () => {
    process.env.FLOWLINE_SIGN_UP_LIMIT = "250";
    try {
      expect(signUpLimits().address).toEqual({ max: 250, windowSeconds: 3600 });
    } finally {
      delete process.env.FLOWLINE_SIGN_UP_LIMIT;
    }
    expect(signUpLimits().address.max).toBe(10);
  });
});

describe("changing the password", () => {
  test("guesses of the current password are limited like sign-ins, and the right one is then refused too", async () => {
    const { user } = await signUp({
      name: "Guess Target",
      email: randomEmail("guess"),
      password: "the-real-password",
      organisation: `Guess ${token()}`,
    });
    const attempt = (currentPassword: string) =>
      changePassword(user.id, { currentPassword, newPassword: "attacker-choice", address: randomAddress() });
    for (let i = 0; i < signInLimits.account.max; i++) await expectAppError(attempt(`guess-${i}`), "validation");
    const before = await getUser(user.id);
    const limited = await expectAppError(attempt("the-real-password"), "rate_limited");
    expect(limited.message).toMatch(/Too many wrong passwords/);
    expect(await getUser(user.id)).toEqual(before);
  });

  test("guesses from one address are limited across accounts", async () => {
    const address = randomAddress();
    const { max } = signInLimits.address;
    const victims = await Promise.all(
      Array.from({ length: max + 1 }, () => createUser({ password: "right-password" })),
    );
    const attempt = (i: number) =>
      changePassword(victims[i]!.id, { currentPassword: `wrong-${i}`, newPassword: "attacker-choice", address });
    for (let i = 0; i < max; i++) await expectAppError(attempt(i), "validation");
    await expectAppError(attempt(max), "rate_limited");
  });
});
