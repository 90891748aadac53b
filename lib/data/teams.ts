import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { memberships, teamMembers, teams, users } from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import type { OrgContext } from "@/lib/auth/org-context";
import { conflict, notFound } from "@/lib/errors";
import { audit, isUniqueViolation, withTenant } from "./tenant";
import type { Tx } from "@/db/client";

/** Which of `teamIds` are teams of the organisation `orgId` (one query; none asked, none read). */
export async function knownTeamIds(tx: Tx, orgId: string, teamIds: readonly string[]): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set();
  const found = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), inArray(teams.id, [...teamIds])));
  return new Set(found.map((t) => t.id));
}

/** The field message for a team given that is not one of the organisation's. */
export const teamMissing = "Choose a team from this organisation.";

const duplicateName = () => conflict("A team with that name already exists.", "name");

export async function listTeams(ctx: OrgContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: teams.id, name: teams.name, memberCount: count(teamMembers.userId) })
      .from(teams)
      .leftJoin(teamMembers, and(eq(teamMembers.orgId, teams.orgId), eq(teamMembers.teamId, teams.id)))
      .where(eq(teams.orgId, ctx.org.id))
      .groupBy(teams.orgId, teams.id)
      .orderBy(asc(sql`lower(${teams.name})`)),
  );
}

/**
 * The team `teamId` of this organisation, or `missing()` thrown (by default: not found): the one place
 * that checks a team given by a caller exists in the organisation.
 */
export async function findTeam(tx: Tx, ctx: OrgContext, teamId: string, missing = () => notFound("That team")) {
  const [team] = await tx
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.orgId, ctx.org.id), eq(teams.id, teamId)));
  if (!team) throw missing();
  return team;
}

/** A team with its members and the organisation members who could join it. */
export async function getTeam(ctx: OrgContext, teamId: string) {
  return withTenant(ctx, async (tx) => {
    const team = await findTeam(tx, ctx, teamId);
    const people = await tx
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        inTeam: sql<boolean>`${teamMembers.userId} is not null`,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(
        teamMembers,
        and(
          eq(teamMembers.orgId, memberships.orgId),
          eq(teamMembers.userId, memberships.userId),
          eq(teamMembers.teamId, teamId),
        ),
      )
      .where(eq(memberships.orgId, ctx.org.id))
      .orderBy(asc(sql`coalesce(${users.name}, ${users.email})`));
    return {
      ...team,
      members: people.filter((p) => p.inTeam),
      candidates: people.filter((p) => !p.inTeam),
    };
  });
}

export async function createTeam(ctx: OrgContext, input: { name: string }) {
  assertCan(ctx, "teams.manage");
  try {
    return await withTenant(ctx, async (tx) => {
      const [team] = await tx.insert(teams).values({ orgId: ctx.org.id, name: input.name }).returning();
      await audit(tx, ctx, "team.created", { type: "team", id: team!.id }, { name: input.name });
      return team!;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateName() : error;
  }
}

export async function renameTeam(ctx: OrgContext, input: { teamId: string; name: string }) {
  assertCan(ctx, "teams.manage");
  try {
    await withTenant(ctx, async (tx) => {
      const team = await findTeam(tx, ctx, input.teamId);
      await tx
        .update(teams)
        .set({ name: input.name })
        .where(and(eq(teams.orgId, ctx.org.id), eq(teams.id, team.id)));
      await audit(tx, ctx, "team.renamed", { type: "team", id: team.id }, { from: team.name, to: input.name });
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateName() : error;
  }
}

export async function deleteTeam(ctx: OrgContext, input: { teamId: string }) {
  assertCan(ctx, "teams.manage");
  await withTenant(ctx, async (tx) => {
    const team = await findTeam(tx, ctx, input.teamId);
    await tx.delete(teams).where(and(eq(teams.orgId, ctx.org.id), eq(teams.id, team.id)));
    await audit(tx, ctx, "team.deleted", { type: "team", id: team.id }, { name: team.name });
  });
}

export async function addTeamMember(ctx: OrgContext, input: { teamId: string; userId: string }) {
  assertCan(ctx, "teams.manage");
  await withTenant(ctx, async (tx) => {
    const team = await findTeam(tx, ctx, input.teamId);
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, input.userId)));
    if (!member) throw notFound("That member");
    const added = await tx
      .insert(teamMembers)
      .values({ orgId: ctx.org.id, teamId: team.id, userId: member.userId })
      .onConflictDoNothing()
      .returning();
    if (added.length > 0) {
      await audit(tx, ctx, "team.member_added", { type: "team", id: team.id }, { userId: member.userId });
    }
  });
}

export async function removeTeamMember(ctx: OrgContext, input: { teamId: string; userId: string }) {
  assertCan(ctx, "teams.manage");
  await withTenant(ctx, async (tx) => {
    const team = await findTeam(tx, ctx, input.teamId);
    const removed = await tx
      .delete(teamMembers)
      .where(
        and(eq(teamMembers.orgId, ctx.org.id), eq(teamMembers.teamId, team.id), eq(teamMembers.userId, input.userId)),
      )
      .returning();
    if (removed.length === 0) throw notFound("That team member");
    await audit(tx, ctx, "team.member_removed", { type: "team", id: team.id }, { userId: input.userId });
  });
}
