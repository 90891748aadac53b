import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/db/client";
import type { z } from "zod";
import {
  auditLog,
  measurements,
  memberships,
  organisations,
  orgSettings,
  outbox,
  roles,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { hashPassword } from "@/lib/auth/password";
import type { OrgContext } from "@/lib/auth/org-context";
import type { SessionUser } from "@/lib/auth/session";
import { createKpi } from "@/lib/data/kpis";
import { createStream } from "@/lib/data/streams";
import { AppError, type ErrorCode } from "@/lib/errors";
import { createKpiSchema } from "@/lib/validations/kpi";
import { createStreamSchema } from "@/lib/validations/stream";

// On a Postgres server every test file shares one database that is never emptied: fixtures use
// random emails and slugs, and tests only look at rows they created.

export const token = (bytes = 4) => randomBytes(bytes).toString("hex");
export const randomEmail = (label = "user") => `${label}.${token(6)}@test.flowline.example`;
export const randomSlug = (label = "org") => `${label}-${token(5)}`;
/** A client address for the sign-in limiter that no other test shares. */
export const randomAddress = () => `test-${token(8)}`;

export interface TestUser extends SessionUser {
  sessionVersion: number;
}

export async function createUser(opts: { name?: string; email?: string; password?: string } = {}): Promise<TestUser> {
  const db = await getDb();
  const [user] = await db
    .insert(users)
    .values({
      name: opts.name ?? "Test User",
      email: opts.email ?? randomEmail(),
      // Hashing costs ~10 ms: only users who sign in get a password.
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
    })
    .returning({ id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion });
  return user!;
}

export async function getUser(id: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export function ctxFor(user: SessionUser, org: OrgFixture["org"], role: Role): OrgContext {
  return { user: { id: user.id, email: user.email, name: user.name }, org, role };
}

export async function addMembership(orgId: string, userId: string, role: Role): Promise<void> {
  const db = await getDb();
  await db.insert(memberships).values({ orgId, userId, role });
}

export interface OrgFixture {
  org: { id: string; slug: string; name: string };
  /** One member per role. */
  users: Record<Role, TestUser>;
  /** The context each of those members acts in. */
  ctx: Record<Role, OrgContext>;
  /** "Production" (with the process owner and the member in it) and "Delivery" (empty). */
  teams: { production: { id: string; name: string }; delivery: { id: string; name: string } };
}

/** An organisation with settings, one member per role and two teams, written directly (no audit rows). */
export async function createOrg(label: string): Promise<OrgFixture> {
  const db = await getDb();
  const [org] = await db
    .insert(organisations)
    .values({ name: `${label} Org ${token(2)}`, slug: randomSlug(label.toLowerCase()) })
    .returning({ id: organisations.id, slug: organisations.slug, name: organisations.name });
  await db.insert(orgSettings).values({ orgId: org!.id });

  const members = await Promise.all(
    roles.map(
      async (role) =>
        [role, await createUser({ name: `${label} ${role}`, email: randomEmail(`${label}-${role}`) })] as const,
    ),
  );
  const byRole = Object.fromEntries(members) as Record<Role, TestUser>;
  await db.insert(memberships).values(members.map(([role, user]) => ({ orgId: org!.id, userId: user.id, role })));

  // Both organisations use the same team names, so only ids tell them apart.
  const [production, delivery] = await db
    .insert(teams)
    .values([
      { orgId: org!.id, name: "Production" },
      { orgId: org!.id, name: "Delivery" },
    ])
    .returning({ id: teams.id, name: teams.name });
  await db.insert(teamMembers).values([
    { orgId: org!.id, teamId: production!.id, userId: byRole.process_owner.id },
    { orgId: org!.id, teamId: production!.id, userId: byRole.member.id },
  ]);

  const ctx = Object.fromEntries(roles.map((role) => [role, ctxFor(byRole[role], org!, role)])) as Record<
    Role,
    OrgContext
  >;
  return { org: org!, users: byRole, ctx, teams: { production: production!, delivery: delivery! } };
}

/**
 * Always two organisations, each with its own members and teams, so that a query which forgets
 * its organisation returns or changes the other one's rows and fails a test.
 */
export async function createTenants(): Promise<{ orgA: OrgFixture; orgB: OrgFixture }> {
  const [orgA, orgB] = await Promise.all([createOrg("Alpha"), createOrg("Beta")]);
  return { orgA, orgB };
}

export async function auditEntries(orgId: string, action?: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(action ? and(eq(auditLog.orgId, orgId), eq(auditLog.action, action)) : eq(auditLog.orgId, orgId))
    .orderBy(asc(auditLog.id));
}

export async function teamMemberIds(orgId: string, teamId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.teamId, teamId)));
  return rows.map((r) => r.userId).sort();
}

export async function roleOf(orgId: string, userId: string): Promise<Role | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role;
}

/** Awaits `promise` and checks that it failed with an AppError of `code`. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected an AppError with code "${code}"`).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

// ---- Value streams, KPIs and measurements --------------------------------------------------------

type CreateStreamInput = z.input<typeof createStreamSchema>;
type CreateKpiInput = z.input<typeof createKpiSchema>;

/** Creates a stream through createStreamSchema (as the form and the API do): blank unless a template is named. */
export async function createTestStream(ctx: OrgContext, input: Partial<CreateStreamInput> = {}) {
  return createStream(ctx, createStreamSchema.parse({ name: `Stream ${token(2)}`, kind: "custom", ...input }));
}

/** Creates a KPI through createKpiSchema: by default an output KPI, higher is better, 10 → 20 a month. */
export async function createTestKpi(ctx: OrgContext, streamId: string, input: Partial<CreateKpiInput> = {}) {
  return createKpi(
    ctx,
    createKpiSchema.parse({
      streamId,
      name: `KPI ${token(2)}`,
      kind: "output",
      unit: "units",
      direction: "increase",
      baseline: 10,
      target: 20,
      cadence: "month",
      ...input,
    }),
  );
}

/** The organisation's measurements (all KPIs, or one), ordered by KPI and period. */
export async function measurementRows(orgId: string, kpiId?: string) {
  const db = await getDb();
  return db
    .select({
      kpiId: measurements.kpiId,
      period: measurements.period,
      value: measurements.value,
      note: measurements.note,
      recordedBy: measurements.recordedBy,
    })
    .from(measurements)
    .where(kpiId ? and(eq(measurements.orgId, orgId), eq(measurements.kpiId, kpiId)) : eq(measurements.orgId, orgId))
    .orderBy(asc(measurements.kpiId), asc(measurements.period));
}

/** How many measurements the organisation has. */
export async function measurementCount(orgId: string): Promise<number> {
  return (await measurementRows(orgId)).length;
}

// ---- Mail, secrets and audit -----------------------------------------------------------------------

/** SHA-256 in hex, computed here rather than with the app's helper, to check how secrets are stored. */
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The mails that went to the outbox (no SMTP_URL) for one address, oldest first. */
export async function outboxTo(email: string) {
  const db = await getDb();
  return db.select().from(outbox).where(eq(outbox.to, email)).orderBy(asc(outbox.id));
}

/**
 * Runs `work` while the database refuses every audit entry of the organisation (a NOT VALID check
 * constraint naming its id, so other organisations and test files are unaffected), and answers what
 * `work` threw. A change that writes its audit entry in its own transaction is then rolled back whole.
 */
export async function withAuditRefused(orgId: string, work: () => Promise<unknown>): Promise<unknown> {
  const db = await getDb();
  const name = `test_refuse_audit_${token(6)}`;
  await db.execute(
    sql.raw(
      `alter table audit_log add constraint ${name} check (org_id <> '${orgId.replace(/[^0-9a-f-]/g, "")}'::uuid) not valid`,
    ),
  );
  try {
    return await work().then(
      () => undefined,
      (e: unknown) => e,
    );
  } finally {
    await db.execute(sql.raw(`alter table audit_log drop constraint ${name}`));
  }
}
