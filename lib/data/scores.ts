import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  kpiCadenceVersions,
  kpiDefinitionVersions,
  kpiLinks,
  kpis,
  measurements,
  measurementVersions,
  orgSettings,
  teams,
  valueStreams,
} from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import {
  leveragePeriods,
  prepareKpi,
  scoreSet,
  trendDates,
  type Cadence,
  type IsoDate,
  type ScoreResult,
} from "@/lib/scoring";
import type { KpiMeta, ScoringData, ScoringKpiRow } from "@/lib/scoring/compose";
import { groupBy } from "@/lib/group-by";
import { now } from "@/lib/clock";
import { scoringOptions, SPARKLINE_POINTS } from "@/lib/scoring/compose";
import { formulaInputKeys, formulaInputsFilter, formulaMeasurements, formulaMeta } from "./kpi-formulas";
import { versionFromJson, versionsJson } from "./kpi-versions";
import { findStream } from "./streams";
import { findTeam } from "./teams";
import { withTenant } from "./tenant";

// The pure side (lib/scoring/compose.ts) owns these types; they are said here too for the data layer's callers.
export type { KpiMeta, ScoringData, ScoringKpiRow };

const CADENCES: readonly Cadence[] = ["week", "month", "quarter"];

export interface LoadOptions {
  /**
   * "window" (the default): what a dashboard draws — each KPI's value on the 12 trend dates (and, for
   * a team, on the days its links' leverage reads), its effective baseline and its last
   * SPARKLINE_POINTS values. "latest": the value as of the date and the baseline only (scores without
   * a trend). Either reads the same rows whatever the length of the history. "all": every value up
   * to the date (for checking what is stored; no page reads it).
   */
  history?: "window" | "latest" | "all";
  /**
   * Knowledge time. Absent: as known now (the current values, the fast path). Given: values and
   * definitions as recorded by then, from their history.
   */
  knownAt?: Date;
}

/** Which KPIs to load: a team's (plus the outcomes its outputs drive), a stream's, one KPI, or the organisation's. */
export type ScoringScope = { teamId: string } | { streamId: string } | { kpiId: string } | "organisation";

/**
 * Everything scoring needs in a fixed number of queries whatever the number of KPIs: settings, the
 * KPIs of the scope, their values on the days scoring reads (the as-of date is applied in SQL) and links.
 */
export async function loadScoringData(
  ctx: OrgContext,
  scope: ScoringScope,
  asOf: IsoDate,
  options: LoadOptions = {},
): Promise<ScoringData> {
  return withTenant(ctx, (tx) => loadInTransaction(tx, ctx.org.id, scope, asOf, options));
}

/** The same inside a caller's tenant transaction, so a page's reads share one (issue 16). */
export function loadScoringDataIn(
  tx: Tx,
  ctx: OrgContext,
  scope: ScoringScope,
  asOf: IsoDate,
  options: LoadOptions = {},
): Promise<ScoringData> {
  return loadInTransaction(tx, ctx.org.id, scope, asOf, options);
}

function scopeFilter(orgId: string, scope: ScoringScope) {
  // The KPIs of archived streams don't count. A KPI with definition versions is always loaded: its
  // versions say from when it is archived, and scoring leaves it out then (listing it as not in the
  // set), the same whenever the scores are computed. A KPI archived without versions (a row written
  // directly) is archived for every date, as before versions existed.
  const live = and(
    eq(kpis.orgId, orgId),
    sql`(${kpis.archivedAt} is null or exists (select 1 from ${kpiDefinitionVersions} v where v.org_id = ${kpis.orgId} and v.kpi_id = ${kpis.id}))`,
    // The archived streams once (a hashed set), not a lookup per KPI.
    sql`${kpis.streamId} not in (select ${valueStreams.id} from ${valueStreams} where ${valueStreams.orgId} = ${orgId} and ${valueStreams.archivedAt} is not null)`,
  );
  if (scope === "organisation") return live;
  if ("streamId" in scope) return and(live, eq(kpis.streamId, scope.streamId));
  if ("kpiId" in scope) return and(live, eq(kpis.id, scope.kpiId));
  // The team's KPIs as one set of ids, each part through its own index: an OR of the three made
  // Postgres expect half the organisation's KPIs and scan every value.
  // Its own KPIs; the outcomes its live outputs drive (an archived output no longer brings its
  // outcomes in); KPIs that were the team's on some date (scoring keeps those that are on its date).
  const teamKpis = sql`
    select own.id from ${kpis} own where own.org_id = ${orgId} and own.team_id = ${scope.teamId}
    union
    select l.outcome_kpi_id from ${kpiLinks} l join ${kpis} o on o.org_id = l.org_id and o.id = l.output_kpi_id
     where l.org_id = ${orgId} and o.team_id = ${scope.teamId} and o.archived_at is null
    union
    select f.kpi_id from ${kpiDefinitionVersions} f where f.org_id = ${orgId} and f.team_id = ${scope.teamId}`;
  // "= any(array(…))": the ids first, then each KPI through the primary key.
  return and(live, sql`${kpis.id} = any(array(${teamKpis}))`);
}

/** The days a load reads each KPI's value on; `leverage` only for the cadences of the scope's links' outcomes. */
interface ProbeDays {
  days: IsoDate[];
  leverage: { cadence: Cadence; day: IsoDate }[];
}

/**
 * The as-of date and, for "window", the trend's dates and (for a team) the period ends its links'
 * leverage reads, for each outcome cadence (the query keeps those of the outcomes it has).
 */
function probeDays(scope: ScoringScope, asOf: IsoDate, history: LoadOptions["history"]): ProbeDays {
  if (history !== "window") return { days: [asOf], leverage: [] };
  const days = trendDates(asOf).filter((d) => d <= asOf);
  const leverage =
    typeof scope === "object" && "teamId" in scope
      ? CADENCES.flatMap((cadence) => leveragePeriods(asOf, cadence).map(({ end }) => ({ cadence, day: end })))
      : [];
  return { days, leverage };
}

/** Values read twice (a formula's input that is in the scope too) once. */
function uniqueValues<T extends { kpiId: string; period: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((v) => {
    const key = `${v.kpiId}|${v.period}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const dateArray = (days: readonly string[]) => `{${days.join(",")}}`;

/**
 * Per KPI of `scoped` (a subquery of ids): the value it had on each of `days` (its latest period
 * starting on or before the day), its earliest value up to `asOf` (the effective baseline) and its
 * last `last` values up to `asOf`. Each is a few steps down an index per KPI, so the rows read do not
 * grow with the history. As known now: from `measurements`. As known at `knownAt`: from the history,
 * per period the version recorded last by then, deletions left out (DESIGN "Measurement history").
 */
async function valuesOnDays(
  tx: Tx,
  orgId: string,
  scoped: SQL,
  { days, leverage }: ProbeDays,
  asOf: IsoDate,
  last: number | "all",
  knownAt: Date | undefined,
) {
  const pick = (day: SQL, order: "asc" | "desc", limit: number | "all") =>
    knownAt === undefined
      ? sql`(select m.period, m.value from ${measurements} m
          where m.org_id = ${orgId}::uuid and m.kpi_id = s.id and m.period <= ${day}
          order by m.period ${sql.raw(order)} limit ${limit === "all" ? sql.raw("all") : limit})`
      : // At most one version of a period is the latest known, so "order by period" alone is exact.
        sql`(select v.period, v.value from ${measurementVersions} v
          where v.org_id = ${orgId}::uuid and v.kpi_id = s.id and v.period <= ${day}
            and v.recorded_at <= ${knownAt.toISOString()}::timestamptz and v.value is not null
            and not exists (select 1 from ${measurementVersions} w
              where w.org_id = v.org_id and w.kpi_id = v.kpi_id and w.period = v.period
                and w.recorded_at <= ${knownAt.toISOString()}::timestamptz and (w.recorded_at, w.seq) > (v.recorded_at, v.seq))
          order by v.period ${sql.raw(order)} limit ${limit === "all" ? sql.raw("all") : limit})`;
  const result = await tx.execute(sql`
    with s as (${scoped}),
    d as (
      select unnest(${dateArray(days)}::date[]) as day
      union
      select l.day from unnest(${dateArray(leverage.map((l) => l.cadence))}::text[], ${dateArray(leverage.map((l) => l.day))}::date[]) as l(cadence, day)
       where l.cadence in (
         select o.cadence::text from ${kpiLinks} link join ${kpis} o on o.org_id = link.org_id and o.id = link.outcome_kpi_id
          where link.org_id = ${orgId}::uuid and link.output_kpi_id in (select id from s))
    ),
    picked as (
      select s.id, p.period, p.value from s cross join d cross join lateral ${pick(sql`d.day`, "desc", 1)} p
      union
      select s.id, p.period, p.value from s cross join lateral ${pick(sql`${asOf}::date`, "asc", 1)} p
      union
      select s.id, p.period, p.value from s cross join lateral ${pick(sql`${asOf}::date`, "desc", last)} p
    )
    select id as "kpiId", to_char(period, 'YYYY-MM-DD') as period, value from picked`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    kpiId: string;
    period: string;
    value: number;
  }[];
}

/**
 * A KPI's cadence as known at `knownAt` (a change re-buckets the whole series, so the cadence has
 * knowledge time only): the latest recorded by then, else the one it was created with, else today's.
 */
const cadenceKnownAt = (knownAt: Date) => sql<Cadence>`coalesce(
  (select c.cadence from ${kpiCadenceVersions} c where c.org_id = ${kpis.orgId} and c.kpi_id = ${kpis.id}
    and c.recorded_at <= ${knownAt.toISOString()}::timestamptz order by c.recorded_at desc, c.seq desc limit 1),
  (select c.cadence from ${kpiCadenceVersions} c where c.org_id = ${kpis.orgId} and c.kpi_id = ${kpis.id}
    order by c.seq limit 1),
  ${kpis.cadence})`;

async function loadInTransaction(
  tx: Tx,
  orgId: string,
  scope: ScoringScope,
  asOf: IsoDate,
  options: LoadOptions,
): Promise<ScoringData> {
  const history = options.history ?? "window";
  const knownAt = options.knownAt ?? now();
  const where = scopeFilter(orgId, scope);
  const [settingsRows, kpiRows, valueRows, inputRows, linkRows, teamRows] = await Promise.all([
    tx.select().from(orgSettings).where(eq(orgSettings.orgId, orgId)),
    tx
      .select({
        id: kpis.id,
        key: kpis.key,
        name: kpis.name,
        kind: kpis.kind,
        unit: kpis.unit,
        direction: kpis.direction,
        baseline: kpis.baseline,
        target: kpis.target,
        targetDate: kpis.targetDate,
        planStart: kpis.planStart,
        weight: kpis.weight,
        cadence: options.knownAt ? cadenceKnownAt(options.knownAt) : kpis.cadence,
        stageId: kpis.stageId,
        archivedAt: kpis.archivedAt,
        formulaNumeratorId: kpis.formulaNumeratorId,
        formulaDenominatorId: kpis.formulaDenominatorId,
        formulaKeys: formulaInputKeys,
        versions: versionsJson,
        teamId: kpis.teamId,
        teamName: teams.name,
        streamId: kpis.streamId,
        streamName: valueStreams.name,
        streamOwnerId: valueStreams.ownerId,
      })
      .from(kpis)
      .innerJoin(valueStreams, and(eq(valueStreams.orgId, kpis.orgId), eq(valueStreams.id, kpis.streamId)))
      .leftJoin(teams, and(eq(teams.orgId, kpis.orgId), eq(teams.id, kpis.teamId)))
      .where(where)
      .orderBy(asc(kpis.kind), asc(kpis.key)),
    valuesOnDays(
      tx,
      orgId,
      tx.select({ id: kpis.id }).from(kpis).where(where).getSQL(),
      probeDays(scope, asOf, history),
      asOf,
      history === "latest" ? 1 : history === "all" ? "all" : SPARKLINE_POINTS,
      options.knownAt,
    ),
    // A formula divides its inputs' whole series period by period (a window of each would not line
    // up): their values up to the date are read in full. Formulas are few, and inputs two each.
    valuesOnDays(
      tx,
      orgId,
      tx.select({ id: kpis.id }).from(kpis).where(formulaInputsFilter(orgId)).getSQL(),
      { days: [asOf], leverage: [] },
      asOf,
      "all",
      options.knownAt,
    ),
    tx
      .select({ outputKpiId: kpiLinks.outputKpiId, outcomeKpiId: kpiLinks.outcomeKpiId })
      .from(kpiLinks)
      .innerJoin(kpis, and(eq(kpis.orgId, kpiLinks.orgId), eq(kpis.id, kpiLinks.outputKpiId)))
      .where(and(eq(kpiLinks.orgId, orgId), where)),
    // The names of the teams the KPIs belong to on some date: a team's page reads its own, not the organisation's.
    tx
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(
        scope === "organisation"
          ? eq(teams.orgId, orgId)
          : and(
              eq(teams.orgId, orgId),
              sql`${teams.id} in (
                select ${kpis.teamId} from ${kpis} where ${where}
                union
                select v.team_id from ${kpiDefinitionVersions} v join ${kpis} on ${kpis.orgId} = v.org_id and ${kpis.id} = v.kpi_id
                 where v.org_id = ${orgId} and ${where})`,
            ),
      ),
  ]);
  const s = settingsRows[0]!;
  const byKpi = groupBy(inputRows.length ? uniqueValues([...valueRows, ...inputRows]) : valueRows, (m) => m.kpiId);
  return {
    asOf,
    knownAt,
    settings: {
      outcomeWeight: s.outcomeWeight,
      quadrantThreshold: s.quadrantThreshold,
      onTrack: s.onTrackThreshold,
      atRisk: s.atRiskThreshold,
      pace: { onTrack: s.paceOnTrackTolerance, atRisk: s.paceAtRiskTolerance },
    },
    teamNames: new Map(teamRows.map((t) => [t.id, t.name])),
    kpis: kpiRows.map(({ archivedAt, versions, formulaNumeratorId, formulaDenominatorId, formulaKeys, ...k }) => ({
      ...prepareKpi({
        kpi: { ...k, archived: archivedAt !== null, versions: versions ? versions.map(versionFromJson) : undefined },
        measurements: formulaMeasurements({ id: k.id, formulaNumeratorId, formulaDenominatorId }, byKpi),
      }),
      meta: {
        id: k.id,
        key: k.key,
        name: k.name,
        kind: k.kind,
        unit: k.unit,
        teamId: k.teamId,
        teamName: k.teamName,
        streamId: k.streamId,
        streamName: k.streamName,
        streamOwnerId: k.streamOwnerId,
        ...formulaMeta({ formulaNumeratorId, formulaDenominatorId, formulaKeys }, byKpi),
      },
    })),
    links: linkRows,
  };
}

/**
 * The scores of a team's KPIs, a stream's, both (the team's KPIs in the stream) or the organisation's,
 * as of a date: what the API answers. A team or stream of another organisation is not found. The team
 * set is the team's own KPIs, as on its dashboard.
 */
export async function scoreScope(
  ctx: OrgContext,
  scope: { teamId?: string; streamId?: string },
  asOf: IsoDate,
  knownAt?: Date,
): Promise<ScoreResult> {
  const data = await withTenant(ctx, async (tx) => {
    if (scope.streamId) await findStream(tx, ctx, scope.streamId);
    if (scope.teamId) await findTeam(tx, ctx, scope.teamId);
    const load: ScoringScope = scope.streamId
      ? { streamId: scope.streamId }
      : scope.teamId
        ? { teamId: scope.teamId }
        : "organisation";
    // The latest values and baselines give the same scores as the whole history from far fewer rows.
    return loadInTransaction(tx, ctx.org.id, load, asOf, { history: "latest", knownAt });
  });
  return scoreSet(data.kpis, data.asOf, data.settings, scoringOptions(data, scope.teamId));
}
