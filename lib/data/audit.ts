import "server-only";
import { and, count, desc, eq, gte, like, lt, or, sql } from "drizzle-orm";
import { alias, type AnyPgColumn, type PgTable } from "drizzle-orm/pg-core";
import {
  actions,
  apiTokens,
  auditLog,
  controls,
  invitations,
  kpis,
  resources,
  stages,
  streamScenarios,
  teams,
  users,
  valueStreams,
} from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan } from "@/lib/auth/permissions";
import { addDays, type IsoDate } from "@/lib/scoring";
import { withTenant } from "./tenant";

export const AUDIT_PAGE_SIZE = 50;
const subject = alias(users, "subject");
/** The kinds a reader filters by, each with the action prefixes it covers (one kind per concept). */
export const auditKindPrefixes = {
  organisation: ["organisation."],
  settings: ["settings."],
  member: ["member."],
  invitation: ["invitation."],
  team: ["team."],
  stream: ["stream.", "stream_link.", "scenario."],
  stage: ["stage.", "resource."],
  kpi: ["kpi."],
  measurement: ["measurement.", "measurements."],
  review: ["review."],
  action: ["action."],
  control: ["control."],
  token: ["token."],
} as const;
export type AuditKind = keyof typeof auditKindPrefixes;
export const auditKinds = Object.keys(auditKindPrefixes) as AuditKind[];

/**
 * What an entry concerns, named as it is today: each target type joins its table by (org_id, id). The
 * CASE casts the text target id only for its own type (a user id is no uuid), and keeps the index usable.
 */
const named: [type: string, table: PgTable & { orgId: AnyPgColumn; id: AnyPgColumn }, name: AnyPgColumn][] = [
  ["kpi", kpis, kpis.key],
  ["stream", valueStreams, valueStreams.name],
  ["stage", stages, stages.name],
  ["resource", resources, resources.name],
  ["team", teams, teams.name],
  ["scenario", streamScenarios, streamScenarios.name],
  ["action", actions, actions.title],
  ["control", controls, controls.requirement],
  ["api_token", apiTokens, apiTokens.name],
  ["invitation", invitations, invitations.email],
];

export interface AuditFilter {
  actorId?: string;
  kind?: AuditKind;
  from?: IsoDate;
  to?: IsoDate;
  page: number;
}

/** The organisation's audit log, newest first, filtered and paginated (admins and owners). */
export async function listAuditLog(ctx: OrgContext, filter: AuditFilter) {
  assertCan(ctx, "audit.read");
  const where = and(
    eq(auditLog.orgId, ctx.org.id),
    filter.actorId ? eq(auditLog.actorUserId, filter.actorId) : undefined,
    filter.kind ? or(...auditKindPrefixes[filter.kind].map((p) => like(auditLog.action, `${p}%`))) : undefined,
    filter.from ? gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditLog.createdAt, new Date(`${addDays(filter.to, 1)}T00:00:00Z`)) : undefined,
  );
  return withTenant(ctx, async (tx) => {
    let page = tx
      .select({
        id: auditLog.id,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        data: auditLog.data,
        createdAt: auditLog.createdAt,
        actorTokenId: auditLog.actorTokenId,
        actor: sql<string | null>`coalesce(${users.name}, ${users.email})`,
        // Whom a membership change concerned, or the KPI, stream, team… another entry is about.
        concerning: sql<string | null>`coalesce(${subject.name}, ${subject.email}, ${sql.join(
          named.map(([, , name]) => sql`${name}`),
          sql`, `,
        )})`,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .leftJoin(subject, and(eq(auditLog.targetType, "user"), eq(subject.id, auditLog.targetId)))
      .$dynamic();
    for (const [type, table] of named) {
      page = page.leftJoin(
        table,
        and(
          eq(table.orgId, auditLog.orgId),
          sql`${table.id} = case when ${auditLog.targetType} = ${type} then ${auditLog.targetId}::uuid end`,
        ),
      );
    }
    const [rows, [total]] = await Promise.all([
      page
        .where(where)
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(AUDIT_PAGE_SIZE)
        .offset((filter.page - 1) * AUDIT_PAGE_SIZE),
      tx.select({ n: count() }).from(auditLog).where(where),
    ]);
    return { rows, total: total?.n ?? 0, pages: Math.max(1, Math.ceil((total?.n ?? 0) / AUDIT_PAGE_SIZE)) };
  });
}
