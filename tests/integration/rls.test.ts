import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { teams } from "@/db/schema";
import { sqlState } from "@/lib/data/constraint-errors";
import { APP_ROLE, withTenant } from "@/lib/data/tenant";
import { createTenants, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";
import { GLOBAL_TABLES_WITH_ORG_ID, rows } from "../helpers/rows";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
  for (const fixture of [orgA, orgB]) {
    const stream = await createTestStream(fixture.ctx.admin, { kind: "production" });
    await createTestKpi(fixture.ctx.admin, stream.id, { teamId: fixture.teams.production.id });
  }
});

async function tenantTables(): Promise<string[]> {
  const found = await rows<{ table: string }>(
    await getDb(),
    sql`select c.relname as "table" from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
         where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  return found.map((r) => r.table).filter((t) => !GLOBAL_TABLES_WITH_ORG_ID.includes(t));
}

describe("row-level security", () => {
  test("an unfiltered select inside withTenant answers only the tenant's rows, on every tenant table", async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(expect.arrayContaining(["kpis", "teams", "memberships", "measurements", "audit_log"]));

    // Both organisations have KPIs; the statement has no org_id filter at all.
    const allKpis = await rows<{ org_id: string }>(await getDb(), sql`select org_id from kpis`);
    expect(allKpis.map((k) => k.org_id)).toEqual(expect.arrayContaining([orgA.org.id, orgB.org.id]));

    const kpisOfA = await withTenant(orgA.ctx.viewer, (tx) => rows<{ org_id: string }>(tx, sql`select * from kpis`));
    expect(kpisOfA.length).toBeGreaterThan(0);
    expect(new Set(kpisOfA.map((k) => k.org_id))).toEqual(new Set([orgA.org.id]));

    for (const table of tables) {
      const seen = await withTenant(orgB.ctx.viewer, (tx) =>
        rows<{ org_id: string }>(tx, sql`select org_id from ${sql.identifier(table)}`),
      );
      expect(
        seen.filter((r) => r.org_id !== orgB.org.id),
        `${table} answered another organisation's rows`,
      ).toEqual([]);
    }
  });

  test("as the app role outside withTenant, every tenant table reads empty", async () => {
    const db = await getDb();
    for (const table of await tenantTables()) {
      const seen = await db.transaction(async (tx) => {
        await tx.execute(sql`set local role ${sql.identifier(APP_ROLE)}`);
        return rows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`);
      });
      expect(seen[0]!.n, `${table} is readable without app.org_id`).toBe(0);
    }
  });

  test("a row of another organisation can be neither inserted nor moved there", async () => {
    const insert = withTenant(orgA.ctx.admin, (tx) => tx.insert(teams).values({ orgId: orgB.org.id, name: "Planted" }));
    await expect(insert).rejects.toSatisfy((error) => sqlState(error) === "42501");

    const move = withTenant(orgA.ctx.admin, (tx) =>
      tx.execute(sql`update teams set org_id = ${orgB.org.id} where id = ${orgA.teams.delivery.id}`),
    );
    await expect(move).rejects.toSatisfy((error) => sqlState(error) === "42501");

    // And another organisation's rows cannot be changed or deleted: they are invisible.
    const changed = await withTenant(orgA.ctx.admin, (tx) =>
      rows(tx, sql`delete from teams where org_id = ${orgB.org.id} returning id`),
    );
    expect(changed).toEqual([]);
    const stillThere = await withTenant(orgB.ctx.viewer, (tx) => rows(tx, sql`select id from teams`));
    expect(stillThere).toHaveLength(2);
  });

  test("withTenant runs as a role without superuser, BYPASSRLS or any table of its own", async () => {
    const [role] = await withTenant(orgA.ctx.viewer, (tx) =>
      rows<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean; owned: number }>(
        tx,
        sql`select current_user, r.rolsuper, r.rolbypassrls, r.rolcanlogin,
                   (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
              from pg_roles r where r.rolname = current_user`,
      ),
    );
    expect(role).toEqual({
      current_user: APP_ROLE,
      rolsuper: false,
      rolbypassrls: false,
      rolcanlogin: false,
      owned: 0,
    });
    // The role ends with the transaction: the pooled connection is back to its own.
    const [after] = await rows<{ current_user: string }>(await getDb(), sql`select current_user`);
    expect(after!.current_user).not.toBe(APP_ROLE);
  });

  test("the cross-tenant lookups answer only what they are for, also to the app role", async () => {
    const memberships = await withTenant(orgA.ctx.viewer, (tx) =>
      rows<{ org_id: string; role: string }>(
        tx,
        sql`select org_id, role from flowline_user_memberships(${orgB.users.member.id})`,
      ),
    );
    expect(memberships).toEqual([{ org_id: orgB.org.id, role: "member" }]);
    // A table behind a lookup stays closed: the app role reads B's memberships only through it.
    const direct = await withTenant(orgA.ctx.viewer, (tx) =>
      rows(tx, sql`select * from memberships where user_id = ${orgB.users.member.id}`),
    );
    expect(direct).toEqual([]);
  });
});
