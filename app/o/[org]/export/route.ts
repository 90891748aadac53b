import { now, todayIso } from "@/lib/clock";
import { toCsv } from "@/lib/csv";
import { exportMeasurements } from "@/lib/data/measurements";
import { invalid, notFound } from "@/lib/errors";
import { orgRoute } from "@/lib/http/org-route";
import { isIsoDate } from "@/lib/scoring/period";
import { parseKnownAt, utcDate } from "@/lib/time";
import { idSchema } from "@/lib/validations/team";

/**
 * The knowledge time of an export, as the pages take it: `known=then` is the end of the as-of date,
 * `knownAt=` an explicit instant (a date or a timestamp); default now. Undefined = as known now.
 */
function exportKnownAt(search: URLSearchParams, asOf: string | undefined): Date | undefined {
  const current = now();
  const known = search.get("known");
  if (known !== null && known !== "now" && known !== "then") throw invalid("known must be now or then.", "known");
  const explicit = search.getAll("knownAt");
  const param = explicit.length > 1 ? explicit : (explicit[0] ?? (known === "then" ? (asOf ?? todayIso()) : undefined));
  const knownAt = parseKnownAt(param, current);
  return knownAt === current ? undefined : knownAt;
}

/**
 * CSV of a stream's or a team's KPI values (kpi, date, value, note, then descriptive columns), as of
 * `asOf` (values of periods starting by then) and as known at `known=then` / `knownAt=` like the pages.
 */
export const GET = orgRoute(
  async (ctx, request) => {
    const search = new URL(request.url).searchParams;
    const scope = { streamId: search.get("stream") ?? undefined, teamId: search.get("team") ?? undefined };
    for (const id of [scope.streamId, scope.teamId]) {
      if (id !== undefined && !idSchema.safeParse(id).success) throw notFound();
    }
    const asOf = search.get("asOf") || undefined;
    if (asOf !== undefined && !isIsoDate(asOf)) throw invalid("asOf must be a date, YYYY-MM-DD.", "asOf");
    const knownAt = exportKnownAt(search, asOf);
    const rows = await exportMeasurements(ctx, scope, { asOf, knownAt });
    const csv = toCsv([
      ["kpi", "date", "value", "note", "name", "kind", "unit"],
      ...rows.map((r) => [r.kpi, r.date, r.value, r.note, r.name, r.kind, r.unit]),
    ]);
    const known = knownAt ? `-known-${utcDate(knownAt)}` : "";
    const name = `${ctx.org.slug}-measurements-${asOf ?? todayIso()}${known}.csv`;
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  },
  { permission: "org.read" },
);
