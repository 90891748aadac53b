import { calendarDate, lastDayOfMonth, shiftPeriod } from "./period";
import { scoreSet } from "./score";
import { prepareKpis } from "./series";
import type { IsoDate, ScoreSettings, ScoringKpi, ScoringOptions } from "./types";

export interface TrendPoint {
  asOf: IsoDate;
  /** V as of that date; null when no KPI had data. */
  value: number | null;
}

/** The last days of the `months` months before `asOf`'s month, oldest first, then `asOf` itself. */
export function trendDates(asOf: IsoDate, months = 11): IsoDate[] {
  calendarDate(asOf);
  const dates: IsoDate[] = [];
  for (let back = months; back >= 1; back--) dates.push(lastDayOfMonth(shiftPeriod(asOf, "month", -back)));
  dates.push(asOf);
  return dates;
}

/**
 * Trend (DESIGN 6): 12 points, V as of the last day of each of the 11 months before `asOf`'s month,
 * then as of `asOf`, oldest first. Each point scores the set as defined on its own date (targets,
 * weights, kinds and archiving as of then, as known at `options.knownAt`). Measurements are sorted
 * once for all 12 dates.
 */
export function trend(
  kpis: readonly ScoringKpi[],
  asOf: IsoDate,
  settings: Partial<ScoreSettings> = {},
  options: ScoringOptions = {},
): TrendPoint[] {
  const prepared = prepareKpis(kpis);
  return trendDates(asOf).map((date) => ({ asOf: date, value: scoreSet(prepared, date, settings, options).value }));
}
