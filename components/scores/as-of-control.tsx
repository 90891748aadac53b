import Link from "next/link";
import type { AsOf } from "@/lib/scoring/as-of";

/**
 * A plain GET form: the as-of date and the knowledge it is drawn with live in the URL, so any view can
 * be shared as it was. "As known now" draws the past with today's knowledge (later backfills and
 * corrections included); "as known then" exactly as it was at the end of that day.
 */
export function AsOfControl({
  state: { asOf, isToday, invalid, knownThen },
  path,
  keep = {},
}: {
  /** The page's resolved as-of date and knowledge (lib/scoring/as-of). */
  state: Pick<AsOf, "asOf" | "isToday" | "invalid" | "knownThen">;
  path: string;
  keep?: Record<string, string | undefined>;
}) {
  const todayQuery = new URLSearchParams(
    Object.entries(keep).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return (
    <form method="get" action={path} className="flex flex-wrap items-end gap-2" aria-label="As-of date">
      {Object.entries(keep).map(([name, v]) => (v ? <input key={name} type="hidden" name={name} value={v} /> : null))}
      <div>
        <label htmlFor="as-of" className="block text-xs font-medium text-slate-600">
          As of
        </label>
        <input
          id="as-of"
          type="date"
          name="asOf"
          defaultValue={asOf}
          className="mt-0.5 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
        />
      </div>
      <div>
        <label htmlFor="known" className="block text-xs font-medium text-slate-600">
          Knowledge
        </label>
        <select
          id="known"
          name="known"
          defaultValue={knownThen ? "then" : "now"}
          className="mt-0.5 rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
        >
          <option value="now">As known now</option>
          <option value="then">As known then</option>
        </select>
      </div>
      <button
        type="submit"
        className="rounded-md bg-white px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
      >
        Show
      </button>
      {!isToday && (
        <Link
          href={todayQuery ? `${path}?${todayQuery}` : path}
          className="px-2 py-1.5 text-sm text-brand-600 hover:underline"
        >
          Back to today
        </Link>
      )}
      {invalid && (
        <p role="alert" className="w-full text-xs text-red-700">
          That as-of date is not a valid date (YYYY-MM-DD, 1900–2200); showing today.
        </p>
      )}
    </form>
  );
}
