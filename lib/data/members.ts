import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { memberships, organisations, teamMembers, teams, users } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, canManageRole, roleLabels } from "@/lib/auth/permissions";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { audit, withTenant } from "./tenant";
import { userMembershipsAs } from "./tenant-lookups";

export async function listMembers(ctx: OrgContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
        teams: sql<
          string[]
        >`coalesce(array_agg(${teams.name} order by lower(${teams.name})) filter (where ${teams.id} is not null), '{}')`,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(teamMembers, and(eq(teamMembers.orgId, memberships.orgId), eq(teamMembers.userId, memberships.userId)))
      .leftJoin(teams, and(eq(teams.orgId, teamMembers.orgId), eq(teams.id, teamMembers.teamId)))
      .where(eq(memberships.orgId, ctx.org.id))
      .groupBy(users.id, memberships.role, memberships.createdAt)
      .orderBy(asc(sql`lower(coalesce(${users.name}, ${users.email}))`)),
  );
}

/** Locks the organisation's owner rows so two concurrent demotions cannot remove the last owner. */
async function ownerCount(tx: Tx, orgId: string): Promise<number> {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")))
    .for("update");
  return owners.length;
}

async function findMember(tx: Tx, ctx: OrgContext, userId: string) {
  // Membership changes in one organisation take turns: without this, two owners demoting each other
  // at once each lock their target's row, then wait on the other's in ownerCount (a deadlock).
  // NO KEY UPDATE does not block the foreign-key checks of other inserts into the organisation.
  await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, ctx.org.id))
    .for("no key update");
  const [member] = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, userId)))
    .for("update");
  if (!member) throw notFound("That member");
  return member;
}

const lastOwner = () =>
  new AppError("conflict", "An organisation needs at least one owner. Make someone else an owner first.");

export async function changeRole(ctx: OrgContext, input: { userId: string; role: Role }) {
  assertCan(ctx, "members.manage");
  await withTenant(ctx, async (tx) => {
    const member = await findMember(tx, ctx, input.userId);
    if (!canManageRole(ctx.role, member.role) || !canManageRole(ctx.role, input.role)) {
      throw forbidden(`Only an owner can grant or change the ${roleLabels.owner.toLowerCase()} role.`);
    }
    if (member.role === input.role) return;
    if (member.role === "owner" && (await ownerCount(tx, ctx.org.id)) <= 1) throw lastOwner();
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, member.userId)));
    await audit(
      tx,
      ctx,
      "member.role_changed",
      { type: "user", id: member.userId },
      { from: member.role, to: input.role },
    );
  });
}

export async function removeMember(ctx: OrgContext, input: { userId: string }) {
  assertCan(ctx, "members.manage");
  await withTenant(ctx, async (tx) => {
    const member = await findMember(tx, ctx, input.userId);
    if (!canManageRole(ctx.role, member.role)) throw forbidden("Only an owner can remove an owner.");
    if (member.role === "owner" && (await ownerCount(tx, ctx.org.id)) <= 1) throw lastOwner();
    await tx.delete(memberships).where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, member.userId)));
    // Someone who belongs to no organisation any more keeps no session (their other organisations
    // are out of this tenant's sight: ask the membership lookup).
    const [remaining] = await tx.select({ n: sql<number>`count(*)::int` }).from(userMembershipsAs(member.userId));
    if (remaining!.n === 0) {
      await tx
        .update(users)
        .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, member.userId));
    }
    await audit(tx, ctx, "member.removed", { type: "user", id: member.userId }, { role: member.role });
  });
}

/** The owner hands ownership to another member and stays on as admin. */
export async function transferOwnership(ctx: OrgContext, input: { userId: string }) {
  assertCan(ctx, "org.manage");
  if (input.userId === ctx.user.id) throw new AppError("validation", "Choose another member to transfer ownership to.");
  await withTenant(ctx, async (tx) => {
    const member = await findMember(tx, ctx, input.userId);
    await tx
      .update(memberships)
      .set({ role: "owner" })
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, member.userId)));
    await tx
      .update(memberships)
      .set({ role: "admin" })
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, ctx.user.id)));
    await audit(
      tx,
      ctx,
      "organisation.ownership_transferred",
      { type: "user", id: member.userId },
      { from: ctx.user.id, previousRole: member.role },
    );
  });
}
