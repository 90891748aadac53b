import pluralize from "pluralize";
import type { UnitName } from "./types";

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

/** A share (0.9) as the percentage a form field shows (90), to one decimal; blank when there is none. */
export function percentInput(share: number | null | undefined): number | undefined {
  return share == null ? undefined : Math.round(share * 1000) / 10;
}

/**
 * The singular and plural of a unit. A string is taken as the plural people type ("campaign briefs",
 * "orders"); its singular comes from the pluralize library when the string reads as a plural, and is
 * the string itself otherwise ("kg", "m³", "hours of support"). Pass `{ one, other }` to override.
 */
export function unitForms(unit: UnitName): { one: string; other: string } {
  if (typeof unit !== "string") return unit;
  const other = unit.trim();
  return { one: pluralize.isPlural(other) ? pluralize.singular(other) : other, other };
}

/** The unit's form for a quantity as it is shown: singular only when it reads "1". */
export function unitWord(quantity: number, unit: UnitName): string {
  const forms = unitForms(unit);
  return formatQuantity(quantity) === "1" ? forms.one : forms.other;
}

/** "7.2 campaign briefs", "1 campaign brief". */
export function formatAmount(quantity: number, unit: UnitName): string {
  return `${formatQuantity(quantity)} ${unitWord(quantity, unit)}`;
}

/** "a week", "a month": the period as it reads after a rate ("an" before a vowel). */
export function perPeriod(period: string): string {
  return `${/^[aeiou]/i.test(period) ? "an" : "a"} ${period}`;
}

/** "7.2 campaign briefs a month". */
export function formatRate(quantity: number, unit: UnitName, period: string): string {
  return `${formatAmount(quantity, unit)} ${perPeriod(period)}`;
}

/** Whether two unit names mean the same unit (case, spacing and singular/plural aside). */
export function sameUnit(a: UnitName, b: UnitName): boolean {
  const key = (u: UnitName) => unitForms(u).one.toLowerCase().replace(/\s+/g, " ");
  return key(a) === key(b);
}
