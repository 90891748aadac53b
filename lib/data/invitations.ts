import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { invitations, memberships, organisations, teamMembers, users } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { normaliseEmail } from "@/lib/auth/credentials";
import type { OrgContext } from "@/lib/auth/org-context";
import { hashPassword } from "@/lib/auth/password";
import { assertCan, canManageRole, roleLabels } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { hashSecret, newSecret } from "@/lib/crypto/token";
import { AppError, conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send";
import { knownTeamIds } from "./teams";
import { audit, findInOrg, enterTenant, isUniqueViolation, withTenant } from "./tenant";
import { invitationOrgId } from "./tenant-lookups";

export const INVITATION_DAYS = 7;

export type InvitationStatus = "pending" | "accepted" | "expired" | "revoked";

export function invitationStatus(
  i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InvitationStatus {
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "revoked";
  return i.expiresAt <= now ? "expired" : "pending";
}

const link = (baseUrl: string, token: string) => `${baseUrl}/invite/${token}`;

async function mailInvitation(tx: Tx, ctx: OrgContext, email: string, role: Role, url: string) {
  await sendMail(tx, {
    to: email,
    subject: `${ctx.user.name ?? ctx.user.email} invited you to ${ctx.org.name} on Flowline`,
    text: [
      `${ctx.user.name ?? ctx.user.email} invited you to join ${ctx.org.name} on Flowline as ${roleLabels[role].toLowerCase()}.`,
      "",
      `Accept the invitation: ${url}`,
      "",
      `The link works once and expires in ${INVITATION_DAYS} days.`,
    ].join("\n"),
    orgId: ctx.org.id,
    secrets: [url],
  });
}

async function checkTeams(tx: Tx, ctx: OrgContext, teamIds: string[]) {
  const found = await knownTeamIds(tx, ctx.org.id, teamIds);
  if (found.size !== new Set(teamIds).size) throw invalid("Choose teams from this organisation.", "teamIds");
}

/** Invites each email with a role and teams; answers the links, so they can be copied when mail is not set up. */
export async function createInvitations(
  ctx: OrgContext,
  input: { emails: string[]; role: Role; teamIds: string[] },
  baseUrl: string,
) {
  assertCan(ctx, "members.manage");
  if (!canManageRole(ctx.role, input.role)) throw forbidden("Only an owner can invite an owner.");
  return withTenant(ctx, async (tx) => {
    await checkTeams(tx, ctx, input.teamIds);
    const existing = await tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, ctx.org.id), inArray(users.email, input.emails)));
    if (existing.length) throw invalid(`Already members: ${existing.map((e) => e.email).join(", ")}.`, "emails");
    // Inviting someone again replaces their earlier pending invitation: one live link per person.
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.orgId, ctx.org.id),
          inArray(invitations.email, input.emails),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
    const created: { id: string; email: string; url: string }[] = [];
    for (const email of input.emails) {
      const token = newSecret("inv_");
      const [row] = await tx
        .insert(invitations)
        .values({
          orgId: ctx.org.id,
          email,
          role: input.role,
          teamIds: input.teamIds,
          tokenHash: hashSecret(token),
          invitedBy: ctx.user.id,
          expiresAt,
        })
        .returning({ id: invitations.id });
      const url = link(baseUrl, token);
      await mailInvitation(tx, ctx, email, input.role, url);
      await audit(
        tx,
        ctx,
        "invitation.created",
        { type: "invitation", id: row!.id },
        { email, role: input.role, teamIds: input.teamIds },
      );
      created.push({ id: row!.id, email, url });
    }
    return created;
  });
}

async function findInvitation(tx: Tx, ctx: OrgContext, invitationId: string) {
  const row = await findInOrg(tx, ctx, invitations, invitationId, "That invitation", "update");
  if (!canManageRole(ctx.role, row.role)) throw forbidden("Only an owner can manage an invitation to become owner.");
  return row;
}

/** A fresh link and expiry for an invitation not yet accepted; the old link stops working. */
export async function resendInvitation(ctx: OrgContext, input: { invitationId: string }, baseUrl: string) {
  assertCan(ctx, "members.manage");
  return withTenant(ctx, async (tx) => {
    const row = await findInvitation(tx, ctx, input.invitationId);
    if (row.acceptedAt) throw conflict("That invitation was already accepted.");
    const token = newSecret("inv_");
    const now = new Date();
    await tx
      .update(invitations)
      .set({
        tokenHash: hashSecret(token),
        sentAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
        revokedAt: null,
      })
      .where(eq(invitations.id, row.id));
    const url = link(baseUrl, token);
    await mailInvitation(tx, ctx, row.email, row.role, url);
    await audit(tx, ctx, "invitation.resent", { type: "invitation", id: row.id }, { email: row.email });
    return { email: row.email, url };
  });
}

export async function revokeInvitation(ctx: OrgContext, input: { invitationId: string }) {
  assertCan(ctx, "members.manage");
  await withTenant(ctx, async (tx) => {
    const row = await findInvitation(tx, ctx, input.invitationId);
    if (row.acceptedAt) throw conflict("That invitation was already accepted.");
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, row.id));
    await audit(tx, ctx, "invitation.revoked", { type: "invitation", id: row.id }, { email: row.email });
  });
}

export async function listInvitations(ctx: OrgContext) {
  assertCan(ctx, "members.manage");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        teamIds: invitations.teamIds,
        createdAt: invitations.createdAt,
        sentAt: invitations.sentAt,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
        revokedAt: invitations.revokedAt,
        invitedBy: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.orgId, ctx.org.id))
      .orderBy(desc(invitations.createdAt))
      .limit(200);
    return rows.map((r) => ({ ...r, status: invitationStatus(r) }));
  });
}

/** What the invitation page shows about a token, without changing anything. */
export async function describeInvitation(token: string) {
  const db = await getDb();
  const tokenHash = hashSecret(token);
  const row = await db.transaction(async (tx) => {
    const orgId = await invitationOrgId(tx, tokenHash);
    if (!orgId) return undefined;
    await enterTenant(tx, orgId);
    const [found] = await tx
      .select({ invitation: invitations, orgName: organisations.name, orgSlug: organisations.slug })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.orgId))
      .where(and(eq(invitations.orgId, orgId), eq(invitations.tokenHash, tokenHash)));
    return found;
  });
  if (!row) return null;
  return { ...row.invitation, orgName: row.orgName, orgSlug: row.orgSlug, status: invitationStatus(row.invitation) };
}

const refusal: Record<Exclude<InvitationStatus, "pending">, string> = {
  accepted: "This invitation was already used. Ask for a new one if you still need access.",
  expired: "This invitation has expired. Ask the person who invited you to send it again.",
  revoked: "This invitation was withdrawn. Ask the person who invited you if you still need access.",
};

/** Joins the user to the invitation's organisation, role and teams: once, atomically, for the invited email only. */
async function acceptInTransaction(tx: Tx, user: { id: string; email: string; name: string | null }, token: string) {
  const orgId = await invitationOrgId(tx, hashSecret(token));
  if (!orgId) throw notFound("That invitation");
  // From here on the organisation is known: the rest runs as the app role, inside it.
  await enterTenant(tx, orgId);
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.tokenHash, hashSecret(token))))
    .for("update");
  if (!row) throw notFound("That invitation");
  const status = invitationStatus(row);
  if (status !== "pending") throw new AppError("conflict", refusal[status]);
  if (normaliseEmail(user.email) !== normaliseEmail(row.email)) {
    throw forbidden(
      `This invitation is for ${row.email}. You are signed in as ${user.email}: sign out and use the invited address.`,
    );
  }
  await tx.insert(memberships).values({ orgId: row.orgId, userId: user.id, role: row.role }).onConflictDoNothing();
  const validTeams = [...(await knownTeamIds(tx, row.orgId, row.teamIds))];
  if (validTeams.length) {
    await tx
      .insert(teamMembers)
      .values(validTeams.map((teamId) => ({ orgId: row.orgId, teamId, userId: user.id })))
      .onConflictDoNothing();
  }
  await tx
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: user.id })
    .where(and(eq(invitations.orgId, row.orgId), eq(invitations.id, row.id)));
  const [org] = await tx
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, row.orgId));
  await audit(
    tx,
    { org: org!, user: { id: user.id, email: user.email, name: user.name } },
    "invitation.accepted",
    { type: "invitation", id: row.id },
    { email: row.email, role: row.role },
  );
  return org!;
}

export async function acceptInvitation(user: SessionUser, token: string) {
  const db = await getDb();
  return db.transaction((tx) => acceptInTransaction(tx, user, token));
}

/** A new account for the invited email, joined to the organisation: all or nothing. */
export async function signUpWithInvitation(input: { token: string; name: string; password: string }) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const tokenHash = hashSecret(input.token);
      const orgId = await invitationOrgId(tx, tokenHash);
      const [row] = orgId
        ? await tx
            .select({ email: invitations.email })
            .from(invitations)
            .where(and(eq(invitations.orgId, orgId), eq(invitations.tokenHash, tokenHash)))
        : [];
      if (!row) throw notFound("That invitation");
      const [user] = await tx
        .insert(users)
        .values({ name: input.name, email: normaliseEmail(row.email), passwordHash })
        .returning({ id: users.id, email: users.email, name: users.name });
      const org = await acceptInTransaction(tx, user!, input.token);
      return { org, email: user!.email };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict("An account with this email already exists: sign in to accept the invitation.");
    throw error;
  }
}
