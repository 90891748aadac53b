import { now, todayIso } from "@/lib/clock";
import { parseKnownAt } from "@/lib/time";
import { isIsoDate } from "./period";
import type { IsoDate } from "./types";

export { todayIso };

export interface AsOf {
  asOf: IsoDate;
  invalid: boolean;
  isToday: boolean;
  /** "As known then" (`?known=then`): the page exactly as it was at the end of the as-of date. */
  knownThen: boolean;
  /** The knowledge time to draw with; undefined = as known now. */
  knownAt: Date | undefined;
}

/**
 * The `?asOf=YYYY-MM-DD&known=then` of a dashboard: today when absent; flagged when it is not a real
 * date. As known now (the default) is today's knowledge of the past, with later backfills and
 * corrections; as known then reads only what was recorded by the end of the as-of date.
 */
export function resolveAsOf(param: string | string[] | undefined, known?: string | string[]): AsOf {
  const today = todayIso();
  const knownThen = known === "then";
  const at = (asOf: IsoDate, invalid: boolean): AsOf => {
    const current = now();
    const knownAt = knownThen ? parseKnownAt(asOf, current) : current;
    return { asOf, invalid, isToday: asOf === today, knownThen, knownAt: knownAt === current ? undefined : knownAt };
  };
  if (typeof param !== "string" || param === "") return at(today, false);
  if (!isIsoDate(param)) return at(today, true);
  return at(param, false);
}

/**
 * The query that carries a page's as-of state to a link (pagination, export): "asOf=…&known=then",
 * each part only when it is not the default; "" for today as known now.
 */
export function asOfParams(state: Pick<AsOf, "asOf" | "isToday" | "knownThen">): string {
  const params = new URLSearchParams();
  if (!state.isToday) params.set("asOf", state.asOf);
  if (state.knownThen) params.set("known", "then");
  return params.toString();
}
