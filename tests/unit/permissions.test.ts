import { describe, expect, test } from "vitest";
import { roles } from "@/db/schema/tenancy";
import type { Role } from "@/db/schema/types";
import {
  assertCan,
  can,
  canEditStream,
  canManageRole,
  canRecordMeasurement,
  permissions,
  roleLabels,
  type Permission,
} from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

// DESIGN.md's role matrix, row by row (✓ = allowed; "own streams" / "own teams' KPIs" count as ✓ here,
// the narrower scope is checked by the data layer against the stream or team).
//                                                          owner  admin  p_owner member viewer
const matrix: [row: string, Permission, [boolean, boolean, boolean, boolean, boolean]][] = [
  ["read dashboards, streams, KPIs, reviews", "org.read", [true, true, true, true, true]],
  ["record measurements", "measurements.write", [true, true, true, true, false]],
  ["create/edit streams, stages, resources, KPIs", "streams.write", [true, true, true, false, false]],
  ["run reviews, create/assign actions", "reviews.write", [true, true, true, false, false]],
  ["comment, own actions (and the controls one owns)", "assigned.update", [true, true, true, true, false]],
  [
    "hand a stream to another owner (a process owner's streams are their own)",
    "streams.assign",
    [true, true, false, false, false],
  ],
  ["invite, change roles, remove members", "members.manage", [true, true, false, false, false]],
  ["manage teams", "teams.manage", [true, true, false, false, false]],
  ["manage API tokens", "tokens.manage", [true, true, false, false, false]],
  ["read the audit log", "audit.read", [true, true, false, false, false]],
  ["organisation settings (admin surface)", "settings.manage", [true, true, false, false, false]],
  ["rename/delete organisation, transfer ownership", "org.manage", [true, false, false, false, false]],
];

const cases = matrix.flatMap(([row, permission, allowed]) =>
  roles.map((role, i) => ({ row, permission, role, allowed: allowed[i]! })),
);

describe("can()", () => {
  test.each(cases)("$permission ($row): $role → $allowed", ({ permission, role, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  test("the matrix above covers every permission the app defines", () => {
    expect(matrix.map(([, p]) => p).sort()).toEqual(Object.keys(permissions).sort());
  });

  test("roles are ordered owner > admin > process_owner > member > viewer", () => {
    expect(roles).toEqual(["owner", "admin", "process_owner", "member", "viewer"]);
  });
});

describe("assertCan()", () => {
  test.each(cases.filter((c) => !c.allowed))("$role may not $permission: forbidden", ({ permission, role }) => {
    expect(() => assertCan({ role }, permission)).toThrow(AppError);
    try {
      assertCan({ role }, permission);
    } catch (error) {
      expect((error as AppError).code).toBe("forbidden");
    }
  });

  test.each(cases.filter((c) => c.allowed))("$role may $permission", ({ permission, role }) => {
    expect(() => assertCan({ role }, permission)).not.toThrow();
  });
});

describe("canManageRole(actor, target)", () => {
  //                                  target: owner  admin  p_owner member viewer
  const table: Record<Role, boolean[]> = {
    owner: [true, true, true, true, true],
    admin: [false, true, true, true, true],
    process_owner: [false, false, false, false, false],
    member: [false, false, false, false, false],
    viewer: [false, false, false, false, false],
  };
  const rows = roles.flatMap((actor) => roles.map((target, i) => ({ actor, target, expected: table[actor][i]! })));

  test.each(rows)("$actor → $target: $expected", ({ actor, target, expected }) => {
    expect(canManageRole(actor, target)).toBe(expected);
  });
});

// The scoped cells of the matrix: "process_owner ✓ (own streams)", "member ✓ (own teams' KPIs)".
describe("canEditStream (create/edit streams, stages, resources, KPIs)", () => {
  const me = "user-me";
  test.each([
    ["owner", "someone-else", true],
    ["owner", null, true],
    ["admin", "someone-else", true],
    ["process_owner", me, true],
    ["process_owner", "someone-else", false],
    ["process_owner", null, false],
    ["member", me, false],
    ["viewer", me, false],
  ] as [Role, string | null, boolean][])("%s, stream owned by %s → %s", (role, ownerId, expected) => {
    expect(canEditStream({ role, user: { id: me } }, { ownerId })).toBe(expected);
  });
});

describe("canRecordMeasurement", () => {
  const me = "user-me";
  const myTeams = new Set(["team-mine"]);
  //        role            stream owner     KPI team      allowed
  test.each([
    ["owner", "someone-else", "team-other", true],
    ["owner", null, null, true],
    ["admin", "someone-else", "team-other", true],
    ["process_owner", me, "team-other", true],
    ["process_owner", me, null, true],
    ["process_owner", "someone-else", "team-mine", true],
    ["process_owner", "someone-else", "team-other", false],
    ["process_owner", null, null, false],
    ["member", "someone-else", "team-mine", true],
    ["member", me, "team-other", false],
    ["member", "someone-else", null, false],
    ["viewer", me, "team-mine", false],
  ] as [Role, string | null, string | null, boolean][])(
    "%s, stream owner %s, KPI team %s → %s",
    (role, streamOwnerId, teamId, expected) => {
      expect(canRecordMeasurement({ role, user: { id: me } }, { streamOwnerId, teamId }, myTeams)).toBe(expected);
    },
  );

  test("agrees with the matrix row: a role without measurements.write never records", () => {
    for (const role of roles) {
      if (can(role, "measurements.write")) continue;
      expect(
        canRecordMeasurement({ role, user: { id: me } }, { streamOwnerId: me, teamId: "team-mine" }, myTeams),
      ).toBe(false);
    }
  });
});

test("every role has a label", () => {
  for (const role of roles) expect(roleLabels[role]).toMatch(/\S/);
});
