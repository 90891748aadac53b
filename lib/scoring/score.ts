import { END_OF_TIME } from "../time/known-at";
import { kpiAsOf } from "./definition";
import { atLeast } from "./format";
import { attainmentFromValues, baselineAtIndex, DEFAULT_STATUS_THRESHOLDS, staleCutoff, status } from "./kpi";
import { DEFAULT_PACE_TOLERANCES, expectedAttainment, paceStatus } from "./pace";
import { calendarDate } from "./period";
import { indexAsOf, prepareKpi } from "./series";
import type {
  Cadence,
  IsoDate,
  KpiAsOf,
  KpiNotInSet,
  KpiScore,
  MeasurementSeries,
  Quadrant,
  ScoreResult,
  ScoreSettings,
  ScoringKpi,
  ScoringOptions,
} from "./types";

export const DEFAULT_SCORE_SETTINGS: ScoreSettings = {
  outcomeWeight: 0.7,
  quadrantThreshold: 0.5,
  ...DEFAULT_STATUS_THRESHOLDS,
};

/**
 * One KPI's figures as of `asOf` under its definition of that date; `cutoff` is its cadence's
 * `staleCutoff(asOf)`. With a target date the status is the pace status (DESIGN "Target dates and pace").
 */
function scoreKpi(
  kpi: KpiAsOf,
  series: MeasurementSeries,
  asOf: IsoDate,
  cutoff: IsoDate,
  settings: ScoreSettings,
): KpiScore {
  const i = indexAsOf(series, asOf);
  const hasData = i >= 0;
  const value = hasData ? (series.values[i] as number) : null;
  const period = hasData ? (series.periods[i] as IsoDate) : null;
  const baselineSource = kpi.baseline !== null ? "kpi" : hasData ? "earliest_measurement" : null;
  const baseline = baselineAtIndex(kpi, series, i);
  const a =
    value !== null && baseline !== null ? attainmentFromValues(kpi.direction, value, baseline, kpi.target) : null;
  const expected =
    kpi.targetDate !== null && kpi.planStart !== null ? expectedAttainment(asOf, kpi.planStart, kpi.targetDate) : null;
  return {
    id: kpi.id,
    key: kpi.key,
    name: kpi.name,
    kind: kpi.kind,
    direction: kpi.direction,
    cadence: kpi.cadence,
    value,
    period,
    baseline,
    baselineSource,
    target: kpi.target,
    weight: kpi.weight,
    attainment: a,
    status: expected === null ? status(a, settings) : paceStatus(a, expected, settings.pace ?? DEFAULT_PACE_TOLERANCES),
    stale: period === null || period < cutoff,
    expected,
    targetDate: kpi.targetDate,
    planStart: kpi.planStart,
    validFrom: kpi.validFrom,
  };
}

/** Σ w·a / Σ w over the KPIs of `kind` that have data (score null when none has), and Σ w. */
export function weightedAttainment(
  kpis: readonly { kind: KpiScore["kind"]; weight: number; attainment: number | null }[],
  kind: KpiScore["kind"],
): { score: number | null; weights: number } {
  let weighted = 0;
  let weights = 0;
  for (const k of kpis) {
    if (k.kind !== kind || k.attainment === null) continue;
    weighted += k.weight * k.attainment;
    weights += k.weight;
  }
  return { score: weights > 0 ? weighted / weights : null, weights };
}

/** V = α·C + (1 − α)·O; the other score when one is null; null when both are. */
export function valueScore(output: number | null, outcome: number | null, outcomeWeight: number): number | null {
  if (outcome === null) return output;
  if (output === null) return outcome;
  return outcomeWeight * outcome + (1 - outcomeWeight) * output;
}

/**
 * The quadrant, first match (DESIGN 5): no_data, blind_spot (no outcome data), creating_value,
 * output_trap, outcome_at_risk (O below θ or null), stalled.
 */
export function quadrant(anyData: boolean, output: number | null, outcome: number | null, threshold: number): Quadrant {
  if (!anyData) return "no_data";
  if (outcome === null) return "blind_spot";
  const outputHigh = output !== null && atLeast(output, threshold);
  const outcomeHigh = atLeast(outcome, threshold);
  if (outputHigh && outcomeHigh) return "creating_value";
  if (outputHigh) return "output_trap";
  if (outcomeHigh) return "outcome_at_risk";
  return "stalled";
}

/**
 * Score a set of KPIs (a team's, a stream's, the organisation's) as of `asOf` (DESIGN 5), each KPI
 * under its definition as of `asOf` as known at `options.knownAt` (see `kpiAsOf`). KPIs not defined
 * yet or archived on `asOf` are left out of the set and its figures entirely (listed in `notInSet`);
 * KPIs failing `options.include` are left out silently. Pass prepared KPIs (`prepareKpi`) to score
 * the same set at many dates without sorting measurements again.
 */
export function scoreSet(
  kpis: readonly ScoringKpi[],
  asOf: IsoDate,
  settings: Partial<ScoreSettings> = {},
  options: ScoringOptions = {},
): ScoreResult {
  calendarDate(asOf);
  const s: ScoreSettings = { ...DEFAULT_SCORE_SETTINGS, ...settings };
  const knownAt = options.knownAt ?? END_OF_TIME;
  const cutoffs = new Map<Cadence, IsoDate>();
  const cutoffFor = (cadence: Cadence): IsoDate => {
    let cutoff = cutoffs.get(cadence);
    if (cutoff === undefined) {
      cutoff = staleCutoff(asOf, cadence);
      cutoffs.set(cadence, cutoff);
    }
    return cutoff;
  };

  const scored: KpiScore[] = [];
  const notInSet: KpiNotInSet[] = [];
  for (const k of kpis) {
    const prepared = prepareKpi(k);
    const definition = kpiAsOf(prepared.kpi, asOf, knownAt);
    if (definition === null || definition.archived) {
      const { id, key, name } = prepared.kpi;
      notInSet.push({ id, key, name, reason: definition === null ? "not_defined_yet" : "archived" });
      continue;
    }
    if (options.include && !options.include(definition)) continue;
    scored.push(scoreKpi(definition, prepared.series, asOf, cutoffFor(definition.cadence), s));
  }

  const output = weightedAttainment(scored, "output").score;
  const outcome = weightedAttainment(scored, "outcome").score;

  let totalWeight = 0;
  let outcomeWeight = 0;
  let fresh = 0;
  for (const k of scored) {
    totalWeight += k.weight;
    if (k.kind === "outcome") outcomeWeight += k.weight;
    if (k.attainment !== null && !k.stale) fresh++;
  }
  const empty = scored.length === 0;

  return {
    asOf,
    settings: s,
    output,
    outcome,
    value: valueScore(output, outcome, s.outcomeWeight),
    quadrant: quadrant(output !== null || outcome !== null, output, outcome, s.quadrantThreshold),
    outcomeFocus: empty || totalWeight <= 0 ? null : outcomeWeight / totalWeight,
    coverage: empty ? null : fresh / scored.length,
    kpis: scored,
    notInSet,
  };
}
