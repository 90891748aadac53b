import { calendarDate, periodStart, type Cadence, type IsoDate } from "@/lib/scoring";

const MS_PER_DAY = 86_400_000;

/**
 * How many periods of `cadence` the period holding `to` lies after the one holding `from` (negative when
 * before): 2026-01-15 → 2026-03-02 is 2 months, 0 quarters.
 */
export function periodsApart(from: IsoDate, to: IsoDate, cadence: Cadence): number {
  const a = calendarDate(periodStart(from, cadence));
  const b = calendarDate(periodStart(to, cadence));
  if (cadence === "week") {
    return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / (7 * MS_PER_DAY));
  }
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  return cadence === "month" ? months : months / 3;
}
