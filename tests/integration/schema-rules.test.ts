import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { getDb } from "@/db/client";
import { APP_ROLE } from "@/lib/data/tenant";
import { GLOBAL_TABLES_WITH_ORG_ID, rows } from "../helpers/rows";

/**
 * The rules of DESIGN "Security baseline" and "Running" (Citus's rules), read from the catalog for
 * every tenant table, including tables added after this test was written.
 */
test("every tenant table has forced row-level security, org_id in its keys and composite references", async () => {
  const db = await getDb();
  const tables = await rows<{ table: string; rls: boolean; forced: boolean }>(
    db,
    sql`select c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as forced
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
         where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  );
  const tenant = tables.filter((t) => !GLOBAL_TABLES_WITH_ORG_ID.includes(t.table));
  const isTenant = new Set(tenant.map((t) => t.table));
  expect(isTenant.size).toBeGreaterThan(10);

  const policies = await rows<{ table: string; roles: string[] | string; qual: string | null; check: string | null }>(
    db,
    sql`select tablename as "table", roles, qual, with_check as "check" from pg_policies where schemaname = 'public'`,
  );
  const keys = await rows<{ table: string; name: string; primary: boolean; columns: string[] | string }>(
    db,
    sql`select t.relname as "table", i.relname as name, x.indisprimary as primary,
               array(select a.attname from unnest(x.indkey) as k(n)
                       join pg_attribute a on a.attrelid = t.oid and a.attnum = k.n)::text[] as columns
          from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
          join pg_namespace n on n.oid = t.relnamespace
         where n.nspname = 'public' and (x.indisunique or x.indisprimary)`,
  );
  const references = await rows<{
    table: string;
    name: string;
    target: string;
    from: string[] | string;
    to: string[] | string;
  }>(
    db,
    sql`select c.conrelid::regclass::text as "table", c.conname as name, c.confrelid::regclass::text as target,
               array(select a.attname from unnest(c.conkey) with ordinality as k(n, i)
                       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i)::text[] as "from",
               array(select a.attname from unnest(c.confkey) with ordinality as k(n, i)
                       join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i)::text[] as "to"
          from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
  );
  // PGlite answers text[] as a Postgres array literal.
  const list = (value: string[] | string) =>
    Array.isArray(value)
      ? value
      : value
          .replace(/^\{|\}$/g, "")
          .split(",")
          .filter(Boolean);

  const broken: string[] = [];
  for (const { table, rls, forced } of tenant) {
    if (!rls) broken.push(`${table}: row-level security is not enabled`);
    if (!forced) broken.push(`${table}: row-level security is not forced`);
    const isolating = policies.filter(
      (p) =>
        p.table === table &&
        list(p.roles).includes(APP_ROLE) &&
        p.qual?.includes("app.org_id") &&
        p.check?.includes("app.org_id"),
    );
    if (!isolating.length) broken.push(`${table}: no policy on app.org_id (USING and WITH CHECK) for ${APP_ROLE}`);
    const tableKeys = keys.filter((k) => k.table === table);
    if (!tableKeys.some((k) => k.primary)) broken.push(`${table}: no primary key`);
    for (const key of tableKeys) {
      if (!list(key.columns).includes("org_id")) broken.push(`${table}: ${key.name} does not include org_id`);
    }
  }
  for (const ref of references) {
    if (!isTenant.has(ref.table) || !isTenant.has(ref.target)) continue;
    const from = list(ref.from);
    const to = list(ref.to);
    const at = from.indexOf("org_id");
    if (at < 0 || to[at] !== "org_id") {
      broken.push(`${ref.table}: ${ref.name} references ${ref.target} without matching org_id to org_id`);
    }
  }
  expect(broken).toEqual([]);
});
