import type { UnitName } from "./types";
import { formatAmount, formatQuantity, sameUnit, unitForms } from "./units";

/**
 * Conversions (a stage's f, a link's k) and the amounts people enter for them lie in
 * [1 / MAX_CONVERSION, MAX_CONVERSION]: beyond that a figure is a typing slip, and 1/f would lose
 * the precision the figures need.
 */
export const MAX_CONVERSION = 1e9;
const MAX_TEXT = "1,000,000,000";

/**
 * A stage's conversion as people say it:
 * - `brings`: "1 campaign brief brings `amount` leads" → f = 1 / amount;
 * - `needs`: "each order needs `amount` machined parts" → f = amount.
 */
export interface ConversionEntry {
  mode: "brings" | "needs";
  amount: number;
}

/**
 * A link's conversion k (units of B's output one unit of A's output ends up as) as people say it:
 * - `make`: "`amount` leads make 1 customer" → k = 1 / amount;
 * - `becomes`: "1 order becomes `amount` deliveries" → k = amount.
 */
export interface LinkConversionEntry {
  mode: "make" | "becomes";
  amount: number;
}

/** Removes float noise from a reciprocal: 1 / (1 / 60) shows as 60, not 59.99999999999999. */
const clean = (x: number): number => Number(x.toPrecision(12));

function rangeProblem(value: number, what: string): string | null {
  if (typeof value !== "number" || Number.isNaN(value)) return `The ${what} must be a number.`;
  if (value <= 0) return `The ${what} must be greater than 0.`;
  if (value > MAX_CONVERSION) return `The ${what} must be at most ${MAX_TEXT}.`;
  return null;
}

/** Why f or k cannot be used (not a number, ≤ 0, over 10⁹ or under 10⁻⁹), or null when it can. */
export function conversionProblem(value: number): string | null {
  const problem = rangeProblem(value, "conversion");
  if (problem) return problem;
  if (value < 1 / MAX_CONVERSION) return `The conversion must be at least 1 in ${MAX_TEXT}.`;
  return null;
}

/** Why an entered amount cannot be used, or null when it can. */
export function conversionEntryProblem(entry: { amount: number }): string | null {
  return rangeProblem(entry.amount, "amount");
}

/** f from an entry (the amount must pass `conversionEntryProblem`). */
export function conversionFromEntry(entry: ConversionEntry): number {
  return entry.mode === "brings" ? 1 / entry.amount : entry.amount;
}

/** The entry to show for f: `needs` when f ≥ 1 (whole parts per unit), `brings` when f < 1. */
export function conversionToEntry(f: number): ConversionEntry {
  return f >= 1 ? { mode: "needs", amount: clean(f) } : { mode: "brings", amount: clean(1 / f) };
}

/** k from an entry (the amount must pass `conversionEntryProblem`). */
export function linkConversionFromEntry(entry: LinkConversionEntry): number {
  return entry.mode === "make" ? 1 / entry.amount : entry.amount;
}

/** The entry to show for k: `becomes` when k ≥ 1, `make` when k < 1 (16 leads make 1 customer). */
export function linkConversionToEntry(k: number): LinkConversionEntry {
  return k >= 1 ? { mode: "becomes", amount: clean(k) } : { mode: "make", amount: clean(1 / k) };
}

/**
 * f in words: "1 campaign brief brings 60 leads", "each order needs 3 machined parts"; a stage that
 * counts in the stream's own unit with f = 1 "counts orders, as the stream does".
 */
export function describeConversion(f: number, stageUnit: UnitName, streamUnit: UnitName): string {
  if (f === 1 && sameUnit(stageUnit, streamUnit)) return `counts ${unitForms(streamUnit).other}, as the stream does`;
  const entry = conversionToEntry(f);
  return entry.mode === "brings"
    ? `1 ${unitForms(stageUnit).one} brings ${formatAmount(entry.amount, streamUnit)}`
    : `each ${unitForms(streamUnit).one} needs ${formatAmount(entry.amount, stageUnit)}`;
}

/** k in words: "16 leads make 1 customer", "1 order becomes 3 deliveries". */
export function describeLinkConversion(k: number, fromUnit: UnitName, toUnit: UnitName): string {
  const entry = linkConversionToEntry(k);
  return entry.mode === "make"
    ? `${formatAmount(entry.amount, fromUnit)} ${formatQuantity(entry.amount) === "1" ? "makes" : "make"} 1 ${unitForms(toUnit).one}`
    : `1 ${unitForms(fromUnit).one} becomes ${formatAmount(entry.amount, toUnit)}`;
}
