import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, expect, test } from "vitest";
import { migrationsFolder } from "@/db/client";
import { migrationsBefore } from "../helpers/migrations";

/**
 * Migration 0008 holds one value per period of a KPI's cadence. Series stored before it under an
 * earlier cadence (the bug it fixes: a monthly KPI still holding weekly periods) are re-bucketed as
 * DESIGN says, as versions recorded by the migration, and aligned series are left alone. By hand:
 * 2026-06-01, 06-08, 06-29 and 07-06 are Mondays; June takes 06-29's 30, July 07-06's 40.
 */
const earlier = migrationsBefore("0008_cadence_rebucket");
afterAll(() => earlier.remove());

test("values stored under an earlier cadence are re-bucketed by the migration, as versions", async () => {
  const client = await PGlite.create("memory://");
  try {
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: earlier.folder });
    const org = "00000000-0000-4000-8000-00000000000a";
    const stream = "00000000-0000-4000-8000-0000000000a1";
    const monthly = "00000000-0000-4000-8000-0000000000c1";
    const weekly = "00000000-0000-4000-8000-0000000000c2";
    await client.exec(`
      insert into organisations (id, name, slug) values ('${org}', 'A', 'a');
      insert into value_streams (id, org_id, name, kind) values ('${stream}', '${org}', 'S', 'custom');
      insert into kpis (id, org_id, stream_id, key, name, kind, direction, target, cadence) values
        ('${monthly}', '${org}', '${stream}', 'A-1', 'Changed to monthly', 'output', 'increase', 1, 'month'),
        ('${weekly}', '${org}', '${stream}', 'A-2', 'Weekly', 'output', 'increase', 1, 'week');
      insert into measurements (org_id, kpi_id, period, value) values
        ('${org}', '${monthly}', '2026-06-01', 10), ('${org}', '${monthly}', '2026-06-08', 20),
        ('${org}', '${monthly}', '2026-06-29', 30), ('${org}', '${monthly}', '2026-07-06', 40),
        ('${org}', '${weekly}', '2026-06-01', 5), ('${org}', '${weekly}', '2026-06-08', 6);
    `);
    await migrate(db, { migrationsFolder });
    const current = await client.query<{ kpi: string; period: string; value: number; cadence: string }>(
      `select key as kpi, to_char(period, 'YYYY-MM-DD') as period, value, m.cadence::text as cadence
         from measurements m join kpis k on k.id = m.kpi_id order by key, period`,
    );
    expect(current.rows).toEqual([
      { kpi: "A-1", period: "2026-06-01", value: 30, cadence: "month" },
      { kpi: "A-1", period: "2026-07-01", value: 40, cadence: "month" },
      { kpi: "A-2", period: "2026-06-01", value: 5, cadence: "week" },
      { kpi: "A-2", period: "2026-06-08", value: 6, cadence: "week" },
    ]);
    const versions = await client.query<{ period: string; value: number | null }>(
      `select to_char(period, 'YYYY-MM-DD') as period, value from measurement_versions
        where kpi_id = '${monthly}' order by period`,
    );
    expect(versions.rows).toEqual([
      { period: "2026-06-01", value: 30 },
      { period: "2026-06-08", value: null },
      { period: "2026-06-29", value: null },
      { period: "2026-07-01", value: 40 },
      { period: "2026-07-06", value: null },
    ]);
    // And from now on the database refuses a misaligned period.
    const refused = await client
      .exec(`insert into measurements (org_id, kpi_id, period, value) values ('${org}', '${monthly}', '2026-08-03', 1)`)
      .then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
    expect(refused?.code).toBe("23514");
  } finally {
    await client.close();
  }
});
