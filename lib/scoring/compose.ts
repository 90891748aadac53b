import {
  explainScore,
  leverage,
  scoreSet,
  trend,
  type IsoDate,
  type KpiScore,
  type LeverageResult,
  type PreparedKpi,
  type ScoreSettings,
  type ScoreExplanation,
  type ScoreResult,
  type TrendPoint,
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
}

export interface ScoringKpiRow extends PreparedKpi {
  meta: KpiMeta;
}

export interface ScoringData {
  asOf: IsoDate;
  settings: ScoreSettings;
  kpis: ScoringKpiRow[];
  links: { outputKpiId: string; outcomeKpiId: string }[];
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

function sparkline(row: ScoringKpiRow, asOf: IsoDate, points = 12) {
  const { periods, values } = row.series;
  const spark: { period: string; value: number }[] = [];
  for (let i = periods.length - 1; i >= 0 && spark.length < points; i--) {
    if (periods[i]! <= asOf) spark.unshift({ period: periods[i]!, value: values[i]! });
  }
  return spark;
}

export function summarise(
  rows: ScoringKpiRow[],
  data: Pick<ScoringData, "asOf" | "settings">,
  options: { trend?: boolean } = {},
): SetSummary {
  const score = scoreSet(rows, data.asOf, data.settings);
  const meta = new Map(rows.map((r) => [r.meta.id, r]));
  return {
    score,
    trend: options.trend === false ? [] : trend(rows, data.asOf, data.settings),
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
      return { output: output.meta, outcome: outcome.meta, result: leverage(output, outcome, data.asOf) };
    });
}

export interface TeamRow {
  teamId: string | null;
  teamName: string;
  score: ScoreResult;
}

/** Scores of each team side by side (KPIs without a team form their own row). */
export function scoresByTeam(data: ScoringData): TeamRow[] {
  const groups = new Map<string | null, ScoringKpiRow[]>();
  for (const k of data.kpis) {
    const group = groups.get(k.meta.teamId);
    if (group) group.push(k);
    else groups.set(k.meta.teamId, [k]);
  }
  return [...groups.entries()].map(([teamId, rows]) => ({
    teamId,
    teamName: teamId === null ? "No team" : (rows[0]!.meta.teamName ?? "Team"),
    score: scoreSet(rows, data.asOf, data.settings),
  }));
}

export function explain(rows: ScoringKpiRow[], data: Pick<ScoringData, "asOf" | "settings">): ScoreExplanation {
  return explainScore(scoreSet(rows, data.asOf, data.settings));
}
