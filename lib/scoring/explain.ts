import { atLeast, formatNumber, formatScore, formatScoreAgainst } from "./format";
import { contradicts, targetMet } from "./kpi";
import { daysBetween } from "./pace";
import type { IsoDate, KpiKind, KpiNotInSet, KpiScore, KpiStatus, Quadrant, ScoreResult } from "./types";

export interface ExplainRow {
  id: string;
  key: string;
  name: string;
  value: number;
  baseline: number;
  target: number;
  weight: number;
  attainment: number;
  /** w·a */
  weighted: number;
  /** How a was computed, e.g. "a = (80 − 50) / (100 − 50) = 0.60". */
  attainmentFormula: string;
  /** e(asOf) toward the target date; null without one. */
  expected: number | null;
  /** The pace reading and its arithmetic (see `explainPace`); null without a target date. */
  paceFormula: string | null;
  /** validFrom of the definition used (its target, baseline and weight); null for a KPI without versions. */
  validFrom: IsoDate | null;
}

export interface KpiRef {
  id: string;
  key: string;
  name: string;
}

export interface TermExplanation {
  symbol: "O" | "C";
  kind: KpiKind;
  /** The KPIs of this kind that have data, in the result's order. */
  rows: ExplainRow[];
  /** The KPIs of this kind without data: not counted. */
  withoutData: KpiRef[];
  /** Σ w·a */
  sumWeighted: number;
  /** Σ w */
  sumWeights: number;
  score: number | null;
  /** e.g. "O = (1×0.80 + 2×0.50) / (1 + 2) = 0.60" */
  formula: string;
}

export interface ScoreExplanation {
  asOf: IsoDate;
  output: TermExplanation;
  outcome: TermExplanation;
  value: { score: number | null; outcomeWeight: number; formula: string };
  quadrant: { quadrant: Quadrant; threshold: number; reason: string; reading: string };
  outcomeFocus: { score: number | null; formula: string };
  coverage: { score: number | null; formula: string; stale: KpiRef[] };
  /** KPIs given but not counted on this date, each with the reason in words. */
  notInSet: (KpiNotInSet & { reading: string })[];
}

/** What each quadrant means for the team, in plain language. */
export const QUADRANT_READINGS: Record<Quadrant, string> = {
  no_data: "Nothing has been measured yet: record values for these KPIs to get a score.",
  blind_spot:
    "Work is measured but its effect on customers is not: measure an outcome KPI to see whether this work creates value.",
  creating_value: "Outputs are on target and outcomes are moving: this work is creating value for customers.",
  output_trap: "Outputs are on target but outcomes are not moving: check whether this work reaches customers.",
  outcome_at_risk:
    "Outcomes are on target but outputs are behind: the results are not backed by delivery and may not last.",
  stalled: "Neither outputs nor outcomes are on target: find what blocks the stream before adding more work.",
};

const num = (x: number): string => formatNumber(x, 4);
const ref = (k: KpiScore): KpiRef => ({ id: k.id, key: k.key, name: k.name });

/** The arithmetic behind one KPI's attainment; null when it has no data. */
export function explainAttainment(k: KpiScore): string | null {
  if (k.value === null || k.baseline === null || k.attainment === null) return null;
  const v = num(k.value);
  const b = num(k.baseline);
  const t = num(k.target);
  const a = formatScore(k.attainment);
  const met = targetMet(k.direction, k.value, k.target);
  const comparison = `${v} ${k.direction === "increase" ? (met ? "≥" : "<") : met ? "≤" : ">"} ${t}`;
  if (k.target === k.baseline) return `t = b: target ${met ? "met" : "not met"} (${comparison}), a = ${a}`;
  if (contradicts(k.direction, k.baseline, k.target)) {
    return `baseline ${b} is already past target ${t}: target ${met ? "met" : "not met"} (${comparison}), a = ${a}`;
  }
  const raw = (k.value - k.baseline) / (k.target - k.baseline);
  const clamp = raw < 0 ? " → clamped to 0" : raw > 1 ? " → clamped to 1" : "";
  return `a = (${v} − ${b}) / (${t} − ${b}) = ${formatScore(raw)}${clamp}`;
}

/** How a KPI's status reads against its pace (DESIGN "Target dates and pace"). */
export const PACE_READINGS: Record<KpiStatus, string> = {
  on_track: "on pace",
  at_risk: "behind pace",
  off_track: "well behind pace",
  no_data: "no data",
};

/**
 * The pace of a KPI with a target date in words, as cards and the KPI page say it: "on pace: 0.52 of
 * the way, 0.50 expected by today". Null without a target date.
 */
export function paceSummary(
  k: Pick<KpiScore, "expected" | "targetDate" | "planStart" | "attainment" | "status">,
  asOf: IsoDate,
  by = `by ${asOf}`,
): string | null {
  if (k.expected === null || k.targetDate === null || k.planStart === null) return null;
  const e = formatScore(k.expected);
  return k.attainment === null
    ? `${PACE_READINGS.no_data}: ${e} expected ${by}`
    : `${PACE_READINGS[k.status]}: ${formatScore(k.attainment)} of the way, ${e} expected ${by}`;
}

/**
 * The pace of a KPI with a target date in words and arithmetic, e.g. "on pace: 0.52 of the way, 0.50
 * expected by today (e = (2026-11-25 − 2026-09-30) / (2027-01-20 − 2026-09-30) = 56 / 112 days = 0.50)".
 * `by` names the as-of date for the reader ("by today", "by 15 Nov"); default "by <asOf>". Null
 * without a target date.
 */
export function explainPace(k: KpiScore, asOf: IsoDate, by = `by ${asOf}`): string | null {
  const head = paceSummary(k, asOf, by);
  if (head === null || k.targetDate === null || k.planStart === null) return null;
  const span = daysBetween(k.planStart, k.targetDate);
  if (span === 0) return `${head} (target date = plan start ${k.targetDate}: 0 before it, 1 from it on)`;
  const elapsed = daysBetween(k.planStart, asOf);
  const raw = elapsed / span;
  const clamp = raw < 0 ? " → clamped to 0" : raw > 1 ? " → clamped to 1" : "";
  return `${head} (e = (${asOf} − ${k.planStart}) / (${k.targetDate} − ${k.planStart}) = ${elapsed} / ${span} days = ${formatScore(raw)}${clamp})`;
}

const NOT_IN_SET_READINGS: Record<KpiNotInSet["reason"], (asOf: IsoDate) => string> = {
  not_defined_yet: (asOf) => `not counted: it did not exist yet on ${asOf}`,
  archived: (asOf) => `not counted: archived as of ${asOf}`,
};

function explainTerm(result: ScoreResult, kind: KpiKind): TermExplanation {
  const symbol = kind === "output" ? "O" : "C";
  const rows: ExplainRow[] = [];
  const withoutData: KpiRef[] = [];
  let sumWeighted = 0;
  let sumWeights = 0;
  for (const k of result.kpis) {
    if (k.kind !== kind) continue;
    if (k.value === null || k.baseline === null || k.attainment === null) {
      withoutData.push(ref(k));
      continue;
    }
    const weighted = k.weight * k.attainment;
    sumWeighted += weighted;
    sumWeights += k.weight;
    rows.push({
      ...ref(k),
      value: k.value,
      baseline: k.baseline,
      target: k.target,
      weight: k.weight,
      attainment: k.attainment,
      weighted,
      attainmentFormula: explainAttainment(k) as string,
      expected: k.expected,
      paceFormula: explainPace(k, result.asOf),
      validFrom: k.validFrom,
    });
  }
  const score = kind === "output" ? result.output : result.outcome;
  let formula: string;
  if (score === null) {
    formula = `${symbol}: no ${kind} KPI has data as of ${result.asOf}`;
  } else {
    const products = rows.map((r) => `${num(r.weight)}×${formatScore(r.attainment)}`).join(" + ");
    const weights = rows.map((r) => num(r.weight)).join(" + ");
    formula = `${symbol} = (${products}) / (${weights}) = ${formatScore(score)}`;
  }
  return { symbol, kind, rows, withoutData, sumWeighted, sumWeights, score, formula };
}

function explainValue(result: ScoreResult): string {
  const { output: o, outcome: c, value: v } = result;
  const alpha = result.settings.outcomeWeight;
  if (v === null) return "V: no KPI has data";
  if (c === null) return `V = O = ${formatScore(v)} (no outcome KPI has data)`;
  if (o === null) return `V = C = ${formatScore(v)} (no output KPI has data)`;
  const a = num(alpha);
  const rest = num(1 - alpha);
  return `V = ${a}×C + ${rest}×O = ${a}×${formatScore(c)} + ${rest}×${formatScore(o)} = ${formatScore(v)}`;
}

function quadrantReason(result: ScoreResult): string {
  const theta = result.settings.quadrantThreshold;
  const t = num(theta);
  const { output: o, outcome: c } = result;
  const side = (x: number): string => `${formatScoreAgainst(x, theta)} ${atLeast(x, theta) ? "≥" : "<"} ${t}`;
  switch (result.quadrant) {
    case "no_data":
      return `No KPI in this set has a measurement on or before ${result.asOf}.`;
    case "blind_spot":
      return `No outcome KPI has data, so output${o === null ? "" : ` (O = ${formatScore(o)})`} cannot be judged as value.`;
    case "creating_value":
      return `O = ${side(o as number)} and C = ${side(c as number)}.`;
    case "output_trap":
      return `O = ${side(o as number)} but C = ${side(c as number)}.`;
    case "outcome_at_risk":
      return o === null
        ? `C = ${side(c as number)} but no output KPI has data.`
        : `C = ${side(c as number)} but O = ${side(o)}.`;
    case "stalled":
      return o === null
        ? `No output KPI has data and C = ${side(c as number)}.`
        : `O = ${side(o)} and C = ${side(c as number)}.`;
  }
}

/**
 * The KPIs, values, baselines, targets, weights and arithmetic behind a score (DESIGN 8). Every
 * figure is the one of the definition in force on the result's date: the result carries it.
 */
export function explainScore(result: ScoreResult): ScoreExplanation {
  let totalWeight = 0;
  let outcomeWeight = 0;
  let fresh = 0;
  const stale: KpiRef[] = [];
  for (const k of result.kpis) {
    totalWeight += k.weight;
    if (k.kind === "outcome") outcomeWeight += k.weight;
    if (k.attainment !== null && !k.stale) fresh++;
    else stale.push(ref(k));
  }
  const count = result.kpis.length;

  return {
    asOf: result.asOf,
    output: explainTerm(result, "output"),
    outcome: explainTerm(result, "outcome"),
    value: { score: result.value, outcomeWeight: result.settings.outcomeWeight, formula: explainValue(result) },
    quadrant: {
      quadrant: result.quadrant,
      threshold: result.settings.quadrantThreshold,
      reason: quadrantReason(result),
      reading: QUADRANT_READINGS[result.quadrant],
    },
    outcomeFocus: {
      score: result.outcomeFocus,
      formula:
        result.outcomeFocus === null
          ? "Outcome focus: no KPIs"
          : `Outcome focus = Σ w of outcome KPIs / Σ w of all KPIs = ${num(outcomeWeight)} / ${num(totalWeight)} = ${formatScore(result.outcomeFocus)}`,
    },
    coverage: {
      score: result.coverage,
      formula:
        result.coverage === null
          ? "Coverage: no KPIs"
          : `Coverage = ${fresh} of ${count} KPIs with fresh data = ${formatScore(result.coverage)}`,
      stale,
    },
    notInSet: result.notInSet.map((k) => ({ ...k, reading: NOT_IN_SET_READINGS[k.reason](result.asOf) })),
  };
}
