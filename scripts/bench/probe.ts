/**
 * In-process A/B probe (`npx tsx --conditions=react-server scripts/bench/probe.ts`): the scoring reads
 * and the write path of the benchmark organisation, timed in this process, for comparing two commits
 * run alternately on the same machine (A B A B). Prints one JSON line.
 */
import { sql } from "drizzle-orm";
import { closeDb, handle } from "@/db/client";
import type { OrgContext } from "@/lib/auth/org-context";
import { getTeamDashboard } from "@/lib/data/dashboards";
import { checkMeasurements, resolveRecordableKpis, writeMeasurements } from "@/lib/data/measurement-writes";
import { loadScoringData } from "@/lib/data/scores";
import { withTenant } from "@/lib/data/tenant";
import { scoresByTeam, summarise } from "@/lib/scoring/compose";
import { periodStart, shiftPeriod } from "@/lib/scoring/period";
import { BENCH, seedLargeOrg } from "./seed-large";
import { prepareIngest } from "./ingest";

const today = new Date().toISOString().slice(0, 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(runs: number, work: () => Promise<unknown> | unknown) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return Math.round(median(times) * 10) / 10;
}

async function main() {
  const { db } = await handle();
  const seeded = await seedLargeOrg(db, today);
  const ctx: OrgContext = {
    user: { id: seeded.ownerId, email: BENCH.email, name: "Bench Owner" },
    org: { id: seeded.orgId, slug: BENCH.slug, name: "Benchmark Industries" },
    role: "owner",
  };
  const ingest = await prepareIngest(ctx);
  const org = await loadScoringData(ctx, "organisation", today);
  const teamId = org.kpis[0]!.meta.teamId!;
  for (let i = 0; i < 3; i++) await getTeamDashboard(ctx, teamId, today);
  const result: Record<string, number> = {};
  result.orgValues = org.kpis.reduce((n, k) => n + k.series.periods.length, 0);
  result.teamLoad = await timed(20, () => loadScoringData(ctx, { teamId }, today));
  result.teamDashboard = await timed(20, () => getTeamDashboard(ctx, teamId, today));
  result.reviewLoad = await timed(10, () => loadScoringData(ctx, "organisation", today, { history: "latest" }));
  result.orgLoad = await timed(5, () => loadScoringData(ctx, "organisation", today));
  result.scoring = await timed(5, () => {
    scoresByTeam(org);
    return summarise(org.kpis, org);
  });
  const start = periodStart("1990-01-01", "week");
  const items = (firstWeek: number) =>
    Array.from({ length: 10_000 }, (_, i) => ({
      kpi: ingest.keys[i % ingest.keys.length]!,
      date: shiftPeriod(start, "week", firstWeek + Math.floor(i / ingest.keys.length)),
      value: Math.round(Math.random() * 10_000) / 100,
    }));
  const write = (list: ReturnType<typeof items>) =>
    withTenant(ctx, async (tx) => {
      const kpiOf = await resolveRecordableKpis(
        tx,
        ctx,
        list.map((i) => i.kpi),
      );
      const { rows } = checkMeasurements(kpiOf, list);
      return writeMeasurements(tx, ctx, rows, { previous: true });
    });
  const fresh: number[] = [];
  const replacing: number[] = [];
  const unchanged: number[] = [];
  for (let run = 0; run < 5; run++) {
    const list = items(run * 400);
    let t = performance.now();
    await write(list);
    fresh.push(performance.now() - t);
    const changed = list.map((i) => ({ ...i, value: i.value + 1 }));
    t = performance.now();
    await write(changed);
    replacing.push(performance.now() - t);
    t = performance.now();
    await write(changed);
    unchanged.push(performance.now() - t);
  }
  result.write10kNew = Math.round(median(fresh));
  result.write10kReplace = Math.round(median(replacing));
  result.write10kUnchanged = Math.round(median(unchanged));
  await db.execute(
    sql`delete from measurements where org_id = ${ctx.org.id} and kpi_id in (select id from kpis where org_id = ${ctx.org.id} and key like 'ING-%')`,
  );
  console.log(JSON.stringify({ label: process.env.PROBE_LABEL ?? "", ...result }));
  await closeDb();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
