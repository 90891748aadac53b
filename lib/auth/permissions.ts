import type { Role } from "@/db/schema/types";
import { forbidden } from "@/lib/errors";

const everyone: readonly Role[] = ["owner", "admin", "process_owner", "member", "viewer"];
const managers: readonly Role[] = ["owner", "admin"];

/** DESIGN.md's role matrix: the only place that says which role may do what. */
export const permissions = {
  "org.read": everyone,
  "measurements.write": ["owner", "admin", "process_owner", "member"],
  /** Change the follow-up actions and the controls assigned to them (and comment): not viewers. */
  "assigned.update": ["owner", "admin", "process_owner", "member"],
  "streams.write": ["owner", "admin", "process_owner"],
  /** Choose or change who owns a stream: a process owner's streams are their own. */
  "streams.assign": managers,
  "reviews.write": ["owner", "admin", "process_owner"],
  "members.manage": managers,
  "teams.manage": managers,
  "tokens.manage": managers,
  "audit.read": managers,
  "settings.manage": managers,
  /** Rename or delete the organisation, transfer ownership. */
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

/** Owners and admins edit every stream; a process owner edits the streams they own. */
export function canEditStream(ctx: { role: Role; user: { id: string } }, stream: { ownerId: string | null }): boolean {
  if (!can(ctx.role, "streams.write")) return false;
  return ctx.role !== "process_owner" || stream.ownerId === ctx.user.id;
}

/**
 * Owners and admins record for every KPI; a process owner for the KPIs of streams they own; a member
 * for the KPIs of their teams; a viewer never.
 */
export function canRecordMeasurement(
  ctx: { role: Role; user: { id: string } },
  kpi: { streamOwnerId: string | null; teamId: string | null },
  memberTeamIds: ReadonlySet<string>,
): boolean {
  switch (ctx.role) {
    case "owner":
    case "admin":
      return true;
    case "process_owner":
      return kpi.streamOwnerId === ctx.user.id || (kpi.teamId !== null && memberTeamIds.has(kpi.teamId));
    case "member":
      return kpi.teamId !== null && memberTeamIds.has(kpi.teamId);
    default:
      return false;
  }
}
