import { calendarDate, valueScore, weightedAttainment, type IsoDate, type KpiKind, type KpiScore } from "@/lib/scoring";

/**
 * Why did the score move? (DESIGN "Analysis"): each KPI's exact contribution to ΔO and ΔC between two
 * dates of one scope, and to ΔV.
 *
 * Per kind, with W₁, W₂ the weight sums of that kind's KPIs with data on each date, a KPI contributes
 * w₂·a₂/W₂ − w₁·a₁/W₁ (a term is 0 on a date where it has no data, is not in the set or is of the other kind),
 * so the contributions of a kind sum to its score's change exactly (a null score counts as 0). With one
 * weight w on both dates this is DESIGN's w(a₂ − a₁)/W₂ + w·a₁(1/W₂ − 1/W₁), split the same way:
 * `performance` = w₂(a₂ − a₁)/W₂ for a KPI with data on both dates (else 0) and `mix` = the rest (weights
 * shifting because KPIs gained or lost data, joined or left the set, or changed weight).
 *
 * The switch (DESIGN only names it): V is α·C + (1 − α)·O when both scores exist, else the one that does.
 * When which scores exist is the same on both dates, a kind's value weight is α for C and 1 − α for O (or
 * 1 for the only scored kind) and the switch is 0. When it differs (C or O null on one date), the KPIs of a
 * kind scored on both dates keep α or 1 − α times their kind contribution, those of a kind not scored on
 * both dates get value 0, and the switch is ΔV minus the sum of the value contributions: the jump from V
 * changing formula. E.g. O on both dates, C only on D₂: the switch is α·(C₂ − O₁), the outcome score
 * taking α of V's weight from the output score. When V is null on a date there is nothing to bridge:
 * ΔV, every value contribution and the switch are null.
 */

/** What scoreChange reads of a KPI's score: `KpiScore` from lib/scoring fits. */
export type ScoredKpi = Pick<KpiScore, "id" | "kind" | "weight" | "attainment">;

/** What scoreChange reads of a score: `ScoreResult` from lib/scoring fits (archived KPIs are already out). */
export interface ScoreSnapshot {
  asOf: IsoDate;
  kpis: readonly ScoredKpi[];
}

export type ContributionChange = "measured_on_both" | "gained_data" | "lost_data" | "changed_kind";

export interface KpiContribution {
  kpiId: string;
  /** Its kind on D₂, or on D₁ when it has no data on D₂. */
  kind: KpiKind;
  change: ContributionChange;
  /** Contribution to ΔO. */
  output: number;
  /** Contribution to ΔC. */
  outcome: number;
  /** Contribution to ΔV: value weight × (output or outcome); null when V is null on a date. */
  value: number | null;
  /** The part of `value` from the KPI's own attainment moving: w₂(a₂ − a₁)/W₂ times the value weight. */
  performance: number | null;
  /** The rest of `value`: weights shifting within its kind. */
  mix: number | null;
}

interface KindScores {
  from: number | null;
  to: number | null;
  /** Weight sums of the kind's KPIs with data: W₁, W₂. */
  weightFrom: number;
  weightTo: number;
}

export interface ScoreChange {
  from: IsoDate;
  to: IsoDate;
  outcomeWeight: number;
  output: KindScores;
  outcome: KindScores;
  valueFrom: number | null;
  valueTo: number | null;
  /** V(D₂) − V(D₁); null when either is null. */
  deltaValue: number | null;
  /** One per KPI with data on either date, in the order the KPIs appear (D₂'s, then those only on D₁). */
  contributions: KpiContribution[];
  /** Σ mix over the contributions (the waterfall's mix line when KPIs show their performance only). */
  mix: number | null;
  /** ΔV not explained by value contributions: V changing formula as C or O appears or disappears. */
  switch: number | null;
}

interface Side {
  w: number;
  a: number;
  kind: KpiKind;
}

function sideOf(kpi: ScoredKpi): Side | null {
  if (kpi.attainment === null) return null;
  if (!(kpi.weight > 0) || !Number.isFinite(kpi.weight)) throw new RangeError(`KPI ${kpi.id}: weight must be > 0.`);
  return { w: kpi.weight, a: kpi.attainment, kind: kpi.kind };
}

function byId(kpis: readonly ScoredKpi[], when: IsoDate): Map<string, ScoredKpi> {
  const map = new Map<string, ScoredKpi>();
  for (const k of kpis) {
    if (map.has(k.id)) throw new RangeError(`KPI ${k.id} appears twice in the score as of ${when}.`);
    map.set(k.id, k);
  }
  return map;
}

/** Value weights of O and C for the pair of dates, and whether V changed formula between them. */
function valueWeights(
  o1: number | null,
  c1: number | null,
  o2: number | null,
  c2: number | null,
  alpha: number,
): { output: number; outcome: number; switched: boolean } {
  const samePattern = (o1 === null) === (o2 === null) && (c1 === null) === (c2 === null);
  const outputOnBoth = o1 !== null && o2 !== null;
  const outcomeOnBoth = c1 !== null && c2 !== null;
  if (samePattern) {
    const both = outputOnBoth && outcomeOnBoth;
    return {
      output: outputOnBoth ? (both ? 1 - alpha : 1) : 0,
      outcome: outcomeOnBoth ? (both ? alpha : 1) : 0,
      switched: false,
    };
  }
  return { output: outputOnBoth ? 1 - alpha : 0, outcome: outcomeOnBoth ? alpha : 0, switched: true };
}

/**
 * The change of one scope's scores from `before` (D₁) to `after` (D₂), D₁ < D₂, with α = `outcomeWeight`
 * for both dates. KPIs are matched by id.
 */
export function scoreChange(before: ScoreSnapshot, after: ScoreSnapshot, outcomeWeight: number): ScoreChange {
  calendarDate(before.asOf);
  calendarDate(after.asOf);
  if (before.asOf >= after.asOf) {
    throw new RangeError(
      `The change runs from an earlier date to a later one: ${before.asOf} is not before ${after.asOf}.`,
    );
  }
  if (!(outcomeWeight >= 0 && outcomeWeight <= 1)) throw new RangeError(`α must be in 0..1, got ${outcomeWeight}.`);

  const out1 = weightedAttainment(before.kpis, "output");
  const out2 = weightedAttainment(after.kpis, "output");
  const inc1 = weightedAttainment(before.kpis, "outcome");
  const inc2 = weightedAttainment(after.kpis, "outcome");
  const totals: Record<KpiKind, [number, number]> = {
    output: [out1.weights, out2.weights],
    outcome: [inc1.weights, inc2.weights],
  };
  const valueFrom = valueScore(out1.score, inc1.score, outcomeWeight);
  const valueTo = valueScore(out2.score, inc2.score, outcomeWeight);
  const hasDelta = valueFrom !== null && valueTo !== null;
  const weights = valueWeights(out1.score, inc1.score, out2.score, inc2.score, outcomeWeight);

  const first = byId(before.kpis, before.asOf);
  const second = byId(after.kpis, after.asOf);
  const ids = [...second.keys(), ...[...first.keys()].filter((id) => !second.has(id))];

  const contributions: KpiContribution[] = [];
  let explained = 0;
  let mixTotal = 0;
  for (const id of ids) {
    const k1 = first.get(id);
    const k2 = second.get(id);
    const s1 = k1 ? sideOf(k1) : null;
    const s2 = k2 ? sideOf(k2) : null;
    if (s1 === null && s2 === null) continue;

    const share = (s: Side | null, kind: KpiKind, date: 0 | 1): number =>
      s !== null && s.kind === kind ? (s.w * s.a) / totals[kind][date] : 0;
    const output = share(s2, "output", 1) - share(s1, "output", 0);
    const outcome = share(s2, "outcome", 1) - share(s1, "outcome", 0);

    const sameKind = s1 !== null && s2 !== null && s1.kind === s2.kind;
    const kind = (s2 ?? s1)!.kind;
    const change: ContributionChange =
      s1 === null ? "gained_data" : s2 === null ? "lost_data" : sameKind ? "measured_on_both" : "changed_kind";

    let value: number | null = null;
    let performance: number | null = null;
    let mix: number | null = null;
    if (hasDelta) {
      value = weights.output * output + weights.outcome * outcome;
      const own = sameKind ? (s2.w * (s2.a - s1.a)) / totals[kind][1] : 0;
      performance = (kind === "output" ? weights.output : weights.outcome) * own;
      mix = value - performance;
      explained += value;
      mixTotal += mix;
    }
    contributions.push({ kpiId: id, kind, change, output, outcome, value, performance, mix });
  }

  const deltaValue = hasDelta ? valueTo - valueFrom : null;
  return {
    from: before.asOf,
    to: after.asOf,
    outcomeWeight,
    output: { from: out1.score, to: out2.score, weightFrom: out1.weights, weightTo: out2.weights },
    outcome: { from: inc1.score, to: inc2.score, weightFrom: inc1.weights, weightTo: inc2.weights },
    valueFrom,
    valueTo,
    deltaValue,
    contributions,
    mix: hasDelta ? mixTotal : null,
    switch: deltaValue === null ? null : weights.switched ? deltaValue - explained : 0,
  };
}

export type WaterfallStepKind = "start" | "kpi" | "others" | "mix" | "switch" | "end";

export interface WaterfallStep {
  step: WaterfallStepKind;
  /** The KPI of a "kpi" step. */
  kpiId: string | null;
  /** How many KPIs an "others" step gathers. */
  count: number;
  /** The bar's size: V itself for start and end, else the change it brings. */
  value: number;
  /** Where the bar starts and ends on the value axis. */
  from: number;
  to: number;
}

export interface WaterfallOptions {
  /**
   * Show each KPI's performance only and gather every KPI's mix into one "mix" step (default false:
   * each KPI's whole contribution, no mix step).
   */
  splitMix?: boolean;
  /** Show at most this many KPI steps; the rest are gathered into one "others" step. */
  maxKpis?: number;
}

/**
 * The waterfall from V(D₁) to V(D₂): start, the KPIs by the size of their contribution (largest first;
 * ties by id), optionally "others", then "mix" (with splitMix), "switch" (when non-zero) and end. Empty
 * when there is no ΔV to bridge. The last step's `to` is V(D₂) up to float noise.
 */
export function waterfall(change: ScoreChange, options: WaterfallOptions = {}): WaterfallStep[] {
  if (change.deltaValue === null || change.valueFrom === null || change.valueTo === null) return [];
  const splitMix = options.splitMix ?? false;
  const maxKpis = options.maxKpis ?? Infinity;
  const size = (c: KpiContribution): number => (splitMix ? (c.performance as number) : (c.value as number));
  const ranked = change.contributions
    .filter((c) => size(c) !== 0)
    .sort((a, b) => Math.abs(size(b)) - Math.abs(size(a)) || (a.kpiId < b.kpiId ? -1 : a.kpiId > b.kpiId ? 1 : 0));

  const steps: WaterfallStep[] = [];
  let level = change.valueFrom;
  const push = (step: WaterfallStepKind, value: number, kpiId: string | null = null, count = 0) => {
    steps.push({ step, kpiId, count, value, from: level, to: level + value });
    level += value;
  };
  steps.push({ step: "start", kpiId: null, count: 0, value: level, from: 0, to: level });
  ranked.slice(0, maxKpis).forEach((c) => push("kpi", size(c), c.kpiId, 1));
  const rest = ranked.slice(maxKpis);
  if (rest.length > 0)
    push(
      "others",
      rest.reduce((sum, c) => sum + size(c), 0),
      null,
      rest.length,
    );
  if (splitMix && change.mix !== null && change.mix !== 0) push("mix", change.mix);
  if (change.switch !== null && change.switch !== 0) push("switch", change.switch);
  steps.push({ step: "end", kpiId: null, count: 0, value: change.valueTo, from: 0, to: change.valueTo });
  return steps;
}
