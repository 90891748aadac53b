import type { ExplainNames, StreamAssessment } from "./types";

/** A number for a sentence: at most 2 decimals, no float noise (0.30000000000000004 → "0.3"). */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const rounded = Math.round(x * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** A utilisation as a whole percentage: 0.75 → "75%". */
export function formatPercent(u: number): string {
  return `${Math.round(u * 100)}%`;
}

function resourceWord(count: number, names: ExplainNames, fallback: string): string {
  const r = names.resource;
  if (r === undefined) return fallback;
  if (typeof r === "string") return r;
  return count === 1 ? r.one : r.other;
}

/**
 * One plain sentence (two when other stages also fall short) on what limits the stream.
 * - No stages: says there is nothing to assess.
 * - Demand null or 0: the lowest-capacity stage and the most the stream can deliver.
 * - Bottleneck short of demand: its capacity, the demand and how many more of its main resource
 *   would close the gap (or that adding its main resource cannot close it).
 * - Otherwise: the busiest stage's utilisation and that demand can be met.
 */
export function explainBottleneck(assessment: StreamAssessment, names: ExplainNames): string {
  const b = assessment.bottleneck;
  const per = `${names.unit}/${names.period}`;
  if (b === null) return "The stream has no stages to assess.";

  const demand = assessment.demand;
  const cap = `${formatQuantity(b.capacity)} ${per}`;

  if (demand === null || demand <= 0) {
    const demandPart = demand === null ? "no demand is set" : "demand is 0";
    return `${b.name} has the lowest capacity, ${cap}, the most the stream can deliver; ${demandPart}.`;
  }

  const demandText = `${formatQuantity(demand)} ${per}`;

  if (b.shortfall !== null && b.shortfall > 0) {
    let remedy: string;
    if (b.extraNeeded !== null && b.mainResource !== null) {
      const word = resourceWord(b.extraNeeded, names, b.mainResource.name);
      remedy = `${b.extraNeeded} more ${word} would close the gap`;
    } else if (b.mainResource === null) {
      remedy = "it has no resources, so add some to close the gap";
    } else {
      remedy = `adding ${resourceWord(2, names, b.mainResource.name)} cannot close the gap while their rate × availability is 0`;
    }
    let sentence = `${b.name} limits the stream to ${cap}; demand is ${formatQuantity(demand)}; ${remedy}.`;
    const others = assessment.stages.filter((s) => s !== b && s.shortfall !== null && s.shortfall > 0);
    if (others.length > 0) {
      const list = others.map((s) => s.name).join(", ");
      sentence += ` ${others.length === 1 ? "1 other stage also falls short" : `${others.length} other stages also fall short`}: ${list}.`;
    }
    return sentence;
  }

  const u = b.utilisation ?? 0;
  return `${b.name} is the busiest stage at ${formatPercent(u)} of its capacity; the stream can meet demand of ${demandText}.`;
}
