import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb, type Tx } from "@/db/client";
import { teams } from "@/db/schema";
import { createTeam, listTeams, renameTeam } from "@/lib/data/teams";
import { audit, isUniqueViolation, withTenant } from "@/lib/data/tenant";
import { auditEntries, createTenants, ctxFor, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

async function currentOrgSetting(q: Pick<Tx, "execute">): Promise<string | null> {
  const result = await q.execute<{ org: string | null }>(sql`select current_setting('app.org_id', true) as org`);
  // postgres-js answers an array of rows; PGlite an object with `rows`.
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { org: string | null }[] }).rows;
  return rows[0]!.org;
}

describe("withTenant", () => {
  test("names the organisation to the database as app.org_id inside its transaction only", async () => {
    expect(await withTenant(orgA.ctx.member, (tx) => currentOrgSetting(tx))).toBe(orgA.org.id);
    expect(await withTenant(orgB.ctx.member, (tx) => currentOrgSetting(tx))).toBe(orgB.org.id);
    // set_config(..., true) is transaction-local: nothing leaks onto the pooled connection.
    const db = await getDb();
    expect([null, ""]).toContain(await currentOrgSetting(db));
  });

  test("concurrent tenants each see their own organisation", async () => {
    const seen = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const fixture = i % 2 === 0 ? orgA : orgB;
        return withTenant(fixture.ctx.viewer, async (tx) => {
          await tx.execute(sql`select pg_sleep(0.01)`);
          return [fixture.org.id, await currentOrgSetting(tx)];
        });
      }),
    );
    for (const [expected, actual] of seen) expect(actual).toBe(expected);
  });

  test("rolls everything back when its work fails", async () => {
    await expect(
      withTenant(orgA.ctx.owner, async (tx) => {
        await tx.update(teams).set({ name: "Changed" }).where(eq(teams.id, orgA.teams.delivery.id));
        await audit(tx, orgA.ctx.owner, "team.renamed", { type: "team", id: orgA.teams.delivery.id });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await listTeams(orgA.ctx.owner)).map((t) => t.name)).toEqual(["Delivery", "Production"]);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });
});

describe("audit entries are written in the change's transaction", () => {
  test("a change and its audit entry are committed together", async () => {
    const team = await createTeam(orgA.ctx.admin, { name: "Audited" });
    expect(await auditEntries(orgA.org.id)).toEqual([
      expect.objectContaining({ orgId: orgA.org.id, action: "team.created", targetId: team.id }),
    ]);
  });

  test("when the audit entry cannot be written, the change is rolled back too", async () => {
    // An actor that does not exist breaks the audit row's foreign key, after the change itself ran.
    const ghost = ctxFor(
      { id: `ghost-${crypto.randomUUID()}`, email: "ghost@test.flowline.example", name: null },
      orgA.org,
      "owner",
    );
    await expect(createTeam(ghost, { name: "Orphan" })).rejects.toThrow();
    await expect(renameTeam(ghost, { teamId: orgA.teams.delivery.id, name: "Orphaned" })).rejects.toThrow();
    expect((await listTeams(orgA.ctx.owner)).map((t) => t.name)).toEqual(["Delivery", "Production"]);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("a refused change writes no audit entry", async () => {
    await expect(createTeam(orgA.ctx.owner, { name: "production" })).rejects.toMatchObject({ code: "conflict" });
    await expect(createTeam(orgA.ctx.viewer, { name: "New" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });
});

describe("isUniqueViolation", () => {
  test("recognises the driver's unique_violation, however wrapped", async () => {
    const db = await getDb();
    const error = await db
      .insert(teams)
      .values({ orgId: orgA.org.id, name: "PRODUCTION" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error("wrapper", { cause: { code: "23505" } }))).toBe(true);
  });

  test("is false for other errors", async () => {
    const db = await getDb();
    const fkError = await db
      .insert(teams)
      .values({ orgId: crypto.randomUUID(), name: "Nowhere" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(fkError).toBeDefined();
    expect(isUniqueViolation(fkError)).toBe(false);
    expect(isUniqueViolation(new Error("x"))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation("23505")).toBe(false);
  });
});
