/**
 * `npm run bench`: seeds a large organisation (50 teams, 1,000 KPIs, 150,000 measurements) into the
 * configured database (DATABASE_URL, or the embedded folder FLOWLINE_DATA_DIR, default .data/bench),
 * then prints, for the team dashboard and the cross-team review: server time p50/p95 at 1 and 25
 * connections against the production build, the SQL floor, queries per request, the scoring time for
 * the whole organisation and the dashboard's client JavaScript size.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { closeDb, getDb, handle, queryCount } from "@/db/client";
import { resolveOrgContext } from "@/lib/auth/org-context";
import { createSession, findActiveSession } from "@/lib/auth/user-sessions";
import { listUserOrganisations } from "@/lib/data/organisations";
import type { OrgContext } from "@/lib/auth/org-context";
import { scoresByTeam, summarise } from "@/lib/scoring/compose";
import { getTeamDashboard } from "@/lib/data/dashboards";
import { loadScoringData } from "@/lib/data/scores";
import { BENCH, SIZE, seedLargeOrg } from "./bench/seed-large";
import { load, signIn, type Load } from "./bench/http";
import { ingestTable, measureIngestFloor, prepareIngest, runIngestHttp, type IngestHttp } from "./bench/ingest";

process.env.FLOWLINE_DATA_DIR ??= path.join(process.cwd(), ".data", "bench");
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://localhost:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const today = new Date().toISOString().slice(0, 10);
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function time<T>(runs: number, work: () => Promise<T> | T): Promise<{ p50: number; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, result };
}

async function benchContext(): Promise<{ ctx: OrgContext; kind: string; seedTime: number; created: boolean }> {
  const { db, kind } = await handle();
  const started = performance.now();
  const seeded = await seedLargeOrg(db, today);
  return {
    kind,
    seedTime: performance.now() - started,
    created: seeded.created,
    ctx: {
      user: { id: seeded.ownerId, email: BENCH.email, name: "Bench Owner" },
      org: { id: seeded.orgId, slug: BENCH.slug, name: "Benchmark Industries" },
      role: "owner",
    },
  };
}

/** The SQL floor and scoring time, measured warm in this process (the server is stopped by then). */
async function measureInProcess(ctx: OrgContext, teamId: string) {
  const data = await loadScoringData(ctx, "organisation", today);
  for (let i = 0; i < 3; i++) await getTeamDashboard(ctx, teamId, today);
  const before = queryCount();
  await getTeamDashboard(ctx, teamId, today);
  const teamDataQueries = queryCount() - before;
  // What every page runs besides its own data: the session user, the organisation context, the organisation list.
  const db = await getDb();
  const session = await createSession(db, { userId: ctx.user.id, userAgent: "bench" });
  const claims = { userId: ctx.user.id, sessionId: session.id, sessionVersion: session.sessionVersion };
  const context = () =>
    Promise.all([
      findActiveSession(db, claims),
      resolveOrgContext(db, ctx.user, ctx.org.slug),
      listUserOrganisations(db, ctx.user.id),
    ]);
  const teamSql = await time(20, () => Promise.all([context(), loadScoringData(ctx, { teamId }, today)]));
  const reviewSql = await time(20, () =>
    Promise.all([context(), loadScoringData(ctx, "organisation", today, { history: "latest" })]),
  );
  const scoring = await time(5, () => {
    scoresByTeam(data);
    return summarise(data.kpis, data);
  });
  const counts = { kpis: data.kpis.length, measurements: data.kpis.reduce((n, k) => n + k.series.periods.length, 0) };
  return { teamSql: teamSql.p50, reviewSql: reviewSql.p50, teamDataQueries, scoring: scoring.p50, counts };
}

async function startServer(queryLog: string) {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first.");
  const env = {
    ...process.env,
    PORT: String(PORT),
    FLOWLINE_SEED_DEMO: "0",
    FLOWLINE_QUERY_LOG: queryLog,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-only-secret-0123456789abcdefghijklmnop",
    NODE_ENV: "production" as const,
  };
  const server = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(PORT)], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/sign-in`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill("SIGTERM");
  throw new Error("The server did not start.");
}

function queriesPerRequest(queryLog: string): Promise<number> {
  return Promise.resolve(existsSync(queryLog) ? readFileSync(queryLog, "utf8").split("\n").filter(Boolean).length : 0);
}

async function countQueries(url: string, cookie: string, queryLog: string) {
  writeFileSync(queryLog, "");
  const response = await fetch(url, { headers: { cookie } });
  await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return queriesPerRequest(queryLog);
}

async function clientJs(url: string, cookie: string) {
  const html = await (await fetch(url, { headers: { cookie } })).text();
  // What a modern browser downloads: nomodule polyfills are skipped by every browser Next supports.
  const tags = [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0]));
  const sources = [...new Set(tags.map((m) => m[1]!))];
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files: sources.length, raw, gzip };
}

async function main() {
  console.log(
    `Seeding (${process.env.DATABASE_URL ? "Postgres server" : `embedded PGlite at ${process.env.FLOWLINE_DATA_DIR}`})…`,
  );
  const bench = await benchContext();
  const teamId = (await loadScoringData(bench.ctx, "organisation", today, { history: "latest" })).kpis[0]!.meta.teamId!;
  const ingest = await prepareIngest(bench.ctx);
  await closeDb(); // PGlite allows one process: the server gets the folder while it runs
  const queryLog = path.join(os.tmpdir(), `flowline-bench-queries-${process.pid}.log`);
  const server = await startServer(queryLog);
  const pages = [
    { name: "Team dashboard", url: `${BASE}/o/${BENCH.slug}/teams/${teamId}` },
    { name: "Cross-team review", url: `${BASE}/o/${BENCH.slug}/cross-team` },
  ];
  const results: { name: string; one: Load; many: Load; queries: number }[] = [];
  let js: Awaited<ReturnType<typeof clientJs>>;
  let ingestHttp: IngestHttp;
  try {
    const cookie = await signIn(BASE, BENCH.email, BENCH.password);
    for (const page of pages) {
      for (let i = 0; i < 5; i++) await (await fetch(page.url, { headers: { cookie } })).text();
      const queries = await countQueries(page.url, cookie, queryLog);
      console.log(`Loading ${page.name} for ${SECONDS} s at 1 and at 25 connections…`);
      const one = await load(page.url, cookie, 1, SECONDS);
      const many = await load(page.url, cookie, 25, SECONDS);
      if (one.errors || many.errors) console.warn(`  ${one.errors + many.errors} responses were not 200`);
      results.push({ name: page.name, one, many, queries });
    }
    js = await clientJs(pages[0]!.url, cookie);
    ingestHttp = await runIngestHttp(BASE, ingest);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(queryLog, { force: true });
  }
  console.log("Measuring the SQL floor and scoring in process…");
  const floor = await measureInProcess(bench.ctx, teamId);
  const ingestFloor = await measureIngestFloor(ingest);
  await closeDb();
  const floors = [floor.teamSql, floor.reviewSql];
  const rows = results.map(
    (r, i) =>
      `| ${r.name} | ${ms(r.one.p50)} / ${ms(r.one.p95)} | ${ms(r.many.p50)} / ${ms(r.many.p95)} | ${ms(floors[i]!)} | ${(r.one.p50 / floors[i]!).toFixed(1)}× | ${r.queries} | ${r.one.requests + r.many.requests} |`,
  );
  console.log(`
Flowline benchmark, ${new Date().toISOString()}
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}
Database: ${bench.kind === "postgres" ? "Postgres server (DATABASE_URL)" : "embedded PGlite"}; organisation: ${SIZE.teams} teams, ${floor.counts.kpis} KPIs, ${floor.counts.measurements} measurements (${bench.created ? `seeded in ${(bench.seedTime / 1000).toFixed(1)} s` : "already seeded"})

| page | 1 connection p50 / p95 | 25 connections p50 / p95 | SQL floor (p50) | page ÷ floor | queries per request | requests |
|---|---|---|---|---|---|---|
${rows.join("\n")}

Scoring the whole organisation (every team, every KPI, 12-point trend): ${ms(floor.scoring)} (p50 of 5)
Team dashboard data layer: ${floor.teamDataQueries} queries; the rest of a request is the session user, the organisation context and the organisation list
Team dashboard client JavaScript (what a modern browser downloads): ${js.files} files, ${(js.raw / 1024).toFixed(0)} KB raw, ${(js.gzip / 1024).toFixed(1)} KB gzipped
${ingestTable(ingestHttp, ingestFloor)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
