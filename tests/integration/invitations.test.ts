import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, invitations, memberships, users } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { checkCredentials } from "@/lib/auth/credentials";
import {
  acceptInvitation,
  createInvitations,
  describeInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  signUpWithInvitation,
} from "@/lib/data/invitations";
import { changeRole } from "@/lib/data/members";
import { REDACTED } from "@/lib/mail/send";
import { acceptSignUpSchema, inviteSchema } from "@/lib/validations/invitation";
import {
  addMembership,
  auditEntries,
  createTenants,
  createUser,
  expectAppError,
  outboxTo,
  randomAddress,
  randomEmail,
  roleOf,
  sha256,
  teamMemberIds,
  type OrgFixture,
} from "../helpers/fixtures";
import { sendMailToOutbox } from "../helpers/outbox-mail";

const BASE = "https://flowline.test";

let orgA: OrgFixture;
let orgB: OrgFixture;

sendMailToOutbox();

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

const tokenOf = (url: string) => {
  const match = /^https:\/\/flowline\.test\/invite\/([A-Za-z0-9_-]+)$/.exec(url);
  expect(match, `an invitation link: ${url}`).not.toBeNull();
  return match![1]!;
};

/** Invites one new address to A (by A's owner unless said otherwise): its row id, email, link and token. */
async function invite(opts: { role?: Role; teamIds?: string[]; email?: string; fixture?: OrgFixture; by?: Role } = {}) {
  const fixture = opts.fixture ?? orgA;
  const email = opts.email ?? randomEmail("invitee");
  const [created] = await createInvitations(
    fixture.ctx[opts.by ?? "owner"],
    { emails: [email], role: opts.role ?? "member", teamIds: opts.teamIds ?? [] },
    BASE,
  );
  return { ...created!, token: tokenOf(created!.url) };
}

async function invitationRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
  return row!;
}

async function invitationRows(orgId: string) {
  const db = await getDb();
  return db.select().from(invitations).where(eq(invitations.orgId, orgId));
}

async function setInvitation(id: string, values: Partial<typeof invitations.$inferInsert>) {
  const db = await getDb();
  await db.update(invitations).set(values).where(eq(invitations.id, id));
}

async function membershipsOf(userId: string) {
  const db = await getDb();
  return db
    .select({ orgId: memberships.orgId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId));
}

async function userByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

const sessionUser = (u: { id: string; email: string; name: string | null }) => ({
  id: u.id,
  email: u.email,
  name: u.name,
});

describe("createInvitations", () => {
  test("stores only the SHA-256 of each token; the raw token is in no invitation, audit or outbox row", async () => {
    const emails = [randomEmail("one"), randomEmail("two")];
    const created = await createInvitations(
      orgA.ctx.admin,
      { emails, role: "member", teamIds: [orgA.teams.production.id] },
      BASE,
    );
    expect(created.map((c) => c.email)).toEqual(emails);
    const tokens = created.map((c) => tokenOf(c.url));
    expect(new Set(tokens).size).toBe(2);
    for (const t of tokens) expect(t.length).toBeGreaterThanOrEqual(40); // 256 random bits, base64url

    const rows = await invitationRows(orgA.org.id);
    expect(rows).toHaveLength(2);
    for (const [i, c] of created.entries()) {
      const row = rows.find((r) => r.id === c.id)!;
      expect(row).toMatchObject({
        email: emails[i],
        role: "member",
        teamIds: [orgA.teams.production.id],
        invitedBy: orgA.users.admin.id,
        acceptedAt: null,
        revokedAt: null,
      });
      expect(row.tokenHash).toBe(sha256(tokens[i]!));
      expect(row.tokenHash).not.toContain(tokens[i]!);
      // Expires in a week.
      const days = (row.expiresAt.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
    }
    const mails = await Promise.all(emails.map(outboxTo));
    expect(mails.map((m) => m.length)).toEqual([1, 1]);
    const stored = JSON.stringify([rows, await auditEntries(orgA.org.id), mails]);
    for (const t of tokens) expect(stored).not.toContain(t);
    expect(await invitationRows(orgB.org.id)).toEqual([]);
  });

  test("without SMTP_URL each invitation lands in the outbox with its subject, for its organisation, its link redacted", async () => {
    const created = await createInvitations(
      orgA.ctx.owner,
      { emails: [randomEmail("mail1"), randomEmail("mail2")], role: "viewer", teamIds: [] },
      BASE,
    );
    for (const c of created) {
      const mails = await outboxTo(c.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`${orgA.users.owner.name} invited you to ${orgA.org.name} on Flowline`);
      expect(mails[0]!.text).toContain(`Accept the invitation: ${REDACTED}`);
      expect(mails[0]!.text).toContain("as viewer");
      expect(mails[0]!.orgId).toBe(orgA.org.id);
      // No stored mail holds a usable link: the admin saw them once, in the answer.
      for (const any of created) expect(mails[0]!.text).not.toContain(tokenOf(any.url));
    }
  });

  test("each invitation is audited as created, with email, role and teams, in its organisation only", async () => {
    const { id, email } = await invite({ by: "admin", role: "process_owner", teamIds: [orgA.teams.delivery.id] });
    expect(await auditEntries(orgA.org.id, "invitation.created")).toEqual([
      expect.objectContaining({
        actorUserId: orgA.users.admin.id,
        targetType: "invitation",
        targetId: id,
        data: { email, role: "process_owner", teamIds: [orgA.teams.delivery.id] },
      }),
    ]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test("another organisation's team ids are refused and nothing is created", async () => {
    const email = randomEmail("teams");
    const error = await expectAppError(
      createInvitations(
        orgA.ctx.owner,
        { emails: [email], role: "member", teamIds: [orgA.teams.production.id, orgB.teams.production.id] },
        BASE,
      ),
      "validation",
    );
    expect(error.fields).toHaveProperty("teamIds");
    expect(await invitationRows(orgA.org.id)).toEqual([]);
    expect(await invitationRows(orgB.org.id)).toEqual([]);
    expect(await outboxTo(email)).toEqual([]);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("people who are already members are refused, and nobody of the batch is invited", async () => {
    const newcomer = randomEmail("new");
    const error = await expectAppError(
      createInvitations(
        orgA.ctx.owner,
        { emails: [newcomer, orgA.users.viewer.email], role: "member", teamIds: [] },
        BASE,
      ),
      "validation",
    );
    expect(error.message).toContain(orgA.users.viewer.email);
    expect(error.fields).toHaveProperty("emails");
    expect(await invitationRows(orgA.org.id)).toEqual([]);
    expect(await outboxTo(newcomer)).toEqual([]);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("a member of another organisation is not a member here: they can be invited", async () => {
    const { id } = await invite({ email: orgB.users.member.email });
    expect((await invitationRow(id)).orgId).toBe(orgA.org.id);
  });

  test.each(["process_owner", "member", "viewer"] as Role[])(
    "a %s may not invite, nor manage invitations",
    async (role) => {
      const email = randomEmail("nope");
      await expectAppError(
        createInvitations(orgA.ctx[role], { emails: [email], role: "viewer", teamIds: [] }, BASE),
        "forbidden",
      );
      const pending = await invite();
      const before = await invitationRow(pending.id);
      await expectAppError(resendInvitation(orgA.ctx[role], { invitationId: pending.id }, BASE), "forbidden");
      await expectAppError(revokeInvitation(orgA.ctx[role], { invitationId: pending.id }), "forbidden");
      await expectAppError(listInvitations(orgA.ctx[role]), "forbidden");
      expect(await invitationRows(orgA.org.id)).toEqual([before]);
      expect(await outboxTo(email)).toEqual([]);
      expect((await auditEntries(orgA.org.id)).map((e) => e.action)).toEqual(["invitation.created"]);
    },
  );

  test("an admin may invite admins and below, but not owners", async () => {
    await invite({ by: "admin", role: "admin" });
    const email = randomEmail("owner");
    await expectAppError(
      createInvitations(orgA.ctx.admin, { emails: [email], role: "owner", teamIds: [] }, BASE),
      "forbidden",
    );
    expect((await invitationRows(orgA.org.id)).map((r) => r.role)).toEqual(["admin"]);
    expect(await outboxTo(email)).toEqual([]);
    // An owner may.
    await invite({ by: "owner", role: "owner" });
    expect((await invitationRows(orgA.org.id)).map((r) => r.role).sort()).toEqual(["admin", "owner"]);
  });

  test("an admin may not resend or revoke an invitation to become owner", async () => {
    const ownerInvite = await invite({ by: "owner", role: "owner" });
    const before = await invitationRow(ownerInvite.id);
    await expectAppError(resendInvitation(orgA.ctx.admin, { invitationId: ownerInvite.id }, BASE), "forbidden");
    await expectAppError(revokeInvitation(orgA.ctx.admin, { invitationId: ownerInvite.id }), "forbidden");
    expect(await invitationRow(ownerInvite.id)).toEqual(before);
    expect((await auditEntries(orgA.org.id)).map((e) => e.action)).toEqual(["invitation.created"]);
    // The owner may.
    await revokeInvitation(orgA.ctx.owner, { invitationId: ownerInvite.id });
    expect((await invitationRow(ownerInvite.id)).revokedAt).not.toBeNull();
  });

  test("an admin may neither grant nor take away ownership through changeRole", async () => {
    await expectAppError(changeRole(orgA.ctx.admin, { userId: orgA.users.member.id, role: "owner" }), "forbidden");
    await expectAppError(changeRole(orgA.ctx.admin, { userId: orgA.users.owner.id, role: "admin" }), "forbidden");
    expect(await roleOf(orgA.org.id, orgA.users.member.id)).toBe("member");
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });
});

describe("listing, resending and revoking", () => {
  test("listInvitations shows the organisation's invitations with their status, never the other's", async () => {
    const pending = await invite();
    const expired = await invite();
    const revoked = await invite();
    await setInvitation(expired.id, { expiresAt: new Date(Date.now() - 1000) });
    await revokeInvitation(orgA.ctx.owner, { invitationId: revoked.id });
    const inB = await invite({ fixture: orgB });

    const list = await listInvitations(orgA.ctx.admin);
    expect(Object.fromEntries(list.map((i) => [i.id, i.status]))).toEqual({
      [pending.id]: "pending",
      [expired.id]: "expired",
      [revoked.id]: "revoked",
    });
    expect(list.find((i) => i.id === pending.id)!.invitedBy).toBe(orgA.users.owner.name);
    expect(JSON.stringify(list)).not.toContain("tokenHash");
    expect((await listInvitations(orgB.ctx.admin)).map((i) => i.id)).toEqual([inB.id]);
  });

  test("another organisation's invitation cannot be resent or revoked (not found)", async () => {
    const inB = await invite({ fixture: orgB });
    const before = await invitationRow(inB.id);
    await expectAppError(resendInvitation(orgA.ctx.owner, { invitationId: inB.id }, BASE), "not_found");
    await expectAppError(revokeInvitation(orgA.ctx.owner, { invitationId: inB.id }), "not_found");
    expect(await invitationRow(inB.id)).toEqual(before);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
    expect((await auditEntries(orgB.org.id)).map((e) => e.action)).toEqual(["invitation.created"]);
  });

  test("a revoked invitation is refused; resending rotates the token, un-revokes it and renews the expiry", async () => {
    const first = await invite({ role: "process_owner", teamIds: [orgA.teams.delivery.id] });
    await revokeInvitation(orgA.ctx.admin, { invitationId: first.id });
    expect((await describeInvitation(first.token))?.status).toBe("revoked");

    const user = await createUser({ email: first.email });
    await expectAppError(acceptInvitation(sessionUser(user), first.token), "conflict");
    expect(await membershipsOf(user.id)).toEqual([]);

    // Nearly expired, then resent.
    await setInvitation(first.id, { expiresAt: new Date(Date.now() + 60_000) });
    const resent = await resendInvitation(orgA.ctx.admin, { invitationId: first.id }, BASE);
    const newToken = tokenOf(resent.url);
    expect(resent.email).toBe(first.email);
    expect(newToken).not.toBe(first.token);
    const row = await invitationRow(first.id);
    expect(row).toMatchObject({ revokedAt: null, acceptedAt: null, tokenHash: sha256(newToken) });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(await describeInvitation(first.token)).toBeNull();
    expect((await describeInvitation(newToken))?.status).toBe("pending");

    // The mail went out again; the outbox keeps neither link.
    const mails = await outboxTo(first.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain(REDACTED);
    expect(mails[1]!.text).not.toContain(newToken);
    expect(mails[1]!.text).not.toContain(first.token);

    // The old link no longer works; the new one does, once.
    await expectAppError(acceptInvitation(sessionUser(user), first.token), "not_found");
    expect(await membershipsOf(user.id)).toEqual([]);
    const org = await acceptInvitation(sessionUser(user), newToken);
    expect(org).toEqual(orgA.org);
    expect(await membershipsOf(user.id)).toEqual([{ orgId: orgA.org.id, role: "process_owner" }]);
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([user.id]);

    expect((await auditEntries(orgA.org.id)).map((e) => [e.action, e.actorUserId, e.targetId])).toEqual([
      ["invitation.created", orgA.users.owner.id, first.id],
      ["invitation.revoked", orgA.users.admin.id, first.id],
      ["invitation.resent", orgA.users.admin.id, first.id],
      ["invitation.accepted", user.id, first.id],
    ]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test("inviting the same person again withdraws their earlier pending link: one live link per person", async () => {
    const first = await invite();
    const second = await invite({ email: first.email });
    expect((await describeInvitation(first.token))?.status).toBe("revoked");
    expect((await describeInvitation(second.token))?.status).toBe("pending");
    const user = await createUser({ email: first.email });
    await expectAppError(acceptInvitation(sessionUser(user), first.token), "conflict");
    await acceptInvitation(sessionUser(user), second.token);
    expect(await membershipsOf(user.id)).toHaveLength(1);
  });

  test("an accepted invitation can be neither resent nor revoked", async () => {
    const inv = await invite();
    const user = await createUser({ email: inv.email });
    await acceptInvitation(sessionUser(user), inv.token);
    const before = await invitationRow(inv.id);
    await expectAppError(resendInvitation(orgA.ctx.owner, { invitationId: inv.id }, BASE), "conflict");
    await expectAppError(revokeInvitation(orgA.ctx.owner, { invitationId: inv.id }), "conflict");
    expect(await invitationRow(inv.id)).toEqual(before);
    expect((await auditEntries(orgA.org.id)).map((e) => e.action)).toEqual([
      "invitation.created",
      "invitation.accepted",
    ]);
  });
});

describe("acceptInvitation", () => {
  test("joins the invited user with the role and teams; the link then stops working", async () => {
    const inv = await invite({ role: "process_owner", teamIds: [orgA.teams.production.id, orgA.teams.delivery.id] });
    // Already in B: joining A leaves B's membership alone.
    const user = await createUser({ email: inv.email });
    const db = await getDb();
    await db.insert(memberships).values({ orgId: orgB.org.id, userId: user.id, role: "viewer" });

    expect(await describeInvitation(inv.token)).toMatchObject({
      orgName: orgA.org.name,
      orgSlug: orgA.org.slug,
      status: "pending",
      email: inv.email,
    });
    expect(await acceptInvitation(sessionUser(user), inv.token)).toEqual(orgA.org);
    expect((await membershipsOf(user.id)).sort((a, b) => a.orgId.localeCompare(b.orgId))).toEqual(
      [
        { orgId: orgA.org.id, role: "process_owner" },
        { orgId: orgB.org.id, role: "viewer" },
      ].sort((a, b) => a.orgId.localeCompare(b.orgId)),
    );
    expect(await teamMemberIds(orgA.org.id, orgA.teams.production.id)).toContain(user.id);
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([user.id]);
    expect(await teamMemberIds(orgB.org.id, orgB.teams.production.id)).not.toContain(user.id);
    expect(await invitationRow(inv.id)).toMatchObject({ acceptedBy: user.id });
    expect((await invitationRow(inv.id)).acceptedAt).toBeInstanceOf(Date);
    expect((await describeInvitation(inv.token))?.status).toBe("accepted");
    expect(await auditEntries(orgA.org.id, "invitation.accepted")).toEqual([
      expect.objectContaining({
        actorUserId: user.id,
        targetType: "invitation",
        targetId: inv.id,
        data: { email: inv.email, role: "process_owner" },
      }),
    ]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);

    // Single use.
    const error = await expectAppError(acceptInvitation(sessionUser(user), inv.token), "conflict");
    expect(error.message).toMatch(/already used/);
    expect((await auditEntries(orgA.org.id, "invitation.accepted")).length).toBe(1);
  });

  test("the invited address matches whatever its case", async () => {
    const email = randomEmail("Case");
    const inv = await invite({ email: email.toLowerCase() });
    const user = await createUser({ email: email.toLowerCase() });
    await acceptInvitation({ ...sessionUser(user), email: email.toUpperCase() }, inv.token);
    expect(await roleOf(orgA.org.id, user.id)).toBe("member");
  });

  test("teams that are not the organisation's, or no longer exist, are skipped when joining", async () => {
    const inv = await invite({ teamIds: [orgA.teams.delivery.id] });
    // The stored list picks up another organisation's team (as if written by something else).
    await setInvitation(inv.id, { teamIds: [orgA.teams.delivery.id, orgB.teams.delivery.id] });
    const user = await createUser({ email: inv.email });
    await acceptInvitation(sessionUser(user), inv.token);
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([user.id]);
    expect(await teamMemberIds(orgB.org.id, orgB.teams.delivery.id)).toEqual([]);
    expect(await membershipsOf(user.id)).toEqual([{ orgId: orgA.org.id, role: "member" }]);
  });

  test("two concurrent accepts of one token make exactly one membership", async () => {
    const inv = await invite({ teamIds: [orgA.teams.delivery.id] });
    const user = await createUser({ email: inv.email });
    const results = await Promise.allSettled([
      acceptInvitation(sessionUser(user), inv.token),
      acceptInvitation(sessionUser(user), inv.token),
      acceptInvitation(sessionUser(user), inv.token),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code?: string }).code).toBe("conflict");
    expect(await membershipsOf(user.id)).toEqual([{ orgId: orgA.org.id, role: "member" }]);
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([user.id]);
    expect(await auditEntries(orgA.org.id, "invitation.accepted")).toHaveLength(1);
  });

  test("an expired invitation is refused, and nothing changes", async () => {
    const inv = await invite();
    await setInvitation(inv.id, { expiresAt: new Date(Date.now() - 60_000) });
    const user = await createUser({ email: inv.email });
    const error = await expectAppError(acceptInvitation(sessionUser(user), inv.token), "conflict");
    expect(error.message).toMatch(/expired/);
    expect(await membershipsOf(user.id)).toEqual([]);
    expect(await invitationRow(inv.id)).toMatchObject({ acceptedAt: null, acceptedBy: null });
    expect(await auditEntries(orgA.org.id, "invitation.accepted")).toEqual([]);
  });

  test("an unknown token is not found", async () => {
    const user = await createUser();
    await expectAppError(acceptInvitation(sessionUser(user), "inv_" + "x".repeat(43)), "not_found");
    expect(await membershipsOf(user.id)).toEqual([]);
  });

  test("signed in with another address: forbidden, and the invitation stays usable", async () => {
    const inv = await invite({ teamIds: [orgA.teams.delivery.id] });
    // A member of B with another email tries A's link.
    const error = await expectAppError(acceptInvitation(sessionUser(orgB.users.member), inv.token), "forbidden");
    expect(error.message).toContain(inv.email);
    expect(await roleOf(orgA.org.id, orgB.users.member.id)).toBeUndefined();
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([]);
    expect(await invitationRow(inv.id)).toMatchObject({ acceptedAt: null, acceptedBy: null, revokedAt: null });
    expect((await auditEntries(orgA.org.id)).map((e) => e.action)).toEqual(["invitation.created"]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
    // The right person still can.
    const invited = await createUser({ email: inv.email });
    await acceptInvitation(sessionUser(invited), inv.token);
    expect(await roleOf(orgA.org.id, invited.id)).toBe("member");
  });
});

describe("signUpWithInvitation", () => {
  test("creates the account with the invited email, the membership with the role and the teams", async () => {
    const inv = await invite({ role: "admin", teamIds: [orgA.teams.delivery.id] });
    const input = acceptSignUpSchema.parse({
      token: inv.token,
      name: "  Grace Hopper ",
      password: "correct-horse-battery",
    });
    const { org, email } = await signUpWithInvitation(input);
    const db = await getDb();
    expect(org).toEqual(orgA.org);
    expect(email).toBe(inv.email);
    const user = await userByEmail(inv.email);
    expect(user).toMatchObject({ name: "Grace Hopper", email: inv.email });
    expect(user!.passwordHash).not.toContain("correct-horse-battery");
    expect(
      await checkCredentials(db, { email: inv.email, password: "correct-horse-battery", address: randomAddress() }),
    ).toMatchObject({
      ok: true,
      user: { id: user!.id },
    });
    expect(await membershipsOf(user!.id)).toEqual([{ orgId: orgA.org.id, role: "admin" }]);
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([user!.id]);
    expect(await auditEntries(orgA.org.id, "invitation.accepted")).toEqual([
      expect.objectContaining({ actorUserId: user!.id, targetId: inv.id, data: { email: inv.email, role: "admin" } }),
    ]);
    // Single use: a second sign-up (even under another name) is refused.
    await expectAppError(signUpWithInvitation({ ...input, name: "Someone Else" }), "conflict");
  });

  test("an email that already has an account is a conflict, and nothing changes", async () => {
    // A viewer of B (accounts store their email normalised, as sign-up and the CLI do).
    const existing = await createUser({ email: randomEmail("existing") });
    await addMembership(orgB.org.id, existing.id, "viewer");
    const inv = await invite({ email: existing.email });
    await expectAppError(
      signUpWithInvitation({ token: inv.token, name: "Dup", password: "correct-horse-battery" }),
      "conflict",
    );
    expect(await userByEmail(existing.email)).toMatchObject({
      id: existing.id,
      name: existing.name,
      passwordHash: null,
    });
    expect(await roleOf(orgA.org.id, existing.id)).toBeUndefined();
    expect((await invitationRow(inv.id)).acceptedAt).toBeNull();
    expect(await auditEntries(orgA.org.id, "invitation.accepted")).toEqual([]);
    // Signing in and accepting works.
    await acceptInvitation(sessionUser(existing), inv.token);
    expect(await roleOf(orgA.org.id, existing.id)).toBe("member");
    expect(await roleOf(orgB.org.id, existing.id)).toBe("viewer");
  });

  test.each(["expired", "revoked"] as const)("a %s invitation creates no account", async (state) => {
    const inv = await invite();
    if (state === "expired") await setInvitation(inv.id, { expiresAt: new Date(Date.now() - 1000) });
    else await revokeInvitation(orgA.ctx.owner, { invitationId: inv.id });
    await expectAppError(
      signUpWithInvitation({ token: inv.token, name: "Late", password: "correct-horse-battery" }),
      "conflict",
    );
    expect(await userByEmail(inv.email)).toBeUndefined();
    expect(await auditEntries(orgA.org.id, "invitation.accepted")).toEqual([]);
  });

  test("two concurrent sign-ups with one token make one account and one membership", async () => {
    const inv = await invite();
    const results = await Promise.allSettled([
      signUpWithInvitation({ token: inv.token, name: "First", password: "correct-horse-battery" }),
      signUpWithInvitation({ token: inv.token, name: "Second", password: "correct-horse-battery" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code?: string }).code).toBe("conflict");
    const db = await getDb();
    const accounts = await db.select().from(users).where(eq(users.email, inv.email));
    expect(accounts).toHaveLength(1);
    expect(await membershipsOf(accounts[0]!.id)).toEqual([{ orgId: orgA.org.id, role: "member" }]);
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, orgA.org.id), eq(auditLog.action, "invitation.accepted"))),
    ).toHaveLength(1);
  });
});

describe("the invitation form's input", () => {
  test("the parsed form invites every address of the list once", async () => {
    const [a, b] = [randomEmail("list"), randomEmail("list")];
    const input = inviteSchema.parse({
      emails: `${a.toUpperCase()}, ${b}\n${a}`,
      role: "member",
      teamIds: [orgA.teams.production.id],
    });
    const created = await createInvitations(orgA.ctx.admin, input, BASE);
    expect(created.map((c) => c.email)).toEqual([a, b]);
    expect((await invitationRows(orgA.org.id)).map((r) => r.email).sort()).toEqual([a, b].sort());
  });
});
