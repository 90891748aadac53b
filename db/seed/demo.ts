import { and, asc, eq, sql } from "drizzle-orm";
import { usesServer, type Db, type Tx } from "../client";
import {
  kpis,
  measurements,
  memberships,
  organisations,
  orgSettings,
  stages,
  streamLinks,
  teamMembers,
  teams,
  users,
  valueStreams,
} from "../schema";
import type { Role } from "../schema/types";
import { hashPassword } from "@/lib/auth/password";
import type { OrgContext } from "@/lib/auth/org-context";
import { applyTemplate, nextKpiKeys } from "@/lib/data/streams";
import { now } from "@/lib/clock";
import { addDays, periodEnd, periodsBetween, shiftPeriod } from "@/lib/scoring/period";
import type { Cadence } from "@/lib/scoring";
import { streamTemplates } from "@/lib/templates";
import { demoLinks, demoStreams, historyValues, profileCurves, seededRandom } from "./demo-streams";

/** DEMO ONLY: these accounts are public knowledge. Never seed them into a real deployment. */
export const DEMO_PASSWORD = "flowline-demo";
export const DEMO_ORG = { name: "Acme Industries", slug: "acme" };
export const demoUsers: { email: string; name: string; role: Role; teams: string[] }[] = [
  { email: "owner@acme.example", name: "Olivia Owner", role: "owner", teams: [] },
  { email: "admin@acme.example", name: "Adam Admin", role: "admin", teams: [] },
  {
    email: "process.owner@acme.example",
    name: "Priya Process",
    role: "process_owner",
    teams: ["Production", "Software Delivery"],
  },
  { email: "member@acme.example", name: "Max Member", role: "member", teams: ["Production"] },
  { email: "viewer@acme.example", name: "Vera Viewer", role: "viewer", teams: [] },
  // Every team has people: these three record their team's values like Max does for Production.
  { email: "marketing@acme.example", name: "Mara Marketing", role: "member", teams: ["Marketing"] },
  { email: "sales@acme.example", name: "Sam Sales", role: "member", teams: ["Sales"] },
  { email: "success@acme.example", name: "Cleo Success", role: "member", teams: ["Customer Success"] },
];
export const demoTeams = ["Production", "Software Delivery", "Marketing", "Sales", "Customer Success"];

/**
 * Whether this process runs the demo: the embedded database seeds it on first start unless
 * FLOWLINE_SEED_DEMO=0. Then the sign-in page lists the demo accounts (their password is public anyway).
 */
export function demoRuns(): boolean {
  return !usesServer() && process.env.FLOWLINE_SEED_DEMO !== "0";
}

/** Seeds the demo organisation once (history up to `today`); answers whether it did. */
export async function seedDemo(db: Db, options: { today?: string } = {}): Promise<boolean> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(organisations).where(eq(organisations.slug, DEMO_ORG.slug));
    if (existing) return false;
    const [org] = await tx.insert(organisations).values(DEMO_ORG).returning();
    const orgId = org!.id;
    await tx.insert(orgSettings).values({ orgId });
    const teamRows = await tx
      .insert(teams)
      .values(demoTeams.map((name) => ({ orgId, name })))
      .returning();
    const teamId = new Map(teamRows.map((t) => [t.name, t.id]));
    // The first account of each role (Olivia for owner, Priya for process owner) is the one streams name.
    const userIds = new Map<Role, { id: string; email: string; name: string | null }>();
    for (const demo of demoUsers) {
      const [user] = await tx
        .insert(users)
        .values({ email: demo.email, name: demo.name, passwordHash })
        .onConflictDoUpdate({ target: users.email, set: { name: demo.name } })
        .returning();
      if (!userIds.has(demo.role)) userIds.set(demo.role, user!);
      await tx.insert(memberships).values({ orgId, userId: user!.id, role: demo.role });
      for (const team of demo.teams) {
        await tx.insert(teamMembers).values({ orgId, teamId: teamId.get(team)!, userId: user!.id });
      }
    }
    const owner = userIds.get("owner")!;
    const ctx: OrgContext = { user: owner, org: org!, role: "owner" };
    await tx.execute(sql`select set_config('app.org_id', ${orgId}, true)`);
    const streamOf = new Map<string, string>();
    for (const [i, demo] of demoStreams.entries()) {
      const ownerId = demo.ownedByProcessOwner ? userIds.get("process_owner")!.id : owner.id;
      const id = await seedStream(tx, ctx, { ...demo, ownerId, teamId: teamId.get(demo.team)!, today, seed: i + 1 });
      streamOf.set(demo.template, id);
    }
    await tx.insert(streamLinks).values(
      demoLinks.map((l) => ({
        orgId,
        fromStreamId: streamOf.get(l.from)!,
        toStreamId: streamOf.get(l.to)!,
        conversion: l.conversion,
      })),
    );
    return true;
  });
}

/** A template stream run by one team, with extra KPIs and 18 months of history shaped by the team's profile. */
async function seedStream(
  tx: Tx,
  ctx: OrgContext,
  demo: (typeof demoStreams)[number] & { ownerId: string; teamId: string; today: string; seed: number },
) {
  const template = streamTemplates[demo.template]!;
  const orgId = ctx.org.id;
  const [stream] = await tx
    .insert(valueStreams)
    .values({
      orgId,
      name: template.name,
      kind: template.kind,
      customerNeed: template.customerNeed,
      ownerId: demo.ownerId,
      demandAmount: template.demand.amount,
      demandUnit: template.demand.unit,
      demandPeriod: template.demand.period,
    })
    .returning();
  await applyTemplate(tx, ctx, stream!.id, template);
  const keys = await nextKpiKeys(tx, orgId, template.keyPrefix, demo.extras.length);
  await tx.insert(kpis).values(
    demo.extras.map((k, i) => ({
      ...k,
      orgId,
      streamId: stream!.id,
      key: keys[i]!,
      weight: k.weight ?? 1,
      ownerId: ctx.user.id,
    })),
  );
  await tx
    .update(stages)
    .set({ teamId: demo.teamId })
    .where(and(eq(stages.orgId, orgId), eq(stages.streamId, stream!.id)));
  const curves = profileCurves[demo.profile];
  await tx
    .update(kpis)
    .set({ teamId: demo.teamId })
    .where(
      and(eq(kpis.orgId, orgId), eq(kpis.streamId, stream!.id), curves.outcome ? undefined : eq(kpis.kind, "output")),
    );
  // In key order: the random numbers are drawn KPI by KPI, and rows without ORDER BY come back in
  // whatever order the table's pages hold them, which differs between databases.
  const streamKpis = await tx
    .select()
    .from(kpis)
    .where(and(eq(kpis.orgId, orgId), eq(kpis.streamId, stream!.id)))
    .orderBy(asc(kpis.key));
  const random = seededRandom(demo.seed);
  // The creating-value team's outputs genuinely move its outcomes: month by month they share a shock,
  // so its links show strong evidence (DESIGN 7); elsewhere each KPI's noise is its own.
  const shocks = new Map<string, number>();
  const shockRandom = seededRandom(demo.seed + 7919);
  const shock =
    demo.profile === "creating_value"
      ? (period: string) => {
          const month = period.slice(0, 7);
          if (!shocks.has(month)) shocks.set(month, (shockRandom() - 0.5) * 0.16);
          return shocks.get(month)!;
        }
      : undefined;
  const rows: (typeof measurements.$inferInsert)[] = [];
  for (const kpi of streamKpis) {
    const curve = kpi.kind === "output" ? curves.output : curves.outcome;
    if (!curve) continue; // a blind spot: outcomes nobody measures or owns
    if (kpi.formulaNumeratorId) continue; // computed from its inputs, never recorded
    const periods = periodsBetween(shiftPeriod(demo.today, "month", -18), demo.today, kpi.cadence);
    for (const { period, value } of historyValues(
      { baseline: kpi.baseline!, target: kpi.target },
      curve,
      periods,
      random,
      shock,
    )) {
      rows.push({
        orgId,
        kpiId: kpi.id,
        period,
        value,
        recordedBy: ctx.user.id,
        updatedAt: reportedAt(period, kpi.cadence),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 5000) await tx.insert(measurements).values(rows.slice(i, i + 5000));
  // Each value's history: known since the morning after its period ended (or now, for the current one),
  // so "as known then" shows the demo as it grew.
  await tx.execute(sql`
    insert into measurement_versions (org_id, kpi_id, period, value, note, recorded_at, author_user_id)
    select org_id, kpi_id, period, value, note, updated_at, recorded_by from measurements
    where org_id = ${orgId} and kpi_id in (select id from kpis where org_id = ${orgId} and stream_id = ${stream!.id})
    order by kpi_id, period`);
  return stream!.id;
}

export function demoBanner(): string {
  const rows = demoUsers.map((u) => `  ${u.role.padEnd(14)} ${u.email}`).join("\n");
  return [
    "",
    "┌ Flowline demo organisation (DEMO ONLY — public passwords, not for real data)",
    `│ Organisation: ${DEMO_ORG.name} (/o/${DEMO_ORG.slug})`,
    `│ Password for every demo account: ${DEMO_PASSWORD}`,
    rows.replace(/^/gm, "│"),
    "└",
    "",
  ].join("\n");
}

/** When a demo value was reported: 09:00 UTC the day after its period ended, never later than now. */
function reportedAt(period: string, cadence: Cadence): Date {
  const at = new Date(`${addDays(periodEnd(period, cadence), 1)}T09:00:00Z`);
  return at.getTime() < now().getTime() ? at : now();
}
