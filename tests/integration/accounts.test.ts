import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { memberships, organisations, orgSettings, users } from "@/db/schema";
import { checkCredentials } from "@/lib/auth/credentials";
import { changePassword, signUp } from "@/lib/data/accounts";
import { auditEntries, expectAppError, getUser, randomAddress, randomEmail, token } from "../helpers/fixtures";

describe("signUp", () => {
  test("creates the user, the organisation, the owner membership, default settings and an audit entry", async () => {
    const db = await getDb();
    const email = randomEmail("signup");
    const orgName = `Signup Co ${token()}`;
    const { user, org } = await signUp({
      name: "Sam Signup",
      email: `  ${email.toUpperCase()} `,
      password: "correct-horse",
      organisation: orgName,
    });

    expect(user).toMatchObject({ email, name: "Sam Signup" });
    const stored = (await getUser(user.id))!;
    expect(stored.email).toBe(email);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain("correct-horse");
    expect(stored.sessionVersion).toBe(0);

    expect(org).toMatchObject({ name: orgName, slug: `signup-co-${orgName.slice(-8)}` });
    expect(await db.select().from(memberships).where(eq(memberships.orgId, org.id))).toEqual([
      expect.objectContaining({ userId: user.id, role: "owner" }),
    ]);
    expect(await db.select().from(orgSettings).where(eq(orgSettings.orgId, org.id))).toEqual([
      {
        orgId: org.id,
        outcomeWeight: 0.7,
        onTrackThreshold: 0.7,
        atRiskThreshold: 0.4,
        quadrantThreshold: 0.5,
        paceOnTrackTolerance: 0.05,
        paceAtRiskTolerance: 0.15,
      },
    ]);
    expect(await auditEntries(org.id)).toEqual([
      expect.objectContaining({
        action: "organisation.created",
        actorUserId: user.id,
        targetType: "organisation",
        targetId: org.id,
        data: { name: orgName },
      }),
    ]);

    const signIn = await checkCredentials(db, { email, password: "correct-horse", address: randomAddress() });
    expect(signIn).toMatchObject({ ok: true, user: { id: user.id } });
  });

  test("a taken email (in any case) is a conflict on the email field, and nothing is created", async () => {
    const db = await getDb();
    const email = randomEmail("dup");
    await signUp({ name: "First", email, password: "correct-horse", organisation: `Dup First ${token()}` });

    const secondOrg = `Dup Second ${token()}`;
    const error = await expectAppError(
      signUp({ name: "Second", email: email.toUpperCase(), password: "another-pass", organisation: secondOrg }),
      "conflict",
    );
    expect(error.fields).toHaveProperty("email");
    expect(await db.select().from(organisations).where(eq(organisations.name, secondOrg))).toEqual([]);
    expect(await db.select({ id: users.id }).from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  test("two organisations with the same name get different addresses", async () => {
    const orgName = `Twin Works ${token()}`;
    const [a, b] = [
      await signUp({ name: "A", email: randomEmail(), password: "correct-horse", organisation: orgName }),
      await signUp({ name: "B", email: randomEmail(), password: "correct-horse", organisation: orgName }),
    ];
    expect(a.org.slug).toBe(`twin-works-${orgName.slice(-8)}`);
    expect(b.org.slug).toMatch(new RegExp(`^${a.org.slug}-[0-9a-f]{6}$`));
  });
});

describe("changePassword", () => {
  test("with the current password: replaces the hash and bumps the session version", async () => {
    const db = await getDb();
    const email = randomEmail("pw");
    const { user } = await signUp({ name: "Pat", email, password: "old-password", organisation: `PW ${token()}` });
    const before = (await getUser(user.id))!;

    await expect(
      changePassword(user.id, {
        currentPassword: "old-password",
        newPassword: "new-password",
        address: randomAddress(),
      }),
    ).resolves.toEqual({
      email,
    });

    const after = (await getUser(user.id))!;
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    const address = randomAddress();
    expect(await checkCredentials(db, { email, password: "old-password", address })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await checkCredentials(db, { email, password: "new-password", address })).toMatchObject({
      ok: true,
      user: { sessionVersion: before.sessionVersion + 1 },
    });
  });

  test("with a wrong current password: a validation error, and nothing changes", async () => {
    const { user } = await signUp({
      name: "Pat",
      email: randomEmail("pw"),
      password: "old-password",
      organisation: `PW ${token()}`,
    });
    const before = (await getUser(user.id))!;

    const error = await expectAppError(
      changePassword(user.id, {
        currentPassword: "not-it-at-all",
        newPassword: "new-password",
        address: randomAddress(),
      }),
      "validation",
    );
    expect(error.fields).toHaveProperty("currentPassword");
    expect(await getUser(user.id)).toEqual(before);
  });

  test("an unknown user is refused the same way", async () => {
    await expectAppError(
      changePassword(`missing-${token()}`, {
        currentPassword: "x",
        newPassword: "new-password",
        address: randomAddress(),
      }),
      "validation",
    );
  });
});
