import { beforeEach, describe, expect, test } from "vitest";
import type { Role } from "@/db/schema/types";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  removeTeamMember,
  renameTeam,
} from "@/lib/data/teams";
import {
  auditEntries,
  createTenants,
  createUser,
  expectAppError,
  teamMemberIds,
  token,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

const nonManagers: Role[] = ["process_owner", "member", "viewer"];

describe("listTeams and getTeam", () => {
  test("list only the organisation's own teams, with member counts", async () => {
    const teams = await listTeams(orgA.ctx.viewer);
    expect(teams).toEqual([
      { id: orgA.teams.delivery.id, name: "Delivery", memberCount: 0 },
      { id: orgA.teams.production.id, name: "Production", memberCount: 2 },
    ]);
  });

  test("a team shows its members and, as candidates, only the organisation's other members", async () => {
    const team = await getTeam(orgA.ctx.member, orgA.teams.production.id);
    expect(team.name).toBe("Production");
    expect(team.members.map((m) => m.userId).sort()).toEqual(
      [orgA.users.process_owner.id, orgA.users.member.id].sort(),
    );
    expect(team.candidates.map((m) => m.userId).sort()).toEqual(
      [orgA.users.owner.id, orgA.users.admin.id, orgA.users.viewer.id].sort(),
    );
    const everyone = [...team.members, ...team.candidates].map((m) => m.userId);
    for (const user of Object.values(orgB.users)) expect(everyone).not.toContain(user.id);
  });
});

describe("managing teams", () => {
  test("an admin creates, renames and deletes a team, each change audited", async () => {
    const ctx = orgA.ctx.admin;
    const team = await createTeam(ctx, { name: "Marketing" });
    expect(team).toMatchObject({ orgId: orgA.org.id, name: "Marketing" });
    expect((await listTeams(ctx)).map((t) => t.name)).toEqual(["Delivery", "Marketing", "Production"]);

    await renameTeam(ctx, { teamId: team.id, name: "Growth" });
    expect((await getTeam(ctx, team.id)).name).toBe("Growth");

    await deleteTeam(ctx, { teamId: team.id });
    await expectAppError(getTeam(ctx, team.id), "not_found");

    expect((await auditEntries(orgA.org.id)).map((e) => [e.action, e.actorUserId, e.targetId, e.data])).toEqual([
      ["team.created", orgA.users.admin.id, team.id, { name: "Marketing" }],
      ["team.renamed", orgA.users.admin.id, team.id, { from: "Marketing", to: "Growth" }],
      ["team.deleted", orgA.users.admin.id, team.id, { name: "Growth" }],
    ]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test.each([["Production"], ["production"], ["PRODUCTION"]])(
    "creating %j next to Production is a conflict on the name, and nothing is written",
    async (name) => {
      const error = await expectAppError(createTeam(orgA.ctx.owner, { name }), "conflict");
      expect(error.fields).toHaveProperty("name");
      expect(await listTeams(orgA.ctx.owner)).toHaveLength(2);
      expect(await auditEntries(orgA.org.id)).toEqual([]);
    },
  );

  test("renaming onto another team's name (in another case) is a conflict; the team keeps its name", async () => {
    await expectAppError(
      renameTeam(orgA.ctx.owner, { teamId: orgA.teams.delivery.id, name: "PRODUCTION" }),
      "conflict",
    );
    expect((await getTeam(orgA.ctx.owner, orgA.teams.delivery.id)).name).toBe("Delivery");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("renaming a team to its own name in another case is allowed", async () => {
    await renameTeam(orgA.ctx.owner, { teamId: orgA.teams.delivery.id, name: "DELIVERY" });
    expect((await getTeam(orgA.ctx.owner, orgA.teams.delivery.id)).name).toBe("DELIVERY");
  });

  test("team names are unique per organisation, not globally", async () => {
    const name = `Shared ${token()}`;
    await createTeam(orgA.ctx.owner, { name });
    await expect(createTeam(orgB.ctx.owner, { name })).resolves.toMatchObject({ orgId: orgB.org.id, name });
  });

  test("adding and removing team members", async () => {
    const ctx = orgA.ctx.admin;
    const teamId = orgA.teams.delivery.id;
    await addTeamMember(ctx, { teamId, userId: orgA.users.viewer.id });
    // Adding twice changes nothing and is audited once.
    await addTeamMember(ctx, { teamId, userId: orgA.users.viewer.id });
    expect(await teamMemberIds(orgA.org.id, teamId)).toEqual([orgA.users.viewer.id]);
    expect((await listTeams(ctx)).find((t) => t.id === teamId)?.memberCount).toBe(1);

    await removeTeamMember(ctx, { teamId, userId: orgA.users.viewer.id });
    expect(await teamMemberIds(orgA.org.id, teamId)).toEqual([]);
    await expectAppError(removeTeamMember(ctx, { teamId, userId: orgA.users.viewer.id }), "not_found");

    expect((await auditEntries(orgA.org.id)).map((e) => [e.action, e.data])).toEqual([
      ["team.member_added", { userId: orgA.users.viewer.id }],
      ["team.member_removed", { userId: orgA.users.viewer.id }],
    ]);
  });

  test("deleting a team removes its memberships of the team, not of the organisation", async () => {
    await deleteTeam(orgA.ctx.owner, { teamId: orgA.teams.production.id });
    expect(await teamMemberIds(orgA.org.id, orgA.teams.production.id)).toEqual([]);
    expect((await getTeam(orgA.ctx.owner, orgA.teams.delivery.id)).candidates).toHaveLength(5);
  });

  test.each(nonManagers)("a %s can read teams but not change them (forbidden)", async (role) => {
    const ctx = orgA.ctx[role];
    const teamId = orgA.teams.production.id;
    await expect(listTeams(ctx)).resolves.toHaveLength(2);
    await expectAppError(createTeam(ctx, { name: "Nope" }), "forbidden");
    await expectAppError(renameTeam(ctx, { teamId, name: "Nope" }), "forbidden");
    await expectAppError(deleteTeam(ctx, { teamId }), "forbidden");
    await expectAppError(addTeamMember(ctx, { teamId, userId: orgA.users.viewer.id }), "forbidden");
    await expectAppError(removeTeamMember(ctx, { teamId, userId: orgA.users.member.id }), "forbidden");
    expect(await listTeams(orgA.ctx.owner)).toEqual([
      { id: orgA.teams.delivery.id, name: "Delivery", memberCount: 0 },
      { id: orgA.teams.production.id, name: "Production", memberCount: 2 },
    ]);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });
});

describe("tenant isolation", () => {
  test("organisation B's team ids are not found from organisation A, and B's teams are unchanged", async () => {
    const ctx = orgA.ctx.owner;
    const bTeam = orgB.teams.production.id;
    const bBefore = await getTeam(orgB.ctx.owner, bTeam);

    await expectAppError(getTeam(ctx, bTeam), "not_found");
    await expectAppError(renameTeam(ctx, { teamId: bTeam, name: "Hijacked" }), "not_found");
    await expectAppError(deleteTeam(ctx, { teamId: bTeam }), "not_found");
    await expectAppError(addTeamMember(ctx, { teamId: bTeam, userId: orgA.users.viewer.id }), "not_found");
    await expectAppError(addTeamMember(ctx, { teamId: bTeam, userId: orgB.users.viewer.id }), "not_found");
    await expectAppError(removeTeamMember(ctx, { teamId: bTeam, userId: orgB.users.member.id }), "not_found");

    expect(await getTeam(orgB.ctx.owner, bTeam)).toEqual(bBefore);
    expect(await listTeams(orgB.ctx.owner)).toEqual([
      { id: orgB.teams.delivery.id, name: "Delivery", memberCount: 0 },
      { id: orgB.teams.production.id, name: "Production", memberCount: 2 },
    ]);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test("a member of organisation B cannot be added to A's team (not found)", async () => {
    await expectAppError(
      addTeamMember(orgA.ctx.owner, { teamId: orgA.teams.delivery.id, userId: orgB.users.member.id }),
      "not_found",
    );
    const stranger = await createUser();
    await expectAppError(
      addTeamMember(orgA.ctx.owner, { teamId: orgA.teams.delivery.id, userId: stranger.id }),
      "not_found",
    );
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([]);
  });

  test("a team id that exists nowhere is not found", async () => {
    await expectAppError(getTeam(orgA.ctx.owner, crypto.randomUUID()), "not_found");
  });
});
