import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb, type Db } from "@/db/client";
import { kpis, measurements, organisations, teams, users } from "@/db/schema";
import { DEMO_ORG, demoTeams, demoUsers, seedDemo } from "@/db/seed/demo";
import { demoStreams, type Profile } from "@/db/seed/demo-streams";
import { resolveOrgContext, type OrgContext } from "@/lib/auth/org-context";
import { linkLeverage, summarise, scoresByTeam } from "@/lib/scoring/compose";
import { loadScoringData } from "@/lib/data/scores";
import { listStreams } from "@/lib/data/streams";
import { getValueChain } from "@/lib/data/value-chain";
import { shiftPeriod } from "@/lib/scoring";
import { randomSlug } from "../helpers/fixtures";

/**
 * The demo seed shows every quadrant of DESIGN.md's scoring, one per team, whatever day it is seeded
 * on: its noise must never flip a team into another quadrant.
 *
 * The scores are read through the app's own path (loadScoringData opens its own transaction), so the
 * seeded rows must be committed. seedDemo always creates the organisation `acme`, which on a shared
 * Postgres database may already exist or be seeded by another test at the same time: each copy is
 * seeded in one transaction that moves any existing `acme` aside, seeds, renames the new organisation
 * to a random slug and puts the old one back. Others never see a second `acme`, and the copies are
 * deleted (with everything in them, by cascade) after the file.
 */

const TODAY = "2026-11-25";
/** Other seed days: the first day of a year and a quarter, a quarter's last day, a leap day, a Sunday. */
const OTHER_DAYS = ["2026-01-01", "2027-06-30", "2028-02-29", "2026-08-09"];

const expectedQuadrant: Record<string, Profile> = Object.fromEntries(demoStreams.map((s) => [s.team, s.profile]));

interface DemoCopy {
  today: string;
  ctx: OrgContext;
  teamIds: Map<string, string>;
}

const copies: string[] = [];

async function seedDemoCopy(today: string): Promise<DemoCopy> {
  const db = await getDb();
  const slug = randomSlug("demo-copy");
  const aside = randomSlug("demo-aside");
  const orgId = await db.transaction(async (tx) => {
    const moved = await tx
      .update(organisations)
      .set({ slug: aside })
      .where(eq(organisations.slug, DEMO_ORG.slug))
      .returning();
    expect(await seedDemo(tx as unknown as Db, { today })).toBe(true);
    const [copy] = await tx
      .update(organisations)
      .set({ slug })
      .where(eq(organisations.slug, DEMO_ORG.slug))
      .returning();
    if (moved.length) await tx.update(organisations).set({ slug: DEMO_ORG.slug }).where(eq(organisations.slug, aside));
    return copy!.id;
  });
  copies.push(orgId);

  const [owner] = await db
    .select()
    .from(users)
    .where(eq(users.email, demoUsers.find((u) => u.role === "owner")!.email));
  const ctx = await resolveOrgContext(db, { id: owner!.id, email: owner!.email, name: owner!.name }, slug);
  expect(ctx?.role).toBe("owner");
  const teamRows = await db.select().from(teams).where(eq(teams.orgId, orgId));
  return { today, ctx: ctx!, teamIds: new Map(teamRows.map((t) => [t.name, t.id])) };
}

afterAll(async () => {
  if (copies.length === 0) return;
  const db = await getDb();
  await db.delete(organisations).where(inArray(organisations.id, copies));
});

/**
 * Each demo team's quadrant, three ways: its row of the organisation's scores by team; its own KPIs
 * loaded with the team scope (what the team dashboard shows); and that whole scope, which adds the
 * outcome KPIs its outputs drive.
 */
async function quadrants(demo: DemoCopy) {
  const data = await loadScoringData(demo.ctx, "organisation", demo.today);
  const byTeam = new Map(scoresByTeam(data).map((row) => [row.teamName, row.score]));
  const scoped: Record<string, { own: string; withDriven: string }> = {};
  for (const team of demoTeams) {
    const teamId = demo.teamIds.get(team)!;
    const teamData = await loadScoringData(demo.ctx, { teamId }, demo.today);
    const own = teamData.kpis.filter((k) => k.meta.teamId === teamId);
    scoped[team] = {
      own: summarise(own, teamData, { trend: false }).score.quadrant,
      withDriven: summarise(teamData.kpis, teamData, { trend: false }).score.quadrant,
    };
  }
  return { data, byTeam, scoped };
}

function expectIntended(today: string, { byTeam, scoped }: Awaited<ReturnType<typeof quadrants>>) {
  for (const team of demoTeams) {
    const intended = expectedQuadrant[team];
    expect({ today, team, quadrant: byTeam.get(team)?.quadrant }).toEqual({ today, team, quadrant: intended });
    expect({ today, team, ...scoped[team] }).toEqual({ today, team, own: intended, withDriven: intended });
  }
}

describe(`the demo seeded on ${TODAY}`, () => {
  let demo: DemoCopy;

  beforeAll(async () => {
    demo = await seedDemoCopy(TODAY);
  });

  test("every team lands in its intended quadrant, by team row and by team scope", async () => {
    const result = await quadrants(demo);
    expect(Object.keys(expectedQuadrant).sort()).toEqual([...demoTeams].sort());
    expectIntended(TODAY, result);
    const { byTeam } = result;
    // The blind-spot team's outcome KPIs have no team: they form the "No team" row, without data.
    expect(byTeam.get("No team")?.quadrant).toBe("no_data");
    expect(new Set(Object.values(expectedQuadrant))).toEqual(
      new Set(["creating_value", "stalled", "output_trap", "outcome_at_risk", "blind_spot"]),
    );
  });

  test("the blind-spot team measures outputs only; the outcomes its outputs drive have no data", async () => {
    const team = demoStreams.find((s) => s.profile === "blind_spot")!.team;
    const data = await loadScoringData(demo.ctx, { teamId: demo.teamIds.get(team)! }, demo.today);
    const { score } = summarise(data.kpis, data, { trend: false });
    const outputs = score.kpis.filter((k) => k.kind === "output");
    const outcomes = score.kpis.filter((k) => k.kind === "outcome");
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.every((k) => k.status !== "no_data")).toBe(true);
    expect(score.output).not.toBeNull();
    // Its scope includes the outcomes its outputs drive (from the template's links), none measured.
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((k) => k.status === "no_data")).toBe(true);
    expect(score.outcome).toBeNull();
    expect(score.quadrant).toBe("blind_spot");
  });

  // DESIGN 7: evidence is a Bonferroni-corrected p-value. The creating-value team's outputs genuinely
  // move its outcomes (at least one link with p ≤ 0.01); the output-trap team's outputs rise while its
  // outcomes do not follow (no link with even weak evidence).
  test("leverage: the creating-value team has a strong link, the output-trap team none with evidence", async () => {
    const evidence = async (profile: Profile) => {
      const team = demoStreams.find((s) => s.profile === profile)!.team;
      const teamId = demo.teamIds.get(team)!;
      const data = await loadScoringData(demo.ctx, { teamId }, demo.today);
      const own = data.kpis.filter((k) => k.meta.teamId === teamId);
      return linkLeverage(own, data).map((l) => ({ link: `${l.output.key}→${l.outcome.key}`, ...l.result }));
    };
    const creating = await evidence("creating_value");
    const trap = await evidence("output_trap");
    expect(creating.length).toBeGreaterThan(0);
    expect(trap.length).toBeGreaterThan(0);
    expect(creating.some((l) => l.evidence === "strong" && l.p !== null && l.p <= 0.01)).toBe(true);
    expect(trap.filter((l) => l.evidence === "strong" || l.evidence === "weak")).toEqual([]);
    expect(trap.some((l) => l.evidence === "none")).toBe(true);
  });

  test("at least 60 KPIs, at least 4 teams, each team with KPIs", async () => {
    const { data } = await quadrants(demo);
    expect(data.kpis.length).toBeGreaterThanOrEqual(60);
    expect(demo.teamIds.size).toBeGreaterThanOrEqual(4);
    const teamsWithKpis = new Set(data.kpis.map((k) => k.meta.teamId).filter((id) => id !== null));
    expect(teamsWithKpis).toEqual(new Set(demo.teamIds.values()));
  });

  test("18 months of history: monthly KPIs start exactly 18 months back, nothing is older than its bucket", async () => {
    const db = await getDb();
    const rows = await db
      .select({ cadence: kpis.cadence, period: measurements.period })
      .from(measurements)
      .innerJoin(kpis, and(eq(kpis.orgId, measurements.orgId), eq(kpis.id, measurements.kpiId)))
      .where(eq(measurements.orgId, demo.ctx.org.id));
    const earliest = (cadence: string) =>
      rows
        .filter((r) => r.cadence === cadence)
        .map((r) => r.period)
        .sort()[0];
    const latest = rows
      .map((r) => r.period)
      .sort()
      .at(-1)!;
    const start = shiftPeriod(TODAY, "month", -18); // 2025-05-01
    expect(start).toBe("2025-05-01");
    expect(earliest("month")).toBe(start);
    expect(earliest("quarter")).toBe("2025-04-01"); // the quarter holding 1 May 2025
    expect(earliest("week")).toBe("2025-04-28"); // the ISO week holding 1 May 2025
    expect(latest <= TODAY).toBe(true);
    expect(latest).toBe("2026-11-23"); // the week of TODAY
    expect(rows.length).toBeGreaterThan(1000);
  });

  test("every demo stage is 40–140 % utilised and exactly one is overloaded (over 100 %)", async () => {
    const streams = await listStreams(demo.ctx);
    expect(streams).toHaveLength(demoStreams.length);
    const stages = streams.flatMap((s) =>
      s.assessment.stages.map((st) => ({ name: `${s.name}: ${st.name}`, u: st.utilisation })),
    );
    expect(stages.length).toBeGreaterThan(10);
    for (const { name, u } of stages) {
      expect(u, name).not.toBeNull();
      expect(u!, name).toBeGreaterThanOrEqual(0.4);
      expect(u!, name).toBeLessThanOrEqual(1.4);
    }
    expect(stages.filter((s) => s.u! > 1).map((s) => s.name)).toEqual(["Production line: Assembly"]);
  });

  test("the demo streams form a value chain: marketing → sales → retention, marketing the constraint", async () => {
    const { chain, explanation } = await getValueChain(demo.ctx, TODAY);
    const name = new Map(chain.streams.map((s) => [s.id, s.name]));
    expect(chain.order.map((id) => name.get(id))).toEqual(["Marketing", "Sales", "Customer retention"]);
    expect(chain.unlinked.map((id) => name.get(id))).toEqual(["Production line", "Software delivery"]);
    // Retention keeps 81 accounts a quarter (27 a month) from sales' customers, 9 in 10 kept: 30 a
    // month; at 16 leads a customer, sales needs 480 leads a month of marketing, which plans 400 and
    // can serve 416 (content: 41.6 pieces × 10 leads): 480 / 416 = 115 %.
    const marketing = chain.streams.find((s) => s.name === "Marketing")!;
    expect(marketing.required).toBeCloseTo(480, 9);
    expect(marketing.utilisation).toBeCloseTo(480 / 416, 9);
    expect(chain.constraint?.name).toBe("Marketing");
    expect(explanation).toBe(
      "Marketing limits the value chain: the chain needs 480 leads a month from it and it can handle 416 (115%).",
    );
    expect(chain.mismatches.map((m) => m.sentence)).toEqual([
      "Sales needs 480 leads a month to win its 30 customers; Marketing plans 400.",
    ]);
  });

  // The generator draws its noise KPI by KPI, in key order (not in the table's physical order).
  test("the seed is deterministic: the same day gives the same values", async () => {
    const again = await seedDemoCopy(TODAY);
    const db = await getDb();
    const values = async (orgId: string) =>
      (
        await db
          .select({ key: kpis.key, period: measurements.period, value: measurements.value })
          .from(measurements)
          .innerJoin(kpis, and(eq(kpis.orgId, measurements.orgId), eq(kpis.id, measurements.kpiId)))
          .where(eq(measurements.orgId, orgId))
      )
        .map((r) => `${r.key} ${r.period} ${r.value}`)
        .sort();
    expect(await values(again.ctx.org.id)).toEqual(await values(demo.ctx.org.id));
  });
});

describe("the demo seeded on other days", () => {
  test.each(OTHER_DAYS)("seeded on %s, every team keeps its quadrant", async (today) => {
    const demo = await seedDemoCopy(today);
    expectIntended(today, await quadrants(demo));
  });
});
