import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb, usesServer, type Db } from "@/db/client";
import { memberships, organisations, teamMembers, teams, users } from "@/db/schema";
import { roles } from "@/db/schema/tenancy";
import { checkCredentials } from "@/lib/auth/credentials";
import { DEMO_ORG, DEMO_PASSWORD, demoRuns, demoTeams, demoUsers, seedDemo } from "@/db/seed/demo";
import { randomAddress } from "../helpers/fixtures";

class Rollback extends Error {}

/**
 * Runs `work` in a transaction that is always rolled back. On a shared Postgres database the demo
 * organisation may already exist (or be needed by someone else): the test removes it inside the
 * transaction, seeds, checks, and leaves the database as it found it. seedDemo's own transaction
 * becomes a savepoint.
 */
async function inRolledBackTransaction(work: (db: Db) => Promise<void>): Promise<void> {
  const db = await getDb();
  await db
    .transaction(async (tx) => {
      await tx.delete(organisations).where(eq(organisations.slug, DEMO_ORG.slug));
      await work(tx as unknown as Db);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
}

describe("seedDemo", () => {
  test("seeds once (true), then does nothing (false)", async () => {
    await inRolledBackTransaction(async (db) => {
      expect(await seedDemo(db)).toBe(true);
      expect(await seedDemo(db)).toBe(false);
      expect(await db.select().from(organisations).where(eq(organisations.slug, DEMO_ORG.slug))).toHaveLength(1);
    });
  });

  test("creates the demo organisation with every role, its teams and team members", async () => {
    await inRolledBackTransaction(async (db) => {
      await seedDemo(db);
      const [org] = await db.select().from(organisations).where(eq(organisations.slug, DEMO_ORG.slug));
      expect(org).toMatchObject(DEMO_ORG);

      const members = await db
        .select({ email: users.email, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.orgId, org!.id));
      expect([...new Set(members.map((m) => m.role))].sort()).toEqual([...roles].sort());
      expect(members.map((m) => m.email).sort()).toEqual(demoUsers.map((u) => u.email).sort());

      const teamRows = await db.select().from(teams).where(eq(teams.orgId, org!.id));
      expect(teamRows.map((t) => t.name).sort()).toEqual([...demoTeams].sort());

      // Every team has members: a team nobody belongs to has nobody to record its values.
      const memberCounts = await db
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .where(eq(teamMembers.orgId, org!.id));
      for (const team of teamRows)
        expect(
          memberCounts.some((m) => m.teamId === team.id),
          team.name,
        ).toBe(true);

      const production = teamRows.find((t) => t.name === "Production")!;
      const inProduction = await db
        .select({ email: users.email })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(and(eq(teamMembers.orgId, org!.id), eq(teamMembers.teamId, production.id)));
      expect(inProduction.map((r) => r.email).sort()).toEqual(
        demoUsers
          .filter((u) => u.teams.includes("Production"))
          .map((u) => u.email)
          .sort(),
      );

      const demo = await db
        .select()
        .from(users)
        .where(
          inArray(
            users.email,
            demoUsers.map((u) => u.email),
          ),
        );
      expect(demo).toHaveLength(demoUsers.length);
      const signIn = await checkCredentials(db, {
        email: demoUsers[0]!.email,
        password: DEMO_PASSWORD,
        address: randomAddress(),
      });
      expect(signIn).toMatchObject({ ok: true });
    });
  });

  // Committed for real, so only on the embedded database, which is private to this test run.
  test.runIf(!usesServer())("on the embedded database: true, then false, committed", async () => {
    const db = await getDb();
    await db.delete(organisations).where(eq(organisations.slug, DEMO_ORG.slug));
    expect(await seedDemo(db)).toBe(true);
    expect(await seedDemo(db)).toBe(false);
    const [org] = await db.select().from(organisations).where(eq(organisations.slug, DEMO_ORG.slug));
    expect(await db.select().from(memberships).where(eq(memberships.orgId, org!.id))).toHaveLength(demoUsers.length);
  });

  test("the demo runs (and the sign-in page lists its accounts) only on the embedded database, unless switched off", () => {
    const before = process.env.FLOWLINE_SEED_DEMO;
    try {
      delete process.env.FLOWLINE_SEED_DEMO;
      expect(demoRuns()).toBe(!usesServer());
      process.env.FLOWLINE_SEED_DEMO = "0";
      expect(demoRuns()).toBe(false);
    } finally {
      if (before === undefined) delete process.env.FLOWLINE_SEED_DEMO;
      else process.env.FLOWLINE_SEED_DEMO = before;
    }
  });
});
