import { asSeries, stale, type Cadence, type IsoDate, type MeasurementsLike } from "@/lib/scoring";
import { pointsAsOf } from "./points";
import { isAbove, isBelow, isOn } from "./tolerance";

/**
 * Evidence-based controls (DESIGN "Analysis"): a control bound to a KPI rule, e.g. scrap rate ≤ 2 for 3
 * consecutive periods, derives its status from the KPI's values as of D.
 *
 * Decisions where DESIGN is silent:
 * - "The last n periods with data": gaps are skipped; staleness (lib/scoring's definition) guards recency.
 * - Order: `unknown` without data or when the latest value is stale (whatever it says); `breached` when the
 *   latest value fails the rule; `breached` with reason `recovering` when the latest satisfies it but an
 *   earlier one of the last n does not (the rule asks for n consecutive periods, so the control is not met
 *   again until n have passed, and a breach is not raised anew on the way back); `unknown` with reason
 *   `too_few_values` when all values satisfy it but there are fewer than n; else `met`.
 * - A value within 1e-9 (relative) of the threshold counts as equal to it: it satisfies ≤, ≥ and =, not < or >.
 * - n is a whole number from 1 to 120 (ten years of months), so what a status reads stays bounded.
 */

export const COMPARATORS = ["lt", "lte", "gt", "gte", "eq"] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const COMPARATOR_SYMBOLS: Record<Comparator, string> = { lt: "<", lte: "≤", gt: ">", gte: "≥", eq: "=" };

export interface ControlRule {
  comparator: Comparator;
  threshold: number;
  /** n: how many consecutive periods with data must satisfy the rule (a whole number ≥ 1). */
  periods: number;
}

export type ControlStatus = "met" | "breached" | "unknown";
export type ControlReason = "satisfied" | "latest_fails" | "recovering" | "no_data" | "stale" | "too_few_values";

export interface RuleEvidence {
  period: IsoDate;
  value: number;
  satisfies: boolean;
}

export interface ControlRuleResult {
  status: ControlStatus;
  reason: ControlReason;
  /** The values the status rests on: the last ≤ n with data on or before D, oldest first. */
  periods: RuleEvidence[];
  /** How many of the latest values satisfy the rule in a row (up to n). */
  consecutive: number;
  needed: number;
}

/** Why a rule cannot be saved, per field, for the form or a 422; empty when it can. */
export function controlRuleErrors(rule: {
  comparator: unknown;
  threshold: unknown;
  periods: unknown;
}): Partial<Record<keyof ControlRule, string>> {
  const errors: Partial<Record<keyof ControlRule, string>> = {};
  if (!COMPARATORS.includes(rule.comparator as Comparator)) {
    errors.comparator = `Choose one of ${COMPARATORS.map((c) => COMPARATOR_SYMBOLS[c]).join(", ")}.`;
  }
  if (typeof rule.threshold !== "number" || !Number.isFinite(rule.threshold)) errors.threshold = "Enter a number.";
  if (typeof rule.periods !== "number" || !Number.isInteger(rule.periods) || rule.periods < 1 || rule.periods > 120) {
    errors.periods = "Enter a whole number of periods from 1 to 120.";
  }
  return errors;
}

function assertRule(rule: ControlRule): void {
  const errors = controlRuleErrors(rule);
  const fields = Object.entries(errors);
  if (fields.length > 0)
    throw new RangeError(`Invalid control rule: ${fields.map(([f, m]) => `${f}: ${m}`).join(" ")}`);
}

/** Whether one value satisfies the rule's comparison. */
export function satisfiesRule(value: number, rule: Pick<ControlRule, "comparator" | "threshold">): boolean {
  const t = rule.threshold;
  switch (rule.comparator) {
    case "lt":
      return isBelow(value, t);
    case "lte":
      return !isAbove(value, t);
    case "gt":
      return isAbove(value, t);
    case "gte":
      return !isBelow(value, t);
    case "eq":
      return isOn(value, t);
  }
}

/** "≤ 2 for 3 consecutive periods" */
export function describeRule(rule: ControlRule, unit = ""): string {
  const threshold = `${rule.threshold}${unit ? ` ${unit}` : ""}`;
  const span = rule.periods === 1 ? "in the latest period" : `for ${rule.periods} consecutive periods`;
  return `${COMPARATOR_SYMBOLS[rule.comparator]} ${threshold} ${span}`;
}

/** A control rule's status as of D, with the periods it rests on. */
export function evaluateControlRule(
  rule: ControlRule,
  kpi: { cadence: Cadence; measurements: MeasurementsLike },
  asOf: IsoDate,
): ControlRuleResult {
  assertRule(rule);
  const series = asSeries(kpi.measurements);
  const evidence: RuleEvidence[] = pointsAsOf(series, asOf)
    .slice(-rule.periods)
    .map((p) => ({ ...p, satisfies: satisfiesRule(p.value, rule) }));
  let consecutive = 0;
  for (let i = evidence.length - 1; i >= 0 && (evidence[i] as RuleEvidence).satisfies; i--) consecutive++;
  const result = (status: ControlStatus, reason: ControlReason): ControlRuleResult => ({
    status,
    reason,
    periods: evidence,
    consecutive,
    needed: rule.periods,
  });

  if (evidence.length === 0) return result("unknown", "no_data");
  if (stale({ cadence: kpi.cadence }, series, asOf)) return result("unknown", "stale");
  if (consecutive === 0) return result("breached", "latest_fails");
  if (consecutive < evidence.length) return result("breached", "recovering");
  if (evidence.length < rule.periods) return result("unknown", "too_few_values");
  return result("met", "satisfied");
}
