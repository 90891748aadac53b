import type { ExplainNames, StageAssessment, StreamAssessment, UnitName } from "./types";
import { formatPercent, formatQuantity, formatRate, sameUnit, unitForms } from "./units";

export { formatPercent, formatQuantity } from "./units";

/** How the UI labels `leadTime`: Little's law gives a steady-state estimate, not a measurement. */
export const LEAD_TIME_ESTIMATE_LABEL = "steady-state estimate (Little's law)";

function resourceWord(count: number, names: ExplainNames, fallback: string): string {
  const r = names.resource;
  if (r === undefined) return fallback;
  if (typeof r === "string") return r;
  return count === 1 ? r.one : r.other;
}

/** The unit a stage counts in: its own, else the stream's (an f ≠ 1 without a unit counts "units"). */
export function stageUnitName(stage: Pick<StageAssessment, "unit" | "conversion">, streamUnit: UnitName): UnitName {
  if (stage.unit) return stage.unit;
  return stage.conversion === 1 ? streamUnit : "units";
}

/** Whether a stage counts in the stream's unit (no own unit, or the same one, and f = 1). */
export function countsInStreamUnit(stage: Pick<StageAssessment, "unit" | "conversion">, streamUnit: UnitName): boolean {
  return stage.conversion === 1 && (!stage.unit || sameUnit(stage.unit, streamUnit));
}

function remedy(b: StageAssessment, names: ExplainNames): string {
  if (b.extraNeeded !== null && b.mainResource !== null) {
    return `${b.extraNeeded} more ${resourceWord(b.extraNeeded, names, b.mainResource.name)} would close the gap`;
  }
  if (b.mainResource === null) return "it has no resources, so add some to close the gap";
  return `adding ${resourceWord(2, names, b.mainResource.name)} cannot close the gap while their rate × availability is 0`;
}

function othersShort(assessment: StreamAssessment, b: StageAssessment): string {
  const others = assessment.stages.filter((s) => s !== b && s.shortfall !== null && s.shortfall > 0);
  if (others.length === 0) return "";
  const list = others.map((s) => s.name).join(", ");
  const head = others.length === 1 ? "1 other stage also falls short" : `${others.length} other stages also fall short`;
  return ` ${head}: ${list}.`;
}

/** The sentence for a bottleneck that counts in the stream's unit (the wording before stage units). */
function explainInStreamUnit(assessment: StreamAssessment, b: StageAssessment, names: ExplainNames): string {
  const per = `${unitForms(names.unit).other}/${names.period}`;
  const demand = assessment.demand;
  const cap = `${formatQuantity(b.capacity)} ${per}`;
  if (demand === null || demand <= 0) {
    const demandPart = demand === null ? "no demand is set" : "demand is 0";
    return `${b.name} has the lowest capacity, ${cap}, the most the stream can deliver; ${demandPart}.`;
  }
  if (b.shortfall !== null && b.shortfall > 0) {
    return `${b.name} limits the stream to ${cap}; demand is ${formatQuantity(demand)}; ${remedy(b, names)}.${othersShort(assessment, b)}`;
  }
  const u = b.utilisation ?? 0;
  return `${b.name} is the busiest stage at ${formatPercent(u)} of its capacity; the stream can meet demand of ${formatQuantity(demand)} ${per}.`;
}

/**
 * The sentence for a bottleneck with its own unit: its capacity and demand in that unit, then what it
 * means in the stream's unit ("Plan campaigns can handle 5 campaign briefs a month; the demand needs
 * 6.67, so it limits the stream to 300 leads a month of the 400 wanted; 1 more marketer would close
 * the gap.").
 */
function explainInOwnUnit(assessment: StreamAssessment, b: StageAssessment, names: ExplainNames): string {
  const own = stageUnitName(b, names.unit);
  const capacity = formatRate(b.capacity, own, names.period);
  const demand = assessment.demand;
  const streamUnit = unitForms(names.unit).other;
  if (demand === null || demand <= 0) {
    const demandPart = demand === null ? "no demand is set" : "demand is 0";
    const inStream = `${formatQuantity(b.capacityInStreamUnits)} ${streamUnit}`;
    return `${b.name} has the lowest capacity, ${capacity} (${inStream}), the most the stream can deliver; ${demandPart}.`;
  }
  const needs = `the demand needs ${formatQuantity(b.demand ?? 0)}`;
  if (b.shortfall !== null && b.shortfall > 0) {
    const limit = `${formatRate(b.capacityInStreamUnits, names.unit, names.period)} of the ${formatQuantity(demand)} wanted`;
    return `${b.name} can handle ${capacity}; ${needs}, so it limits the stream to ${limit}; ${remedy(b, names)}.${othersShort(assessment, b)}`;
  }
  const u = formatPercent(b.utilisation ?? 0);
  const met = formatRate(demand, names.unit, names.period);
  return `${b.name}, the busiest stage, can handle ${capacity}; ${needs} (${u} of its capacity), so the stream can meet demand of ${met}.`;
}

/**
 * One plain sentence (two when other stages also fall short) on what limits the stream.
 * - No stages: says there is nothing to assess.
 * - Demand null or 0: the stage with the lowest capacity in stream units and the most the stream can deliver.
 * - Bottleneck short of demand: its capacity, the demand and how many more of its main resource
 *   would close the gap (or that adding its main resource cannot close it).
 * - Otherwise: the busiest stage's utilisation and that demand can be met.
 * A bottleneck counting in the stream's unit reads "Assembly limits the stream to 90 orders/week; …";
 * one with its own unit names both ("Plan campaigns, the busiest stage, can handle 7.2 campaign briefs
 * a month; the demand needs 6.67 (93% of its capacity), so the stream can meet demand of 400 leads a
 * month.").
 */
export function explainBottleneck(assessment: StreamAssessment, names: ExplainNames): string {
  const b = assessment.bottleneck;
  if (b === null) return "The stream has no stages to assess.";
  return countsInStreamUnit(b, names.unit)
    ? explainInStreamUnit(assessment, b, names)
    : explainInOwnUnit(assessment, b, names);
}

/**
 * A stage's figures in its own unit and, when it differs, in the stream's: "Plan campaigns can handle
 * 7.2 campaign briefs a month (432 leads); the demand needs 6.67 (400 leads): 93% utilised."
 */
export function explainStage(stage: StageAssessment, names: Pick<ExplainNames, "unit" | "period">): string {
  const own = stageUnitName(stage, names.unit);
  const inStream = !countsInStreamUnit(stage, names.unit);
  const also = (x: number) => (inStream ? ` (${formatQuantity(x)} ${unitForms(names.unit).other})` : "");
  const can = `${stage.name} can handle ${formatRate(stage.capacity, own, names.period)}${also(stage.capacityInStreamUnits)}`;
  if (stage.demand === null || stage.demandInStreamUnits === null) return `${can}; no demand is set.`;
  const needs = `the demand needs ${formatQuantity(stage.demand)}${also(stage.demandInStreamUnits)}`;
  const u = stage.utilisation ?? 0;
  if (!Number.isFinite(u)) return `${can}; ${needs}: it has no capacity.`;
  const behind =
    stage.shortfall !== null && stage.shortfall > 0
      ? `, falling behind by ${formatRate(stage.shortfall, own, names.period)}`
      : "";
  return `${can}; ${needs}: ${formatPercent(u)} utilised${behind}.`;
}

/**
 * The lead time with its label: "about 1.5 weeks (a steady-state estimate (Little's law))"; "at least"
 * when some stages gave no WIP. Null when there is no lead time.
 */
export function explainLeadTime(assessment: StreamAssessment, period: string): string | null {
  if (assessment.leadTime === null) return null;
  const amount = `${formatQuantity(assessment.leadTime)} ${formatQuantity(assessment.leadTime) === "1" ? period : `${period}s`}`;
  const bound = assessment.leadTimePartial ? "at least" : "about";
  return `${bound} ${amount}, a ${LEAD_TIME_ESTIMATE_LABEL}`;
}
