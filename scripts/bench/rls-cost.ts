/**
 * Row-level security's own cost, A/B in one process so that machine load hits both sides alike:
 * `DATABASE_URL=… npx tsx scripts/bench/rls-cost.ts` after `npm run bench` seeded the benchmark
 * organisation. Runs the statements a team dashboard's scoring load reads (every KPI, link, team and
 * measurement of the organisation) in one transaction, alternately as the connecting role with only
 * `app.org_id` set (what withTenant did before) and as flowline_app (what it does now), and prints the
 * p50 and p95 of each.
 */
import postgres from "postgres";
import { BENCH } from "./seed-large";

const RUNS = Number(process.env.RLS_COST_RUNS ?? 30);
const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });

async function once(orgId: string, asApp: boolean): Promise<number> {
  const started = performance.now();
  await sql.begin(async (tx) => {
    if (asApp) await tx`select set_config('role', 'flowline_app', true), set_config('app.org_id', ${orgId}, true)`;
    else await tx`select set_config('app.org_id', ${orgId}, true)`;
    await tx`select * from kpis where org_id = ${orgId}`;
    await tx`select * from kpi_links where org_id = ${orgId}`;
    await tx`select t.id, t.name, count(m.user_id) from teams t
               left join team_members m on m.org_id = t.org_id and m.team_id = t.id
              where t.org_id = ${orgId} group by t.org_id, t.id`;
    await tx`select kpi_id, period, value from measurements where org_id = ${orgId}`;
  });
  return performance.now() - started;
}

const quantile = (times: number[], q: number) => [...times].sort((a, b) => a - b)[Math.floor(times.length * q)]!;

const [org] = await sql<{ id: string }[]>`select id from organisations where slug = ${BENCH.slug}`;
if (!org) throw new Error("Seed the benchmark organisation first (npm run bench).");
const owner: number[] = [];
const app: number[] = [];
await once(org.id, false);
await once(org.id, true);
for (let i = 0; i < RUNS; i++) {
  owner.push(await once(org.id, false));
  app.push(await once(org.id, true));
}
const line = (label: string, t: number[]) =>
  `${label}: p50 ${quantile(t, 0.5).toFixed(1)} ms, p95 ${quantile(t, 0.95).toFixed(1)} ms`;
console.log(`Scoring reads of the benchmark organisation, ${RUNS} alternating runs each`);
console.log(line("without row-level security (owner, app.org_id only)", owner));
console.log(line("with row-level security (flowline_app)             ", app));
console.log(`ratio of p50: ${(quantile(app, 0.5) / quantile(owner, 0.5)).toFixed(3)}`);
await sql.end();
