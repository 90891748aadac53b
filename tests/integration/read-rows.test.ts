import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { getDb, rowCount } from "@/db/client";
import { kpiLinks } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { getExplanation, getOrgScores, getReview, getStreamScores, getTeamDashboard } from "@/lib/data/dashboards";
import { scoreScope } from "@/lib/data/scores";
import { periodStart, shiftPeriod } from "@/lib/scoring/period";
import { createOrg, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";

/*
 * Pages cost what they show (issue 16): what a page reads is bounded by what it draws — the trend's
 * dates, the sparklines, the leverage periods — not by how long the history is, and a team's page
 * reads nothing of the other teams. Rows are counted as the driver receives them (db/client
 * rowCount), every statement of the call included, so the counts are exact, not timings.
 */

const AS_OF = "2026-11-25";
const LAST_WEEK = periodStart(AS_OF, "week");

/** Weekly values for `weeks` weeks up to AS_OF's week, each known since the day after its period. */
async function addHistory(orgId: string, kpiIds: readonly string[], fromWeek: number, toWeek: number) {
  const db = await getDb();
  const weeks = Array.from({ length: toWeek - fromWeek }, (_, i) => shiftPeriod(LAST_WEEK, "week", -(fromWeek + i)));
  const rows = kpiIds.flatMap((kpiId, k) => weeks.map((period, w) => ({ kpiId, period, value: 10 + ((k + w) % 7) })));
  const json = JSON.stringify(rows);
  await db.execute(sql`
    with input as (select * from json_to_recordset(${json}::json) as x("kpiId" uuid, period date, value double precision)),
    current as (
      insert into measurements (org_id, kpi_id, period, value) select ${orgId}::uuid, "kpiId", period, value from input
    )
    insert into measurement_versions (org_id, kpi_id, period, value, recorded_at)
    select ${orgId}::uuid, "kpiId", period, value, period + interval '1 day' from input`);
}

interface Team {
  ctx: OrgContext;
  teamId: string;
  streamId: string;
}

/** A team with `kpis` weekly KPIs (half outputs, each driving the next outcome) in a stream of its own. */
async function teamWithKpis(fx: OrgFixture, teamId: string, kpis: number): Promise<string[]> {
  const ctx = fx.ctx.owner;
  const stream = await createTestStream(ctx);
  const created: { id: string }[] = [];
  for (let i = 0; i < kpis; i++)
    created.push(
      await createTestKpi(ctx, stream.id, {
        teamId,
        cadence: "week",
        kind: i % 2 === 0 ? "output" : "outcome",
        // Half without a baseline: their effective baseline is the earliest value.
        ...(i % 4 < 2 ? {} : { baseline: undefined }),
      }),
    );
  const db = await getDb();
  const links = created.flatMap((k, i) =>
    i % 2 === 0 && created[i + 1] ? [{ orgId: fx.org.id, outputKpiId: k.id, outcomeKpiId: created[i + 1]!.id }] : [],
  );
  if (links.length) await db.insert(kpiLinks).values(links);
  return created.map((k) => k.id);
}

async function rowsRead(work: () => Promise<unknown>): Promise<number> {
  const before = rowCount();
  await work();
  return rowCount() - before;
}

/** Rows each page's data reads, as known now and as known at `knownAt`, one call at a time. */
async function pageRows(team: Team, knownAt: Date) {
  const { ctx, teamId, streamId } = team;
  const pages: Record<string, () => Promise<unknown>> = {
    "team dashboard": () => getTeamDashboard(ctx, teamId, AS_OF),
    "team dashboard as known then": () => getTeamDashboard(ctx, teamId, AS_OF, knownAt),
    "team explanation": () => getExplanation(ctx, { teamId }, AS_OF),
    "organisation overview": () => getOrgScores(ctx, AS_OF),
    "organisation overview as known then": () => getOrgScores(ctx, AS_OF, knownAt),
    "organisation explanation": () => getExplanation(ctx, {}, AS_OF),
    "stream page": () => getStreamScores(ctx, streamId, AS_OF),
    "cross-team review": () => getReview(ctx, AS_OF),
    "cross-team review as known then": () => getReview(ctx, AS_OF, knownAt),
    "scores API, team": () => scoreScope(ctx, { teamId }, AS_OF, knownAt),
  };
  const counts: Record<string, number> = {};
  for (const [page, work] of Object.entries(pages)) counts[page] = await rowsRead(work);
  return counts;
}

describe("rows read per request", () => {
  let fx: OrgFixture;
  let team: Team;
  let kpiIds: string[];

  beforeAll(async () => {
    fx = await createOrg("Rows");
    kpiIds = await teamWithKpis(fx, fx.teams.production.id, 8);
    const db = await getDb();
    const [row] = await db
      .execute<{ streamId: string }>(
        sql`select stream_id as "streamId" from kpis where org_id = ${fx.org.id} and id = ${kpiIds[0]!}::uuid`,
      )
      .then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { streamId: string }[] }).rows));
    team = { ctx: fx.ctx.owner, teamId: fx.teams.production.id, streamId: row!.streamId };
  });

  test("150 and 600 weeks of history read the same rows on every page, as known now and then", async () => {
    await addHistory(fx.org.id, kpiIds, 0, 150);
    const knownAt = new Date();
    const short = await pageRows(team, knownAt);
    // Every page read values at all: the count is not trivially equal.
    expect(short["team dashboard"]).toBeGreaterThan(8 * 12);
    await addHistory(fx.org.id, kpiIds, 150, 600);
    const long = await pageRows(team, knownAt);
    expect(long).toEqual(short);
  });

  test("a team's pages read the same rows however many other teams, KPIs and values the organisation has", async () => {
    const knownAt = new Date();
    const alone = await pageRows(team, knownAt);
    const db = await getDb();
    const others = await db.execute<{ id: string }>(
      sql`insert into teams (org_id, name) select ${fx.org.id}::uuid, 'Other ' || g from generate_series(1, 4) g returning id`,
    );
    const otherIds = (Array.isArray(others) ? others : (others as unknown as { rows: { id: string }[] }).rows).map(
      (t) => t.id,
    );
    for (const teamId of otherIds) await addHistory(fx.org.id, await teamWithKpis(fx, teamId, 6), 0, 40);
    const grown = await pageRows(team, knownAt);
    const teamPages = ["team dashboard", "team dashboard as known then", "team explanation", "scores API, team"];
    for (const page of teamPages) expect(grown[page], page).toBe(alone[page]);
    // The organisation's pages do read the new teams: the counter sees them.
    expect(grown["organisation overview"]).toBeGreaterThan(alone["organisation overview"]!);
  });
});
