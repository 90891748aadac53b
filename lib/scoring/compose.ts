import {
  explainScore,
  kpiAsOf,
  leverage,
  scoreSet,
  type ScoringOptions,
  trend,
  type IsoDate,
  type KpiScore,
  type LeverageResult,
  type PreparedKpi,
  type ScoreSettings,
  type ScoreExplanation,
  type ScoreResult,
  type TrendPoint,
  type FormulaPeriod,
} from "@/lib/scoring";

/** Composition of the pure scoring functions into what a dashboard shows. No I/O. */

/** What a dashboard says of a KPI beside its score: names, team and stream. */
export interface KpiMeta {
  id: string;
  key: string;
  name: string;
  kind: "output" | "outcome";
  unit: string;
  teamId: string | null;
  teamName: string | null;
  streamId: string;
  streamName: string;
  streamOwnerId: string | null;
  /** A formula KPI: its inputs' keys and, per period, both inputs and the division (its explanation). */
  formula?: { numeratorKey: string; denominatorKey: string; periods: FormulaPeriod[] };
}

export interface ScoringKpiRow extends PreparedKpi {
  meta: KpiMeta;
}

export interface ScoringData {
  asOf: IsoDate;
  /** Knowledge time: definitions and values recorded after it are not read (DESIGN "knownAt"); absent = all. */
  knownAt?: Date;
  settings: ScoreSettings;
  kpis: ScoringKpiRow[];
  links: { outputKpiId: string; outcomeKpiId: string }[];
  /** The organisation's team names by id, for KPIs whose team on a date is not their team today. */
  teamNames?: Map<string, string>;
}

export interface KpiCard extends KpiScore {
  meta: KpiMeta;
  /** The last 12 values up to the as-of date, oldest first. */
  spark: { period: string; value: number }[];
}

export interface SetSummary {
  score: ScoreResult;
  trend: TrendPoint[];
  cards: KpiCard[];
}

/** How many of a KPI's latest values its card's sparkline draws (the data layer loads as many). */
export const SPARKLINE_POINTS = 12;

function sparkline(row: ScoringKpiRow, asOf: IsoDate, points = SPARKLINE_POINTS) {
  const { periods, values } = row.series;
  const spark: { period: string; value: number }[] = [];
  for (let i = periods.length - 1; i >= 0 && spark.length < points; i--) {
    if (periods[i]! <= asOf) spark.unshift({ period: periods[i]!, value: values[i]! });
  }
  return spark;
}

type TimeOf = Pick<ScoringData, "asOf" | "settings"> & Partial<Pick<ScoringData, "knownAt">>;

/**
 * What scoring takes besides the KPIs: the knowledge time and, for a team, the KPIs that are the
 * team's on each date scored (its definition then, not today's).
 */
export function scoringOptions(data: Partial<Pick<ScoringData, "knownAt">>, teamId?: string): ScoringOptions {
  return {
    ...(data.knownAt ? { knownAt: data.knownAt } : {}),
    ...(teamId ? { include: (k) => k.teamId === teamId } : {}),
  };
}

export function summarise(
  rows: ScoringKpiRow[],
  data: TimeOf,
  options: { trend?: boolean; teamId?: string } = {},
): SetSummary {
  const scoring = scoringOptions(data, options.teamId);
  const score = scoreSet(rows, data.asOf, data.settings, scoring);
  const meta = new Map(rows.map((r) => [r.meta.id, r]));
  return {
    score,
    trend: options.trend === false ? [] : trend(rows, data.asOf, data.settings, scoring),
    cards: score.kpis.map((k) => {
      const row = meta.get(k.id)!;
      return { ...k, meta: row.meta, spark: sparkline(row, data.asOf) };
    }),
  };
}

export interface LinkLeverage {
  output: KpiMeta;
  outcome: KpiMeta;
  result: LeverageResult;
}

/** Leverage of every link whose output KPI is in `rows` (the outcome may be another team's). */
export function linkLeverage(rows: ScoringKpiRow[], data: ScoringData): LinkLeverage[] {
  const all = new Map(data.kpis.map((k) => [k.meta.id, k]));
  const inSet = new Set(rows.map((r) => r.meta.id));
  return data.links
    .filter((l) => inSet.has(l.outputKpiId) && all.has(l.outcomeKpiId))
    .map((l) => {
      const output = all.get(l.outputKpiId)!;
      const outcome = all.get(l.outcomeKpiId)!;
      return {
        output: output.meta,
        outcome: outcome.meta,
        result: leverage(output, outcome, data.asOf, scoringOptions(data)),
      };
    });
}

export interface TeamRow {
  teamId: string | null;
  teamName: string;
  score: ScoreResult;
}

/**
 * Scores of each team side by side, each the KPIs that were the team's on the as-of date (KPIs
 * without a team then form their own row).
 */
export function scoresByTeam(data: ScoringData): TeamRow[] {
  const groups = new Map<string | null, ScoringKpiRow[]>();
  for (const k of data.kpis) {
    const teamId = kpiAsOf(k.kpi, data.asOf, data.knownAt)?.teamId ?? k.meta.teamId;
    const group = groups.get(teamId);
    if (group) group.push(k);
    else groups.set(teamId, [k]);
  }
  return [...groups.entries()].map(([teamId, rows]) => ({
    teamId,
    teamName: teamId === null ? "No team" : (data.teamNames?.get(teamId) ?? rows[0]!.meta.teamName ?? "Team"),
    score: scoreSet(rows, data.asOf, data.settings, scoringOptions(data)),
  }));
}

export function explain(rows: ScoringKpiRow[], data: TimeOf, teamId?: string): ScoreExplanation {
  return explainScore(scoreSet(rows, data.asOf, data.settings, scoringOptions(data, teamId)));
}
