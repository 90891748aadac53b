import type { Role } from "@/db/schema/types";
import { forbidden } from "@/lib/errors";

const everyone: readonly Role[] = ["owner", "admin", "process_owner", "member", "viewer"];
const managers: readonly Role[] = ["owner", "admin"];

/** DESIGN.md's role matrix: the only place that says which role may do what. */
export const permissions = {
  "org.read": everyone,
  "measurements.write": ["owner", "admin", "process_owner", "member"],
  "streams.write": ["owner", "admin", "process_owner"],
  "reviews.write": ["owner", "admin", "process_owner"],
  "members.manage": managers,
  "teams.manage": managers,
  "tokens.manage": managers,
  "audit.read": managers,
  "settings.manage": managers,
  "org.manage": ["owner"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export function assertCan(ctx: { role: Role }, permission: Permission): void {
  if (!can(ctx.role, permission)) throw forbidden();
}

const rank: Record<Role, number> = { owner: 5, admin: 4, process_owner: 3, member: 2, viewer: 1 };

/** Admins manage everyone below owner; only owners grant, change or remove ownership. */
export function canManageRole(actor: Role, target: Role): boolean {
  if (!can(actor, "members.manage")) return false;
  return actor === "owner" || rank[target] < rank.owner;
}

export const roleLabels: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  process_owner: "Process owner",
  member: "Member",
  viewer: "Viewer",
};
