/**
 * The ingestion benchmark of `npm run bench`: one 10,000-item bulk write and sustained 100-item
 * batches through the real HTTP endpoint (POST /api/v1/measurements), beside the floor: the same rows
 * written by the same database driver with a bare INSERT … ON CONFLICT DO UPDATE (the faster of a
 * multi-row VALUES statement and a json_to_recordset statement).
 */
import { and, eq, inArray, like } from "drizzle-orm";
import { POST as writeMeasurements } from "@/app/api/v1/measurements/route";
import { getDb, handle } from "@/db/client";
import { kpis, measurements, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { createToken } from "@/lib/data/tokens";
import { periodStart, shiftPeriod } from "@/lib/scoring/period";

const KPI_COUNT = 50;
const BULK = 10_000;
const BATCH = 100;
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_INGEST_CONNECTIONS ?? 4);

export interface IngestSetup {
  secret: string;
  orgId: string;
  userId: string;
  kpiIds: string[];
  keys: string[];
}

interface Item {
  kpiId: string;
  date: string;
  value: number;
}

/** A stream of 50 weekly KPIs in the benchmark organisation (created once), emptied, and a write token. */
export async function prepareIngest(ctx: OrgContext): Promise<IngestSetup> {
  // The server gets the environment of this process: lift the per-token rate limit for the run.
  process.env.FLOWLINE_API_RATE_LIMIT ??= "1000000";
  const db = await getDb();
  const orgId = ctx.org.id;
  let [stream] = await db
    .select()
    .from(valueStreams)
    .where(and(eq(valueStreams.orgId, orgId), eq(valueStreams.name, "Ingestion bench")));
  if (!stream) {
    [stream] = await db
      .insert(valueStreams)
      .values({ orgId, name: "Ingestion bench", kind: "custom", ownerId: ctx.user.id })
      .returning();
    await db.insert(kpis).values(
      Array.from({ length: KPI_COUNT }, (_, i) => ({
        orgId,
        streamId: stream!.id,
        key: `ING-${i + 1}`,
        name: `Ingested ${i + 1}`,
        kind: "output" as const,
        direction: "increase" as const,
        baseline: 0,
        target: 100,
        cadence: "week" as const,
      })),
    );
  }
  const rows = await db
    .select({ id: kpis.id, key: kpis.key })
    .from(kpis)
    .where(and(eq(kpis.orgId, orgId), like(kpis.key, "ING-%")))
    .orderBy(kpis.key);
  await db.delete(measurements).where(
    and(
      eq(measurements.orgId, orgId),
      inArray(
        measurements.kpiId,
        rows.map((r) => r.id),
      ),
    ),
  );
  const { secret } = await createToken(ctx, { name: `bench ${new Date().toISOString()}`, scope: "write" });
  return { secret, orgId, userId: ctx.user.id, kpiIds: rows.map((r) => r.id), keys: rows.map((r) => r.key) };
}

/** `count` values: KPI i % 50, week ⌊i / 50⌋ from `firstWeek` on, so every (KPI, period) is new. */
function items(setup: IngestSetup, count: number, firstWeek: number, byId = false): Item[] {
  const start = periodStart("1990-01-01", "week");
  return Array.from({ length: count }, (_, i) => {
    const k = i % setup.keys.length;
    return {
      kpiId: byId ? setup.kpiIds[k]! : setup.keys[k]!,
      date: shiftPeriod(start, "week", firstWeek + Math.floor(i / setup.keys.length)),
      value: Math.round(Math.random() * 10_000) / 100,
    };
  });
}

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export interface IngestHttp {
  bulkInsert: number;
  bulkReplace: number;
  sustained: { rowsPerSecond: number; p50: number; p95: number; batches: number; errors: number };
}

async function post(base: string, secret: string, body: string): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  const response = await fetch(`${base}/api/v1/measurements`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body,
  });
  await response.text();
  return { ms: performance.now() - start, status: response.status };
}

/** Through the running server. */
export async function runIngestHttp(base: string, setup: IngestSetup): Promise<IngestHttp> {
  for (let i = 0; i < 5; i++)
    await post(base, setup.secret, JSON.stringify({ measurements: items(setup, BATCH, 4000 + i * 2) }));
  // Three writes of new periods, then the last one again (replacing): medians of three.
  const inserts: number[] = [];
  const replaces: number[] = [];
  let last = "";
  for (let run = 0; run < RUNS; run++) {
    last = JSON.stringify({ measurements: items(setup, BULK, run * (BULK / KPI_COUNT)) });
    const result = await post(base, setup.secret, last);
    if (result.status !== 200) throw new Error(`The bulk write answered ${result.status}.`);
    inserts.push(result.ms);
  }
  for (let run = 0; run < RUNS; run++) {
    const result = await post(base, setup.secret, last);
    if (result.status !== 200) throw new Error(`The bulk write answered ${result.status}.`);
    replaces.push(result.ms);
  }
  console.log(`Ingesting ${BATCH}-item batches for ${SECONDS} s on ${CONNECTIONS} connections…`);
  const latencies: number[] = [];
  let errors = 0;
  let week = 1000;
  const until = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const body = JSON.stringify({ measurements: items(setup, BATCH, week) });
      week = 1000 + ((week - 1000 + BATCH / KPI_COUNT) % 8000);
      const result = await post(base, setup.secret, body);
      latencies.push(result.ms);
      if (result.status !== 200) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    bulkInsert: median(inserts),
    bulkReplace: median(replaces),
    sustained: {
      rowsPerSecond: (latencies.length * BATCH) / elapsed,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      batches: latencies.length,
      errors,
    },
  };
}

/** A raw statement through the app's own driver (postgres.js or PGlite), without Drizzle. */
async function rawRunner(): Promise<(text: string, params: unknown[]) => Promise<unknown>> {
  const { db, kind } = await handle();
  const client = (db as unknown as { $client: unknown }).$client;
  if (kind === "postgres") {
    const pg = client as { unsafe: (text: string, params: unknown[]) => Promise<unknown> };
    return (text, params) => pg.unsafe(text, params);
  }
  const lite = client as { query: (text: string, params: unknown[]) => Promise<unknown> };
  return (text, params) => lite.query(text, params);
}

const UPSERT_TAIL =
  "on conflict (org_id, kpi_id, period) do update set value = excluded.value, note = excluded.note, recorded_by = excluded.recorded_by, updated_at = now()";

function valuesStatement(setup: IngestSetup, rows: Item[]): [string, unknown[]] {
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    params.push(setup.orgId, r.kpiId, r.date, r.value, null, setup.userId);
    const n = params.length;
    return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  return [
    `insert into measurements (org_id, kpi_id, period, value, note, recorded_by) values ${tuples.join(", ")} ${UPSERT_TAIL}`,
    params,
  ];
}

function jsonStatement(setup: IngestSetup, rows: Item[]): [string, unknown[]] {
  return [
    `insert into measurements (org_id, kpi_id, period, value, note, recorded_by, updated_at)
     select $1::uuid, x.kpi_id, x.period, x.value, x.note, $2, now()
     from json_to_recordset($3::json) as x(kpi_id uuid, period date, value double precision, note text) ${UPSERT_TAIL}`,
    [
      setup.orgId,
      setup.userId,
      JSON.stringify(rows.map((r) => ({ kpi_id: r.kpiId, period: r.date, value: r.value, note: null }))),
    ],
  ];
}

export interface IngestFloor {
  /** The route handler called in this process: the endpoint without HTTP. */
  handlerInsert: number;
  insertValues: number;
  insertJson: number;
  replaceValues: number;
  replaceJson: number;
  sustainedRowsPerSecond: number;
  sustainedP50: number;
}

/** The same rows through the driver alone, in this process (after the server has stopped). */
export async function measureIngestFloor(setup: IngestSetup): Promise<IngestFloor> {
  const run = await rawRunner();
  const db = await getDb();
  const clear = () =>
    db.delete(measurements).where(and(eq(measurements.orgId, setup.orgId), inArray(measurements.kpiId, setup.kpiIds)));
  const time = async (statement: [string, unknown[]]) => {
    const start = performance.now();
    await run(...statement);
    return performance.now() - start;
  };
  // Rows by id and with their period already computed: what the endpoint resolves before it writes.
  const bulk = items(setup, BULK, 0, true);
  await time(valuesStatement(setup, bulk.slice(0, 100)));
  await time(jsonStatement(setup, bulk.slice(100, 200)));
  // Interleaved, so that a busy machine slows each alike: the handler, then each floor statement, per run.
  const handlerRuns: number[] = [];
  const runs = {
    insertValues: [] as number[],
    replaceValues: [] as number[],
    insertJson: [] as number[],
    replaceJson: [] as number[],
  };
  const body = JSON.stringify({ measurements: items(setup, BULK, 0) });
  for (let run = 0; run < RUNS; run++) {
    await clear();
    const start = performance.now();
    const response = await writeMeasurements(
      new Request("http://bench/api/v1/measurements", {
        method: "POST",
        headers: { authorization: `Bearer ${setup.secret}` },
        body,
      }),
      { params: Promise.resolve({}) },
    );
    await response.text();
    handlerRuns.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`The route handler answered ${response.status}.`);
    await clear();
    runs.insertValues.push(await time(valuesStatement(setup, bulk)));
    runs.replaceValues.push(await time(valuesStatement(setup, bulk)));
    await clear();
    runs.insertJson.push(await time(jsonStatement(setup, bulk)));
    runs.replaceJson.push(await time(jsonStatement(setup, bulk)));
  }
  const handlerInsert = median(handlerRuns);
  const [insertValues, replaceValues, insertJson, replaceJson] = [
    runs.insertValues,
    runs.replaceValues,
    runs.insertJson,
    runs.replaceJson,
  ].map(median) as [number, number, number, number];
  await clear();
  const statement = insertValues <= insertJson ? valuesStatement : jsonStatement;
  const latencies: number[] = [];
  let week = 1000;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const rows = items(setup, BATCH, week, true);
        week = 1000 + ((week - 1000 + BATCH / KPI_COUNT) % 8000);
        latencies.push(await time(statement(setup, rows)));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    handlerInsert,
    insertValues,
    insertJson,
    replaceValues,
    replaceJson,
    sustainedRowsPerSecond: (latencies.length * BATCH) / elapsed,
    sustainedP50: percentile(latencies, 50),
  };
}

export function ingestTable(http: IngestHttp, floor: IngestFloor): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const insertFloor = Math.min(floor.insertValues, floor.insertJson);
  const replaceFloor = Math.min(floor.replaceValues, floor.replaceJson);
  const n = BULK.toLocaleString("en");
  return `
Ingestion: POST /api/v1/measurements over HTTP beside the floor (the same rows, one bare INSERT … ON CONFLICT DO UPDATE through the driver)

| workload | endpoint | floor | endpoint ÷ floor |
|---|---|---|---|
| one ${n}-item write, new periods (median of ${RUNS}) | ${ms(http.bulkInsert)} | ${ms(insertFloor)} | ${(http.bulkInsert / insertFloor).toFixed(2)}× |
| the same ${n} new-period items through the route handler in this process (no HTTP) | ${ms(floor.handlerInsert)} | ${ms(insertFloor)} | ${(floor.handlerInsert / insertFloor).toFixed(2)}× |
| the same ${n} items again, replacing (median of ${RUNS}) | ${ms(http.bulkReplace)} | ${ms(replaceFloor)} | ${(http.bulkReplace / replaceFloor).toFixed(2)}× |
| ${BATCH}-item batches for ${SECONDS} s on ${CONNECTIONS} connections | ${Math.round(http.sustained.rowsPerSecond).toLocaleString("en")} rows/s (p50 ${ms(http.sustained.p50)}, p95 ${ms(http.sustained.p95)}) | ${Math.round(floor.sustainedRowsPerSecond).toLocaleString("en")} rows/s (p50 ${ms(floor.sustainedP50)}) | ${(floor.sustainedRowsPerSecond / http.sustained.rowsPerSecond).toFixed(2)}× the time a row |

Floor statements for ${n} rows: multi-row VALUES ${ms(floor.insertValues)} new / ${ms(floor.replaceValues)} replacing; json_to_recordset ${ms(floor.insertJson)} / ${ms(floor.replaceJson)}.${http.sustained.errors ? ` ${http.sustained.errors} batches failed.` : ""}
The endpoint's time includes HTTP, the token lookup and rate limit, JSON parsing, validating every item, resolving KPI keys, periods and permissions, and the audit entry, all in one transaction.
`;
}
