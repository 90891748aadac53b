import { asSeries } from "./series";
import type { IsoDate, Measurement, MeasurementsLike } from "./types";

/*
 * Formula KPIs (DESIGN "Value chain"): a KPI computed per period as the ratio x / y of two KPIs of
 * the same cadence. A period where an input has no value, or y = 0, has no value. The caller gives
 * each input's values as known at the knowledge time it scores with; nothing here reads a clock.
 */

/** Why a period of a formula has no value, or null when it has one. */
export type FormulaGap = "numerator_missing" | "denominator_missing" | "denominator_zero";

/** One period of a formula: both inputs (null when missing) and the division, or why there is none. */
export interface FormulaPeriod {
  period: IsoDate;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  gap: FormulaGap | null;
}

/**
 * Every period where either input has a value, oldest first, with the division or the reason it has
 * no value. What a formula KPI's explanation shows.
 */
export function formulaPeriods(numerator: MeasurementsLike, denominator: MeasurementsLike): FormulaPeriod[] {
  const x = asSeries(numerator);
  const y = asSeries(denominator);
  const xs = new Map(x.periods.map((p, i) => [p, x.values[i]!]));
  const ys = new Map(y.periods.map((p, i) => [p, y.values[i]!]));
  const periods = [...new Set([...x.periods, ...y.periods])].sort();
  return periods.map((period) => {
    const n = xs.get(period) ?? null;
    const d = ys.get(period) ?? null;
    const gap: FormulaGap | null =
      n === null ? "numerator_missing" : d === null ? "denominator_missing" : d === 0 ? "denominator_zero" : null;
    const value = gap === null ? n! / d! : null;
    // A finite x over a tiny y can overflow a double: such a period is no value rather than Infinity.
    if (value !== null && !Number.isFinite(value))
      return { period, numerator: n, denominator: d, value: null, gap: "denominator_zero" };
    return { period, numerator: n, denominator: d, value, gap };
  });
}

/** The formula's values: x / y for every period where both inputs have a value and y ≠ 0. */
export function formulaSeries(numerator: MeasurementsLike, denominator: MeasurementsLike): Measurement[] {
  return formulaPeriods(numerator, denominator)
    .filter((p) => p.value !== null)
    .map((p) => ({ period: p.period, value: p.value! }));
}

export const FORMULA_GAP_READINGS: Record<FormulaGap, string> = {
  numerator_missing: "no value for the numerator",
  denominator_missing: "no value for the denominator",
  denominator_zero: "the denominator is 0",
};
