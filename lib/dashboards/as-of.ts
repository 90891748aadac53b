import { todayIso } from "@/lib/clock";
import { isIsoDate, type IsoDate } from "@/lib/scoring";

export { todayIso };

/** The `?asOf=YYYY-MM-DD` of a dashboard: today when absent; flagged when it is not a real date. */
export function resolveAsOf(param: string | string[] | undefined): {
  asOf: IsoDate;
  invalid: boolean;
  isToday: boolean;
} {
  const today = todayIso();
  if (typeof param !== "string" || param === "") return { asOf: today, invalid: false, isToday: true };
  if (!isIsoDate(param)) return { asOf: today, invalid: true, isToday: true };
  return { asOf: param, invalid: false, isToday: param === today };
}
