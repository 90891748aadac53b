import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, expect, test } from "vitest";
import { migrationsFolder } from "@/db/client";
import { migrationsBefore } from "../helpers/migrations";

/**
 * The migration that makes references composite first checks that existing rows already stay in their
 * organisation, and stops with the offending rows named instead of half-migrating. Run on its own
 * embedded database: migrations up to the one before, rows that cross organisations, then the rest.
 */
const TENANCY_MIGRATION = "0005_tenancy_enforced";
const earlier = migrationsBefore(TENANCY_MIGRATION);

afterAll(() => earlier.remove());

test("a KPI pointing at another organisation's team stops the migration, naming the row", async () => {
  const client = await PGlite.create("memory://");
  try {
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: earlier.folder });
    const a = "00000000-0000-4000-8000-00000000000a";
    const b = "00000000-0000-4000-8000-00000000000b";
    const kpi = "00000000-0000-4000-8000-0000000000c1";
    await client.exec(`
      insert into organisations (id, name, slug) values ('${a}', 'A', 'a'), ('${b}', 'B', 'b');
      insert into teams (id, org_id, name) values ('00000000-0000-4000-8000-0000000000b1', '${b}', 'B team');
      insert into value_streams (id, org_id, name, kind) values ('00000000-0000-4000-8000-0000000000a1', '${a}', 'S', 'custom');
      insert into kpis (id, org_id, stream_id, team_id, key, name, kind, direction, target, cadence)
        values ('${kpi}', '${a}', '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1',
                'A-1', 'Crossing', 'output', 'increase', 1, 'month');
    `);
    const failure = await migrate(db, { migrationsFolder }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(String((failure as { cause?: unknown })?.cause ?? failure)).toMatch(
      new RegExp(`point at another organisation's rows: kpis\\.team_id ${kpi}`),
    );
    // Nothing of it was applied: the KPI still has its (single-column) primary key and no policy.
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_policies where tablename = 'kpis'`,
    );
    expect(rows[0]!.n).toBe(0);
  } finally {
    await client.close();
  }
}, 120_000); // two embedded databases' worth of migrations
