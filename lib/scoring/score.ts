import { atLeast } from "./format";
import { attainmentFromValues, baselineAtIndex, DEFAULT_STATUS_THRESHOLDS, staleCutoff, status } from "./kpi";
import { calendarDate } from "./period";
import { indexAsOf, prepareKpi } from "./series";
import type {
  Cadence,
  IsoDate,
  KpiScore,
  PreparedKpi,
  Quadrant,
  ScoreResult,
  ScoreSettings,
  ScoringKpi,
  StatusThresholds,
} from "./types";

export const DEFAULT_SCORE_SETTINGS: ScoreSettings = {
  outcomeWeight: 0.7,
  quadrantThreshold: 0.5,
  ...DEFAULT_STATUS_THRESHOLDS,
};

/** One KPI's figures as of `asOf`; `cutoff` is its cadence's `staleCutoff(asOf)`. */
function scoreKpi(prepared: PreparedKpi, asOf: IsoDate, cutoff: IsoDate, thresholds: StatusThresholds): KpiScore {
  const { kpi, series } = prepared;
  const i = indexAsOf(series, asOf);
  const hasData = i >= 0;
  const value = hasData ? (series.values[i] as number) : null;
  const period = hasData ? (series.periods[i] as IsoDate) : null;
  const baselineSource = kpi.baseline !== null ? "kpi" : hasData ? "earliest_measurement" : null;
  const baseline = baselineAtIndex(kpi, series, i);
  const a =
    value !== null && baseline !== null ? attainmentFromValues(kpi.direction, value, baseline, kpi.target) : null;
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
    status: status(a, thresholds),
    stale: period === null || period < cutoff,
  };
}

/** Σ w·a / Σ w over the KPIs of `kind` that have data; null when none has. */
function weightedAttainment(kpis: readonly KpiScore[], kind: KpiScore["kind"]): number | null {
  let weighted = 0;
  let weights = 0;
  for (const k of kpis) {
    if (k.kind !== kind || k.attainment === null) continue;
    weighted += k.weight * k.attainment;
    weights += k.weight;
  }
  return weights > 0 ? weighted / weights : null;
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
 * Score a set of KPIs (a team's, a stream's, the organisation's) as of `asOf` (DESIGN 5).
 * Archived KPIs are left out entirely, also from `kpis`. Pass prepared KPIs (`prepareKpi`) to score
 * the same set at many dates without sorting measurements again.
 */
export function scoreSet(
  kpis: readonly ScoringKpi[],
  asOf: IsoDate,
  settings: Partial<ScoreSettings> = {},
): ScoreResult {
  calendarDate(asOf);
  const s: ScoreSettings = { ...DEFAULT_SCORE_SETTINGS, ...settings };
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
  for (const k of kpis) {
    if (k.kpi.archived) continue;
    scored.push(scoreKpi(prepareKpi(k), asOf, cutoffFor(k.kpi.cadence), s));
  }

  const output = weightedAttainment(scored, "output");
  const outcome = weightedAttainment(scored, "outcome");

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
  };
}
