import { json, pathKpi, withApi } from "@/lib/api/with-api";
import { listMeasurements } from "@/lib/data/measurements";
import { apiMeasurementListQuery } from "@/lib/validations/api";

export const GET = withApi({ scope: "read", query: apiMeasurementListQuery }, async ({ ctx, params, query }) => {
  const { kpi, measurements } = await listMeasurements(ctx, pathKpi(params.id), query);
  return json({
    kpi: { id: kpi.id, key: kpi.key, cadence: kpi.cadence },
    data: measurements.map((m) => ({
      period: m.period,
      value: m.value,
      note: m.note,
      updatedAt: m.updatedAt.toISOString(),
    })),
  });
});
