import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb, queryCount } from "@/db/client";
import { kpiLinks, kpis, measurements, orgSettings, valueStreams } from "@/db/schema";
import { loadScoringData, type ScoringData, type ScoringScope } from "@/lib/data/scores";
import { DEFAULT_SCORE_SETTINGS } from "@/lib/scoring";
import { createTenants, type OrgFixture } from "../helpers/fixtures";

const AS_OF = "2026-11-25";
/** Monthly periods written for every KPI; the last one starts after AS_OF. */
const PERIODS = ["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"];

type KpiName = "P1" | "P2" | "PA" | "D1" | "D2" | "DX" | "N1" | "E1";

/**
 * One organisation's data (both organisations get the same shape, with different values):
 *
 *   stream "Ops":    P1 output (Production) → P2 outcome (Production); PA archived output (Production) → P2
 *   stream "Growth": D1 output (Delivery) → D2 outcome (Delivery), → N1 outcome (no team);
 *                    DX archived outcome (Delivery); E1 outcome (Delivery)
 *   P1 also drives D2 (another team's outcome, in another stream) and DX (archived); only the
 *   archived PA drives E1.
 */
interface OrgData {
  fx: OrgFixture;
  streams: { ops: string; growth: string };
  ids: Record<KpiName, string>;
  /** value = offset + 10 × period index + KPI index, so each value names its org, KPI and period. */
  offset: number;
}

async function seedOrgData(fx: OrgFixture, offset: number): Promise<OrgData> {
  const db = await getDb();
  const orgId = fx.org.id;
  const [ops, growth] = await db
    .insert(valueStreams)
    .values([
      { orgId, name: "Ops", kind: "production" },
      { orgId, name: "Growth", kind: "marketing" },
    ])
    .returning({ id: valueStreams.id });
  const archivedAt = new Date("2026-06-01T00:00:00Z");
  const { production, delivery } = fx.teams;
  const spec: [KpiName, string, "output" | "outcome", string | null, Date | null][] = [
    ["P1", ops!.id, "output", production.id, null],
    ["P2", ops!.id, "outcome", production.id, null],
    ["PA", ops!.id, "output", production.id, archivedAt],
    ["D1", growth!.id, "output", delivery.id, null],
    ["D2", growth!.id, "outcome", delivery.id, null],
    ["DX", growth!.id, "outcome", delivery.id, archivedAt],
    ["N1", growth!.id, "outcome", null, null],
    ["E1", growth!.id, "outcome", delivery.id, null],
  ];
  const rows = await db
    .insert(kpis)
    .values(
      spec.map(([name, streamId, kind, teamId, archived], i) => ({
        orgId,
        streamId,
        teamId,
        key: `T-${i + 1}`,
        name,
        kind,
        unit: "u",
        direction: "increase" as const,
        baseline: 0,
        target: 100,
        weight: i + 1,
        cadence: "month" as const,
        archivedAt: archived,
      })),
    )
    .returning({ id: kpis.id, name: kpis.name });
  const ids = Object.fromEntries(rows.map((r) => [r.name, r.id])) as Record<KpiName, string>;
  await db
    .insert(measurements)
    .values(
      spec.flatMap(([name], k) =>
        PERIODS.map((period, p) => ({ orgId, kpiId: ids[name], period, value: offset + 10 * p + k })),
      ),
    );
  await db.insert(kpiLinks).values(
    (
      [
        ["P1", "P2"],
        ["PA", "P2"],
        ["D1", "D2"],
        ["D1", "N1"],
        ["P1", "D2"],
        ["P1", "DX"],
        ["PA", "E1"],
      ] as const
    ).map(([output, outcome]) => ({ orgId, outputKpiId: ids[output], outcomeKpiId: ids[outcome] })),
  );
  return { fx, streams: { ops: ops!.id, growth: growth!.id }, ids, offset };
}

let a: OrgData;
let b: OrgData;

beforeEach(async () => {
  const { orgA, orgB } = await createTenants();
  [a, b] = await Promise.all([seedOrgData(orgA, 0), seedOrgData(orgB, 1000)]);
});

const names = (data: ScoringData) => data.kpis.map((k) => k.meta.name).sort();
const linkNames = (org: OrgData, data: ScoringData) => {
  const name = new Map(Object.entries(org.ids).map(([n, id]) => [id, n]));
  return data.links.map((l) => `${name.get(l.outputKpiId) ?? "?"}→${name.get(l.outcomeKpiId) ?? "?"}`).sort();
};

/** No KPI or link of the other organisation appears (its values are checked by range). */
function expectNothingOf(other: OrgData, data: ScoringData) {
  const foreign = new Set(Object.values(other.ids));
  for (const k of data.kpis) expect(foreign.has(k.meta.id)).toBe(false);
  for (const l of data.links) {
    expect(foreign.has(l.outputKpiId) || foreign.has(l.outcomeKpiId)).toBe(false);
  }
}

describe("loadScoringData: scopes", () => {
  test.each<[string, (o: OrgData) => ScoringScope, KpiName[], string[]]>([
    [
      "the organisation: every live KPI",
      () => "organisation",
      ["D1", "D2", "E1", "N1", "P1", "P2"],
      ["D1→D2", "D1→N1", "P1→D2", "P1→P2"],
    ],
    ["a stream: its live KPIs", (o) => ({ streamId: o.streams.ops }), ["P1", "P2"], ["P1→D2", "P1→P2"]],
    ["another stream", (o) => ({ streamId: o.streams.growth }), ["D1", "D2", "E1", "N1"], ["D1→D2", "D1→N1"]],
    // P1 drives D2, a Delivery outcome in another stream: it belongs to Production's scope too; E1,
    // driven only by the archived PA, does not.
    [
      "a team: its live KPIs and the live outcomes its outputs drive",
      (o) => ({ teamId: o.fx.teams.production.id }),
      ["D2", "P1", "P2"],
      ["P1→D2", "P1→P2"],
    ],
    // N1 has no team, but D1 drives it.
    [
      "another team, driving an outcome without a team",
      (o) => ({ teamId: o.fx.teams.delivery.id }),
      ["D1", "D2", "E1", "N1"],
      ["D1→D2", "D1→N1"],
    ],
  ])("%s, of the right organisation only", async (_label, scope, expected, expectedLinks) => {
    for (const [org, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const data = await loadScoringData(org.fx.ctx.viewer, scope(org), AS_OF);
      expect(names(data)).toEqual(expected);
      expect(data.kpis.map((k) => k.meta.id).sort()).toEqual(expected.map((n) => org.ids[n]).sort());
      // Links are those of the scope's live output KPIs (an archived output's never are), whatever
      // the outcome's scope; one to an archived outcome (P1→DX) may come too: linkLeverage keeps
      // only links whose outcome was loaded.
      expect(linkNames(org, data).filter((l) => !l.endsWith("→DX"))).toEqual(expectedLinks);
      for (const l of data.links) expect(data.kpis.some((k) => k.meta.id === l.outputKpiId)).toBe(true);
      expectNothingOf(other, data);
      // Values are offset by organisation (A: 0…, B: 1000…), so none of the other's can slip in.
      for (const k of data.kpis) {
        expect(k.series.values.length).toBe(3);
        expect(k.series.values.every((v) => v >= org.offset && v < org.offset + 1000)).toBe(true);
      }
    }
  });

  test("another organisation's stream or team, asked for in this organisation, gives nothing", async () => {
    for (const scope of [
      { streamId: b.streams.ops },
      { teamId: b.fx.teams.production.id },
      { teamId: b.fx.teams.delivery.id },
    ]) {
      const data = await loadScoringData(a.fx.ctx.owner, scope, AS_OF);
      expect(data.kpis).toEqual([]);
      expect(data.links).toEqual([]);
    }
  });

  test("a team with no KPIs and driving nothing gives an empty set", async () => {
    const db = await getDb();
    await db.update(kpis).set({ teamId: null }).where(eq(kpis.orgId, a.fx.org.id));
    const data = await loadScoringData(a.fx.ctx.owner, { teamId: a.fx.teams.production.id }, AS_OF);
    expect(data.kpis).toEqual([]);
    expect(data.links).toEqual([]);
  });

  test("each KPI carries its definition and its team's and stream's names", async () => {
    const data = await loadScoringData(a.fx.ctx.member, "organisation", AS_OF);
    const d2 = data.kpis.find((k) => k.meta.name === "D2")!;
    expect(d2.meta).toMatchObject({
      id: a.ids.D2,
      key: "T-5",
      kind: "outcome",
      unit: "u",
      teamId: a.fx.teams.delivery.id,
      teamName: "Delivery",
      streamId: a.streams.growth,
      streamName: "Growth",
    });
    expect(d2.kpi).toMatchObject({
      id: a.ids.D2,
      key: "T-5",
      kind: "outcome",
      direction: "increase",
      baseline: 0,
      target: 100,
      weight: 5,
      cadence: "month",
    });
    const n1 = data.kpis.find((k) => k.meta.name === "N1")!;
    expect(n1.meta).toMatchObject({ teamId: null, teamName: null, streamName: "Growth" });
  });
});

describe("loadScoringData: the as-of date", () => {
  test.each<[string, string[]]>([
    [AS_OF, ["2026-09-01", "2026-10-01", "2026-11-01"]],
    ["2026-11-01", ["2026-09-01", "2026-10-01", "2026-11-01"]], // a period starting on the day counts
    ["2026-10-31", ["2026-09-01", "2026-10-01"]],
    ["2026-08-31", []],
    ["2027-01-01", PERIODS],
  ])("as of %s, only measurements of periods starting on or before it are loaded", async (asOf, periods) => {
    const data = await loadScoringData(a.fx.ctx.owner, "organisation", asOf);
    expect(data.asOf).toBe(asOf);
    expect(data.kpis).toHaveLength(6);
    for (const k of data.kpis) {
      expect(k.series.periods).toEqual(periods);
      const i = ["P1", "P2", "PA", "D1", "D2", "DX", "N1", "E1"].indexOf(k.meta.name);
      expect(k.series.values).toEqual(periods.map((_, p) => 10 * p + i));
    }
  });

  test("the date is applied in SQL: a later measurement is never loaded", async () => {
    // A value scoring refuses (not finite): loading it would throw, as the second call shows.
    const db = await getDb();
    await db
      .update(measurements)
      .set({ value: sql`'NaN'::double precision` })
      .where(
        and(
          eq(measurements.orgId, a.fx.org.id),
          eq(measurements.kpiId, a.ids.P1),
          eq(measurements.period, "2026-12-01"),
        ),
      );
    const data = await loadScoringData(a.fx.ctx.owner, { teamId: a.fx.teams.production.id }, AS_OF);
    expect(data.kpis.find((k) => k.meta.name === "P1")!.series.periods).toEqual([
      "2026-09-01",
      "2026-10-01",
      "2026-11-01",
    ]);
    await expect(loadScoringData(a.fx.ctx.owner, { teamId: a.fx.teams.production.id }, "2026-12-01")).rejects.toThrow(
      /non-finite/,
    );
  });
});

describe("loadScoringData: settings", () => {
  test("come from the organisation's own org_settings row", async () => {
    const db = await getDb();
    // Binary fractions, so the `real` columns hold them exactly.
    await db
      .update(orgSettings)
      .set({ outcomeWeight: 0.625, quadrantThreshold: 0.375, onTrackThreshold: 0.875, atRiskThreshold: 0.25 })
      .where(eq(orgSettings.orgId, a.fx.org.id));
    const data = await loadScoringData(a.fx.ctx.viewer, "organisation", AS_OF);
    const pace = { onTrack: 0.05, atRisk: 0.15 };
    expect(data.settings).toEqual({
      outcomeWeight: 0.625,
      quadrantThreshold: 0.375,
      onTrack: 0.875,
      atRisk: 0.25,
      pace,
    });
    const other = await loadScoringData(b.fx.ctx.viewer, "organisation", AS_OF);
    expect(other.settings).toEqual({ ...DEFAULT_SCORE_SETTINGS, pace });
  });
});

describe("loadScoringData: queries", () => {
  async function countQueries(org: OrgData, scope: ScoringScope) {
    const before = queryCount();
    const data = await loadScoringData(org.fx.ctx.owner, scope, AS_OF);
    return {
      queries: queryCount() - before,
      kpis: data.kpis.length,
      values: data.kpis.reduce((n, k) => n + k.series.periods.length, 0),
    };
  }

  test("the same few queries whatever the number of KPIs, measurements and links", async () => {
    const scopes = (o: OrgData): ScoringScope[] => [
      "organisation",
      { streamId: o.streams.ops },
      { teamId: o.fx.teams.production.id },
    ];
    // An organisation's first tenant transaction of a day also brings the definitions planned for that
    // day into force (one statement, lib/data/definition-mirror.ts): counted from the next one on.
    await loadScoringData(a.fx.ctx.owner, "organisation", AS_OF);
    // One call at a time: the counter is the process's.
    const small = [];
    for (const scope of scopes(a)) small.push(await countQueries(a, scope));

    // Forty more Production KPIs in "Ops", each with 24 months of history, half of them outputs driving P2.
    const db = await getDb();
    const orgId = a.fx.org.id;
    const extra = await db
      .insert(kpis)
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          orgId,
          streamId: a.streams.ops,
          teamId: a.fx.teams.production.id,
          key: `X-${i + 1}`,
          name: `Extra ${i + 1}`,
          kind: i % 2 ? ("outcome" as const) : ("output" as const),
          direction: "increase" as const,
          baseline: 0,
          target: 10,
          cadence: "month" as const,
        })),
      )
      .returning({ id: kpis.id, kind: kpis.kind });
    const months = Array.from(
      { length: 24 },
      (_, m) => `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-01`,
    );
    await db
      .insert(measurements)
      .values(
        extra.flatMap((k, i) => months.map((period, m) => ({ orgId, kpiId: k.id, period, value: (i + m) % 10 }))),
      );
    await db
      .insert(kpiLinks)
      .values(
        extra.filter((k) => k.kind === "output").map((k) => ({ orgId, outputKpiId: k.id, outcomeKpiId: a.ids.P2 })),
      );

    const large = [];
    for (const scope of scopes(a)) large.push(await countQueries(a, scope));
    for (const [i, scope] of scopes(a).entries()) {
      expect(large[i]!.kpis, JSON.stringify(scope)).toBeGreaterThanOrEqual(small[i]!.kpis + 40);
      // Each of the 24 months is not read (the window is), but at least each KPI's sparkline is.
      expect(large[i]!.values).toBeGreaterThanOrEqual(small[i]!.values + 40 * 12);
      // Naming the organisation to the database, then settings, KPIs (with their definition
      // versions), measurements, the formula inputs' series, links and the team names.
      expect(small[i]!.queries, JSON.stringify(scope)).toBe(7);
      expect(large[i]!.queries, JSON.stringify(scope)).toBe(7);
    }
  });
});
