import { toCsv } from "@/lib/csv";
import { exportMeasurements } from "@/lib/data/measurements";
import { notFound } from "@/lib/errors";
import { orgRoute } from "@/lib/http/org-route";
import { idSchema } from "@/lib/validations/team";

/** CSV of a stream's or a team's KPI values (kpi, date, value, note, then descriptive columns). */
export const GET = orgRoute(
  async (ctx, request) => {
    const search = new URL(request.url).searchParams;
    const scope = { streamId: search.get("stream") ?? undefined, teamId: search.get("team") ?? undefined };
    for (const id of [scope.streamId, scope.teamId]) {
      if (id !== undefined && !idSchema.safeParse(id).success) throw notFound();
    }
    const rows = await exportMeasurements(ctx, scope);
    const csv = toCsv([
      ["kpi", "date", "value", "note", "name", "kind", "unit"],
      ...rows.map((r) => [r.kpi, r.date, r.value, r.note, r.name, r.kind, r.unit]),
    ]);
    const name = `${ctx.org.slug}-measurements-${new Date().toISOString().slice(0, 10)}.csv`;
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
