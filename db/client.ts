import "server-only";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction. */
export type Queryable = Db | Tx;

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

let queries = 0;
/**
 * How many statements the app's database handle has sent since the process started (transactions'
 * BEGIN/COMMIT and migrations excluded). Tests and benchmarks compare it before and after a call to
 * check that the number of queries does not grow with the data.
 */
export const queryCount = (): number => queries;

let rows = 0;
/**
 * How many rows the database has sent the app's handle since the process started, counted by the
 * driver as they arrive (every statement's, transaction control and migrations included). Tests
 * compare it before and after a call: what a page reads must not grow with history or other teams.
 */
export const rowCount = (): number => rows;
const countRow = <T>(row: T): T => {
  rows++;
  return row;
};

// FLOWLINE_QUERY_LOG=<file> appends one line a statement: how the benchmark counts a page's queries.
const queryLog = process.env.FLOWLINE_QUERY_LOG;
const logger = {
  logQuery: (query: string) => {
    queries++;
    if (queryLog) appendFileSync(queryLog, `${query.replace(/\s+/g, " ").slice(0, 200)}\n`);
  },
};

interface Handle {
  db: Db;
  kind: "postgres" | "pglite";
  close: () => Promise<void>;
}

/**
 * One handle per process, kept on globalThis: Next bundles instrumentation, pages and actions, and
 * route handlers apart, each with its own copy of this module. A module-level variable gave each its
 * own database: three PGlite instances on one folder that did not see each other's writes (an export
 * missed values recorded after it first ran), and three Postgres pools.
 */
const shared = globalThis as typeof globalThis & { [key: symbol]: Promise<Handle> | undefined };
const HANDLE = Symbol.for("flowline.db.handle");

/** Where the embedded database lives; `memory://` keeps it in memory (tests). */
export function embeddedDataDir(): string {
  return process.env.FLOWLINE_DATA_DIR ?? path.join(process.cwd(), ".data", "pglite");
}

export function usesServer(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

async function open(): Promise<Handle> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(url, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      transform: { row: { from: countRow } },
    });
    // Several instances may start at once: one migrates while the others wait on the lock. A
    // one-connection client keeps the session-level lock and the migration on the same connection
    // (drizzle cannot wrap a reserved connection: it has no `options` and no `begin`), and ending it
    // releases the lock even when a migration fails.
    const migrator = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrator`select pg_advisory_lock(727274)`;
      await migrate(drizzle(migrator, { schema }), { migrationsFolder });
      await migrator`select pg_advisory_unlock(727274)`;
    } finally {
      await migrator.end();
    }
    return { db: drizzle(client, { schema, logger }) as unknown as Db, kind: "postgres", close: () => client.end() };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dataDir = embeddedDataDir();
  if (!dataDir.startsWith("memory://")) mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir);
  // Every query and transaction of PGlite answers through this method: count its data rows.
  const execProtocolStream = client.execProtocolStream.bind(client);
  client.execProtocolStream = async (...args) => {
    const messages = await execProtocolStream(...args);
    for (const m of messages) if (m.name === "dataRow") countRow(m);
    return messages;
  };
  await migrate(drizzle(client, { schema }), { migrationsFolder });
  return { db: drizzle(client, { schema, logger }) as unknown as Db, kind: "pglite", close: () => client.close() };
}

/** The database, opened and migrated on first use (never at import, so builds never touch it). */
export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

export function handle(): Promise<Handle> {
  shared[HANDLE] ??= open().catch((error) => {
    shared[HANDLE] = undefined;
    throw error;
  });
  return shared[HANDLE];
}

export async function closeDb(): Promise<void> {
  const current = shared[HANDLE];
  shared[HANDLE] = undefined;
  if (current) await (await current).close();
}
