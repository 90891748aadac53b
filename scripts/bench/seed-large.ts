import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  kpis,
  measurements,
  memberships,
  organisations,
  orgSettings,
  stages,
  teams,
  users,
  valueStreams,
} from "@/db/schema";
import { seededRandom } from "@/db/seed/demo-streams";
import { hashPassword } from "@/lib/auth/password";
import { periodStart, shiftPeriod } from "@/lib/scoring/period";

export const BENCH = { slug: "bench", email: "bench-owner@bench.example", password: "bench-password-not-secret" };
export const SIZE = { teams: 50, streams: 10, kpisPerTeam: 20, weeks: 150 };

/** A large organisation for benchmarks: 50 teams, 1,000 weekly KPIs, 150,000 measurements. Idempotent. */
export async function seedLargeOrg(
  db: Db,
  today: string,
): Promise<{ created: boolean; orgId: string; ownerId: string }> {
  const [existing] = await db.select().from(organisations).where(eq(organisations.slug, BENCH.slug));
  const [existingOwner] = await db.select().from(users).where(eq(users.email, BENCH.email));
  if (existing && existingOwner) return { created: false, orgId: existing.id, ownerId: existingOwner.id };
  const passwordHash = await hashPassword(BENCH.password);
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organisations).values({ name: "Benchmark Industries", slug: BENCH.slug }).returning();
    const orgId = org!.id;
    await tx.insert(orgSettings).values({ orgId });
    const [owner] = await tx
      .insert(users)
      .values({ email: BENCH.email, name: "Bench Owner", passwordHash })
      .onConflictDoUpdate({ target: users.email, set: { passwordHash } })
      .returning();
    await tx.insert(memberships).values({ orgId, userId: owner!.id, role: "owner" });
    const teamRows = await tx
      .insert(teams)
      .values(Array.from({ length: SIZE.teams }, (_, i) => ({ orgId, name: `Team ${String(i + 1).padStart(2, "0")}` })))
      .returning();
    const streamRows = await tx
      .insert(valueStreams)
      .values(
        Array.from({ length: SIZE.streams }, (_, i) => ({
          orgId,
          name: `Stream ${i + 1}`,
          kind: "custom" as const,
          ownerId: owner!.id,
          demandAmount: 100,
          demandUnit: "units",
        })),
      )
      .returning();
    await tx.insert(stages).values(streamRows.map((s) => ({ orgId, streamId: s.id, position: 0, name: "Work" })));
    const kpiValues = teamRows.flatMap((team, t) =>
      Array.from({ length: SIZE.kpisPerTeam }, (_, k) => ({
        orgId,
        streamId: streamRows[t % SIZE.streams]!.id,
        teamId: team.id,
        key: `B${String(t + 1).padStart(2, "0")}-${k + 1}`,
        name: `KPI ${k + 1} of ${team.name}`,
        kind: (k % 2 === 0 ? "output" : "outcome") as "output" | "outcome",
        unit: "units",
        direction: "increase" as const,
        baseline: 100,
        target: 200,
        weight: 1 + (k % 3),
        cadence: "week" as const,
      })),
    );
    const kpiRows = await tx.insert(kpis).values(kpiValues).returning({ id: kpis.id });
    const random = seededRandom(42);
    const last = periodStart(today, "week");
    const periods = Array.from({ length: SIZE.weeks }, (_, i) => shiftPeriod(last, "week", i - SIZE.weeks + 1));
    const rows = kpiRows.flatMap((k) => {
      const drift = random();
      return periods.map((period, i) => ({
        orgId,
        kpiId: k.id,
        period,
        value: Math.round((100 + 100 * drift * (i / SIZE.weeks) + random() * 10) * 100) / 100,
      }));
    });
    for (let i = 0; i < rows.length; i += 5000) await tx.insert(measurements).values(rows.slice(i, i + 5000));
    // Every value's history, as the write path keeps it: reads "as known now" never touch it, writes add to it.
    await tx.execute(sql`
      insert into measurement_versions (org_id, kpi_id, period, value, recorded_at)
      select org_id, kpi_id, period, value, updated_at from measurements where org_id = ${orgId} order by kpi_id, period`);
    return { created: true, orgId, ownerId: owner!.id };
  });
}
