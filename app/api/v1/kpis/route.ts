import { kpiJson } from "@/lib/api/serialise";
import { created, json, pathId, withApi } from "@/lib/api/with-api";
import { createKpi, listKpis } from "@/lib/data/kpis";
import { apiCreateKpiSchema, apiKpiListQuery } from "@/lib/validations/api";

export const GET = withApi({ scope: "read", query: apiKpiListQuery }, async ({ ctx, query }) => {
  const rows = await listKpis(ctx, {
    streamId: query.stream === undefined ? undefined : pathId(query.stream, "That value stream"),
    teamId: query.team === undefined ? undefined : pathId(query.team, "That team"),
    kind: query.kind,
    archived: query.archived,
  });
  return json({ data: rows.map(kpiJson) });
});

export const POST = withApi({ scope: "write", body: apiCreateKpiSchema }, async ({ ctx, body }) => {
  const kpi = await createKpi(ctx, {
    ...body,
    description: body.description || undefined,
    baseline: body.baseline ?? undefined,
    stageId: body.stageId ?? undefined,
    teamId: body.teamId ?? undefined,
    ownerId: body.ownerId ?? undefined,
  });
  return created(kpiJson(kpi), `/api/v1/kpis/${kpi.id}`);
});
