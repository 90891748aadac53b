import { findOrgContext } from "@/lib/auth/context";
import { toCsv } from "@/lib/csv";
import { exportMeasurements } from "@/lib/data/measurements";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/validations/team";

/** CSV of a stream's or a team's KPI values (kpi, date, value, note, then descriptive columns). */
export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const ctx = await findOrgContext((await params).org);
  if (ctx === "unauthenticated") return new Response("Sign in to export.", { status: 401 });
  if (!ctx) return new Response("Not found.", { status: 404 });
  const search = new URL(request.url).searchParams;
  const scope = { streamId: search.get("stream") ?? undefined, teamId: search.get("team") ?? undefined };
  for (const id of [scope.streamId, scope.teamId]) {
    if (id !== undefined && !idSchema.safeParse(id).success) return new Response("Not found.", { status: 404 });
  }
  const rows = await exportMeasurements(ctx, scope).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!rows) return new Response("Not found.", { status: 404 });
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
}
