import { kpiJson } from "@/lib/api/serialise";
import { json, noContent, pathKpi, withApi } from "@/lib/api/with-api";
import { deleteKpi, getKpi, patchKpi } from "@/lib/data/kpis";
import { apiEmptyQuery, apiUpdateKpiSchema } from "@/lib/validations/api";

export const GET = withApi({ scope: "read", query: apiEmptyQuery }, async ({ ctx, params }) =>
  json(kpiJson(await getKpi(ctx, pathKpi(params.id)))),
);

export const PATCH = withApi({ scope: "write", body: apiUpdateKpiSchema }, async ({ ctx, params, body }) => {
  const id = await patchKpi(ctx, pathKpi(params.id), body);
  return json(kpiJson(await getKpi(ctx, id)));
});

export const DELETE = withApi({ scope: "write" }, async ({ ctx, params }) => {
  await deleteKpi(ctx, { kpiId: pathKpi(params.id) });
  return noContent();
});
