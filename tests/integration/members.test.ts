import { beforeEach, describe, expect, test } from "vitest";
import { roles } from "@/db/schema/tenancy";
import type { Role } from "@/db/schema/types";
import { changeRole, listMembers, removeMember } from "@/lib/data/members";
import {
  addMembership,
  auditEntries,
  createTenants,
  ctxFor,
  expectAppError,
  getUser,
  roleOf,
  teamMemberIds,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

describe("listMembers", () => {
  test("shows the organisation's members only, with roles and teams", async () => {
    const members = await listMembers(orgA.ctx.viewer);
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
      roles.map((role) => [orgA.users[role].id, role]).sort(),
    );
    expect(members.find((m) => m.userId === orgA.users.member.id)?.teams).toEqual(["Production"]);
    expect(members.find((m) => m.userId === orgA.users.owner.id)?.teams).toEqual([]);
    const ids = members.map((m) => m.userId);
    for (const user of Object.values(orgB.users)) expect(ids).not.toContain(user.id);
  });

  test("a person in both organisations shows only each organisation's role and teams", async () => {
    await addMembership(orgB.org.id, orgA.users.member.id, "viewer");
    const inB = (await listMembers(orgB.ctx.owner)).find((m) => m.userId === orgA.users.member.id);
    expect(inB).toMatchObject({ role: "viewer", teams: [] });
    const inA = (await listMembers(orgA.ctx.owner)).find((m) => m.userId === orgA.users.member.id);
    expect(inA).toMatchObject({ role: "member", teams: ["Production"] });
  });
});

describe("who may manage members", () => {
  test.each(["process_owner", "member", "viewer"] as Role[])(
    "a %s may not change roles or remove members",
    async (role) => {
      const ctx = orgA.ctx[role];
      await expectAppError(changeRole(ctx, { userId: orgA.users.viewer.id, role: "member" }), "forbidden");
      await expectAppError(changeRole(ctx, { userId: ctx.user.id, role: "admin" }), "forbidden");
      await expectAppError(removeMember(ctx, { userId: orgA.users.viewer.id }), "forbidden");
      expect(await roleOf(orgA.org.id, orgA.users.viewer.id)).toBe("viewer");
      expect(await roleOf(orgA.org.id, ctx.user.id)).toBe(role);
      expect(await auditEntries(orgA.org.id)).toEqual([]);
    },
  );

  test("an admin changes the roles of non-owners, audited with from and to", async () => {
    await changeRole(orgA.ctx.admin, { userId: orgA.users.member.id, role: "process_owner" });
    expect(await roleOf(orgA.org.id, orgA.users.member.id)).toBe("process_owner");
    expect(await auditEntries(orgA.org.id, "member.role_changed")).toEqual([
      expect.objectContaining({
        actorUserId: orgA.users.admin.id,
        targetType: "user",
        targetId: orgA.users.member.id,
        data: { from: "member", to: "process_owner" },
      }),
    ]);
  });

  test("setting the role a member already has changes and audits nothing", async () => {
    await changeRole(orgA.ctx.admin, { userId: orgA.users.member.id, role: "member" });
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("an admin cannot grant ownership, nor change or remove an owner", async () => {
    await expectAppError(changeRole(orgA.ctx.admin, { userId: orgA.users.member.id, role: "owner" }), "forbidden");
    await expectAppError(changeRole(orgA.ctx.admin, { userId: orgA.users.admin.id, role: "owner" }), "forbidden");
    await expectAppError(changeRole(orgA.ctx.admin, { userId: orgA.users.owner.id, role: "viewer" }), "forbidden");
    await expectAppError(removeMember(orgA.ctx.admin, { userId: orgA.users.owner.id }), "forbidden");
    expect(await roleOf(orgA.org.id, orgA.users.member.id)).toBe("member");
    expect(await roleOf(orgA.org.id, orgA.users.admin.id)).toBe("admin");
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("an admin removes a member, audited", async () => {
    await removeMember(orgA.ctx.admin, { userId: orgA.users.viewer.id });
    expect(await roleOf(orgA.org.id, orgA.users.viewer.id)).toBeUndefined();
    expect(await auditEntries(orgA.org.id, "member.removed")).toEqual([
      expect.objectContaining({
        actorUserId: orgA.users.admin.id,
        targetId: orgA.users.viewer.id,
        data: { role: "viewer" },
      }),
    ]);
  });

  test("an owner grants ownership, and then an owner may step down", async () => {
    await changeRole(orgA.ctx.owner, { userId: orgA.users.admin.id, role: "owner" });
    await changeRole(orgA.ctx.owner, { userId: orgA.users.owner.id, role: "member" });
    expect(await roleOf(orgA.org.id, orgA.users.admin.id)).toBe("owner");
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("member");
  });
});

describe("the last owner", () => {
  test.each(["admin", "process_owner", "member", "viewer"] as Role[])("cannot be demoted to %s", async (role) => {
    const error = await expectAppError(changeRole(orgA.ctx.owner, { userId: orgA.users.owner.id, role }), "conflict");
    expect(error.message).toMatch(/at least one owner/);
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("cannot be removed", async () => {
    await expectAppError(removeMember(orgA.ctx.owner, { userId: orgA.users.owner.id }), "conflict");
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("one of two owners can be removed by the other", async () => {
    await changeRole(orgA.ctx.owner, { userId: orgA.users.admin.id, role: "owner" });
    await removeMember(ctxFor(orgA.users.admin, orgA.org, "owner"), { userId: orgA.users.owner.id });
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBeUndefined();
    // ...and then the remaining one is the last owner.
    await expectAppError(
      removeMember(ctxFor(orgA.users.admin, orgA.org, "owner"), { userId: orgA.users.admin.id }),
      "conflict",
    );
  });

  test("two owners demoting each other at once leave one owner", async () => {
    await changeRole(orgA.ctx.owner, { userId: orgA.users.admin.id, role: "owner" });
    const second = ctxFor(orgA.users.admin, orgA.org, "owner");
    const results = await Promise.allSettled([
      changeRole(orgA.ctx.owner, { userId: orgA.users.admin.id, role: "member" }),
      changeRole(second, { userId: orgA.users.owner.id, role: "member" }),
    ]);
    const owners = await Promise.all([
      roleOf(orgA.org.id, orgA.users.owner.id),
      roleOf(orgA.org.id, orgA.users.admin.id),
    ]);
    expect(owners.filter((r) => r === "owner")).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ name: "AppError", code: "conflict" });
  });
});

describe("removal and sessions", () => {
  test("removal from a user's last organisation ends their sessions (session version bumped)", async () => {
    const before = (await getUser(orgA.users.member.id))!.sessionVersion;
    await removeMember(orgA.ctx.owner, { userId: orgA.users.member.id });
    expect((await getUser(orgA.users.member.id))!.sessionVersion).toBe(before + 1);
    // Leaving the organisation also leaves its teams.
    expect(await teamMemberIds(orgA.org.id, orgA.teams.production.id)).toEqual([orgA.users.process_owner.id]);
  });

  test("removal from one of two organisations keeps their sessions and the other membership", async () => {
    const user = orgA.users.member;
    await addMembership(orgB.org.id, user.id, "viewer");
    const before = (await getUser(user.id))!.sessionVersion;
    await removeMember(orgA.ctx.owner, { userId: user.id });
    expect((await getUser(user.id))!.sessionVersion).toBe(before);
    expect(await roleOf(orgA.org.id, user.id)).toBeUndefined();
    expect(await roleOf(orgB.org.id, user.id)).toBe("viewer");
  });
});

describe("tenant isolation", () => {
  test("organisation B's members are not found from organisation A, and stay unchanged", async () => {
    const target = orgB.users.member.id;
    await expectAppError(changeRole(orgA.ctx.owner, { userId: target, role: "viewer" }), "not_found");
    await expectAppError(removeMember(orgA.ctx.owner, { userId: target }), "not_found");
    await expectAppError(removeMember(orgA.ctx.owner, { userId: orgB.users.owner.id }), "not_found");
    expect(await roleOf(orgB.org.id, target)).toBe("member");
    expect(await roleOf(orgB.org.id, orgB.users.owner.id)).toBe("owner");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test("a role change in A leaves the same person's role in B alone", async () => {
    await addMembership(orgB.org.id, orgA.users.member.id, "viewer");
    await changeRole(orgA.ctx.owner, { userId: orgA.users.member.id, role: "admin" });
    expect(await roleOf(orgA.org.id, orgA.users.member.id)).toBe("admin");
    expect(await roleOf(orgB.org.id, orgA.users.member.id)).toBe("viewer");
  });
});
