import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { checkCredentials, signInLimits } from "@/lib/auth/credentials";
import { hit, peek, reset } from "@/lib/auth/rate-limit";
import { createUser, randomAddress, randomEmail, token, type TestUser } from "../helpers/fixtures";

const password = "right-password";
let user: TestUser;

beforeAll(async () => {
  user = await createUser({ name: "Cred User", email: randomEmail("cred"), password });
});

/** A user of their own, so lockouts in one test never touch another. */
async function freshUser() {
  return createUser({ email: randomEmail("cred"), password });
}

async function storedCount(key: string): Promise<number | undefined> {
  const db = await getDb();
  const [row] = await db.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, key));
  return row?.count;
}

describe("checkCredentials", () => {
  test("the right password signs in, with the email in any case and spacing", async () => {
    const db = await getDb();
    const result = await checkCredentials(db, {
      email: ` ${user.email.toUpperCase()} `,
      password,
      address: randomAddress(),
    });
    expect(result).toEqual({
      ok: true,
      user: { id: user.id, email: user.email, name: "Cred User", sessionVersion: 0 },
    });
  });

  test.each([
    ["a wrong password", () => ({ email: user.email, password: "wrong-password" })],
    ["an unknown email", () => ({ email: randomEmail("nobody"), password })],
    ["an empty password", () => ({ email: user.email, password: "" })],
  ])("%s is 'invalid', and the answers cannot be told apart", async (_label, input) => {
    const db = await getDb();
    expect(await checkCredentials(db, { ...input(), address: randomAddress() })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  test("a user without a password (OAuth only) cannot sign in with one", async () => {
    const db = await getDb();
    const oauth = await createUser({ email: randomEmail("oauth") });
    expect(await checkCredentials(db, { email: oauth.email, password: "", address: randomAddress() })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  test("after 5 failures the account is rate limited, even with the right password and from another address", async () => {
    const db = await getDb();
    const target = await freshUser();
    expect(signInLimits.account.max).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(
        await checkCredentials(db, { email: target.email, password: `wrong-${i}`, address: randomAddress() }),
      ).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    const locked = await checkCredentials(db, { email: target.email, password, address: randomAddress() });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    const retry = (locked as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(signInLimits.account.windowSeconds);
    // A locked-out attempt is not counted again.
    expect(await storedCount(`signin:account:${target.email}`)).toBe(5);
  });

  test("parallel guesses cannot slip past the limit: only 5 are checked", async () => {
    const db = await getDb();
    const target = await freshUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        checkCredentials(db, { email: target.email, password: `guess-${i}`, address: randomAddress() }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(signInLimits.account.max);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(20 - signInLimits.account.max);
    expect(await storedCount(`signin:account:${target.email}`)).toBe(signInLimits.account.max);
    expect(await checkCredentials(db, { email: target.email, password, address: randomAddress() })).toMatchObject({
      reason: "rate_limited",
    });
  });

  test("successful sign-ins do not use up the address's allowance", async () => {
    const db = await getDb();
    const target = await freshUser();
    const address = randomAddress();
    for (let i = 0; i < 3; i++) {
      expect(await checkCredentials(db, { email: target.email, password, address })).toMatchObject({ ok: true });
    }
    expect((await storedCount(`signin:address:${address}`)) ?? 0).toBe(0);
  });

  test("unknown emails are locked out the same way (no account enumeration)", async () => {
    const db = await getDb();
    const email = randomEmail("ghost");
    for (let i = 0; i < 5; i++) await checkCredentials(db, { email, password: "x", address: randomAddress() });
    expect(await checkCredentials(db, { email, password: "x", address: randomAddress() })).toMatchObject({
      reason: "rate_limited",
    });
  });

  test("a success resets the account counter", async () => {
    const db = await getDb();
    const target = await freshUser();
    const key = `signin:account:${target.email}`;
    const address = randomAddress();
    for (let i = 0; i < 4; i++) await checkCredentials(db, { email: target.email, password: "wrong", address });
    expect(await storedCount(key)).toBe(4);

    expect(await checkCredentials(db, { email: target.email, password, address })).toMatchObject({ ok: true });
    expect(await storedCount(key)).toBeUndefined();

    // Four more failures are allowed again before the lockout.
    for (let i = 0; i < 4; i++) {
      expect(await checkCredentials(db, { email: target.email, password: "wrong", address })).toMatchObject({
        reason: "invalid",
      });
    }
    expect(await checkCredentials(db, { email: target.email, password, address })).toMatchObject({ ok: true });
  });

  test("failures are stored in the database, per account and per address", async () => {
    const db = await getDb();
    const target = await freshUser();
    const address = randomAddress();
    await checkCredentials(db, { email: target.email, password: "wrong", address });
    await checkCredentials(db, { email: target.email, password: "wrong", address });
    expect(await storedCount(`signin:account:${target.email}`)).toBe(2);
    expect(await storedCount(`signin:address:${address}`)).toBe(2);
  });

  test("30 failures from one address lock that address out for every account", async () => {
    const db = await getDb();
    const target = await freshUser();
    const address = randomAddress();
    expect(signInLimits.address.max).toBe(30);
    for (let i = 0; i < 30; i++) {
      await checkCredentials(db, { email: randomEmail("spray"), password: "guess", address });
    }
    expect(await checkCredentials(db, { email: target.email, password, address })).toMatchObject({
      reason: "rate_limited",
    });
    expect(await checkCredentials(db, { email: target.email, password, address: randomAddress() })).toMatchObject({
      ok: true,
    });
  });
});

describe("rate limit counters", () => {
  const limit = { max: 3, windowSeconds: 60 };

  test("count across calls, and peek does not add", async () => {
    const db = await getDb();
    const key = `test:${token(8)}`;
    expect(await peek(db, key)).toEqual({ count: 0, retryAfterSeconds: 0 });
    expect((await hit(db, key, limit)).count).toBe(1);
    expect((await hit(db, key, limit)).count).toBe(2);
    const state = await peek(db, key);
    expect(state.count).toBe(2);
    expect(state.retryAfterSeconds).toBeGreaterThan(0);
    expect(state.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await storedCount(key)).toBe(2);
  });

  test("concurrent hits are all counted", async () => {
    const db = await getDb();
    const key = `test:${token(8)}`;
    const counts = await Promise.all(Array.from({ length: 10 }, () => hit(db, key, limit)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await storedCount(key)).toBe(10);
  });

  test("an expired window is ignored by peek and restarts on the next hit", async () => {
    const db = await getDb();
    const key = `test:${token(8)}`;
    await hit(db, key, limit);
    await hit(db, key, limit);
    await db
      .update(rateLimits)
      .set({ resetAt: sql`now() - interval '1 second'` })
      .where(eq(rateLimits.key, key));
    expect(await peek(db, key)).toEqual({ count: 0, retryAfterSeconds: 0 });
    expect((await hit(db, key, limit)).count).toBe(1);
    expect((await peek(db, key)).count).toBe(1);
  });

  test("reset removes only its key", async () => {
    const db = await getDb();
    const [a, b] = [`test:${token(8)}`, `test:${token(8)}`];
    await hit(db, a, limit);
    await hit(db, b, limit);
    await reset(db, a);
    expect(await storedCount(a)).toBeUndefined();
    expect(await storedCount(b)).toBe(1);
  });
});
