import "server-only";
import { createKpi, deleteKpi, getKpi, listKpis, listKpiVersions, patchKpi } from "@/lib/data/kpis";
import { analyseKpi } from "@/lib/data/kpi-analysis";
import { listMeasurements } from "@/lib/data/measurements";
import { toAnalysisResponse } from "@/lib/analysis";
import { now, todayIso } from "@/lib/clock";
import { parseKnownAt } from "@/lib/time";
import {
  apiCreateKpiSchema,
  apiEmptyQuery,
  apiKpiAnalysisQuery,
  apiKpiListQuery,
  apiMeasurementListQuery,
  apiUpdateKpiSchema,
} from "@/lib/validations/api";
import { endpoint, kpiParam, pathId } from "../endpoint";
import { kpiAnalysisSchema, kpiListSchema, kpiSchema, kpiVersionListSchema, measurementAnswerSchema } from "../schemas";
import { kpiJson, kpiVersionsJson } from "../serialise";

const notFound = "No such KPI in the token's organisation.";
const duplicateKey = "Another KPI has that key.";
const FORMULA_RULES =
  "`formula` makes a formula KPI: per period, numerator ÷ denominator of two plain KPIs of this organisation (by id or key) with the formula's cadence; its values are computed, and recording one answers 422. Refused with 422 naming `formula.numerator`, `formula.denominator`, `formula` or `cadence`: an unknown KPI (another organisation's included), the KPI itself, an input that is itself a formula (formulas of formulas are not allowed, so no cycle can form), the same KPI twice, inputs of different cadences or of another cadence than the formula's, a KPI that has recorded values or is itself an input. A new cadence for an input answers 422 (`cadence`).";

export const kpiEndpoints = [
  endpoint({
    method: "GET",
    path: "/kpis",
    operationId: "listKpis",
    tag: "KPIs",
    summary: "List the KPIs",
    scope: "read",
    query: apiKpiListQuery,
    response: { status: 200, description: "KPIs by key (MKT-2 before MKT-10).", schema: kpiListSchema },
    errors: { 404: "The stream or team filter names none of the organisation's." },
    handler: async ({ ctx, query }) => {
      const rows = await listKpis(ctx, {
        streamId: query.stream === undefined ? undefined : pathId(query.stream, "That value stream"),
        teamId: query.team === undefined ? undefined : pathId(query.team, "That team"),
        kind: query.kind,
        archived: query.archived,
      });
      return { data: rows.map(kpiJson) };
    },
  }),
  endpoint({
    method: "POST",
    path: "/kpis",
    operationId: "createKpi",
    tag: "KPIs",
    summary: "Create a KPI",
    scope: "write",
    body: apiCreateKpiSchema,
    description: FORMULA_RULES,
    response: {
      status: 201,
      description: "The new KPI.",
      schema: kpiSchema,
      location: (kpi) => `/api/v1/kpis/${kpi.id}`,
    },
    errors: { 404: "No such stream in the token's organisation.", 409: duplicateKey },
    handler: async ({ ctx, body }) =>
      kpiJson(
        await createKpi(ctx, {
          ...body,
          description: body.description || undefined,
          baseline: body.baseline ?? undefined,
          targetDate: body.targetDate ?? undefined,
          planStart: body.planStart ?? undefined,
          stageId: body.stageId ?? undefined,
          teamId: body.teamId ?? undefined,
          ownerId: body.ownerId ?? undefined,
        }),
      ),
  }),
  endpoint({
    method: "GET",
    path: "/kpis/{id}",
    operationId: "getKpi",
    tag: "KPIs",
    summary: "Get a KPI",
    scope: "read",
    params: { id: kpiParam },
    query: apiEmptyQuery,
    response: { status: 200, description: "The KPI.", schema: kpiSchema },
    errors: { 404: notFound },
    handler: async ({ ctx, params }) => kpiJson(await getKpi(ctx, params.id)),
  }),
  endpoint({
    method: "PATCH",
    path: "/kpis/{id}",
    operationId: "updateKpi",
    tag: "KPIs",
    summary: "Change a KPI",
    scope: "write",
    params: { id: kpiParam },
    body: apiUpdateKpiSchema,
    description:
      'A change to kind, direction, baseline, target, target date, plan start, weight, team, stage or archived is a new definition version valid from `validFrom` (default today): a past date corrects history, a future one plans a change. Name, unit, key and description are labels and change for every date. Refused with 422 naming the field: validFrom before 2000, a target date before the plan start, a direction contradicting baseline and target. A new `cadence` on a KPI with values answers 409 `cadence_has_values` and changes nothing, unless the request says `"rebucket": true`: then every value is re-bucketed into the new cadence in the same transaction, as new measurement versions recorded now (tombstones for the periods that go), so `knownAt` before the change still answers the old series. `rebucket` on a KPI without values: 422. ' +
      FORMULA_RULES,
    response: { status: 200, description: "The KPI as it is now.", schema: kpiSchema },
    errors: {
      404: notFound,
      409: `${duplicateKey} Or cadence_has_values: a new cadence on a KPI with values, without "rebucket": true.`,
    },
    handler: async ({ ctx, params, body }) => kpiJson(await getKpi(ctx, await patchKpi(ctx, params.id, body))),
  }),
  endpoint({
    method: "GET",
    path: "/kpis/{id}/versions",
    operationId: "listKpiVersions",
    tag: "KPIs",
    summary: "List a KPI's definition versions",
    description:
      "Every version of the KPI's definition, in recording order, with its validFrom, recordedAt, author and what it changed.",
    scope: "read",
    params: { id: kpiParam },
    query: apiEmptyQuery,
    response: { status: 200, description: "The versions, oldest recorded first.", schema: kpiVersionListSchema },
    errors: { 404: notFound },
    handler: async ({ ctx, params }) => {
      const { kpi, history, authorNames } = await listKpiVersions(ctx, params.id);
      return kpiVersionsJson(kpi, history, authorNames);
    },
  }),
  endpoint({
    method: "GET",
    path: "/kpis/{id}/analysis",
    operationId: "getKpiAnalysis",
    tag: "KPIs",
    summary: "Signal or noise and the forecast of a KPI",
    description:
      "XmR limits and the signals of Wheeler's three rules (each improving or worsening by the KPI's direction), and the forecast of meeting the target, as of a date and as known at an instant (knownAt): the KPI's values and definition as recorded by then. The forecast resamples the last ≤ 24 changes 10,000 times from a generator seeded by (KPI, asOf, knownAt), so the same three redraw the same answer.",
    scope: "read",
    params: { id: kpiParam },
    query: apiKpiAnalysisQuery,
    response: { status: 200, description: "Limits, signals and forecast.", schema: kpiAnalysisSchema },
    errors: { 404: notFound },
    handler: async ({ ctx, params, query }) => {
      const current = now();
      const knownAt = parseKnownAt(query.knownAt, current);
      // Today's knowledge (no knownAt, or one clamped to now) reads the current values.
      const asKnown = knownAt === current ? undefined : knownAt;
      const { analysis } = await analyseKpi(ctx, params.id, query.asOf ?? todayIso(), asKnown);
      return toAnalysisResponse(analysis);
    },
  }),
  endpoint({
    method: "DELETE",
    path: "/kpis/{id}",
    operationId: "deleteKpi",
    tag: "KPIs",
    summary: "Delete a KPI",
    description:
      "Deletes the KPI and its values. To keep them, archive it instead (PATCH archived: true). An input of a formula KPI answers 409 `kpi_in_formula` (as does archiving it): change the formula first.",
    scope: "write",
    params: { id: kpiParam },
    response: { status: 204, description: "Deleted." },
    errors: { 404: notFound, 409: "kpi_in_formula: the KPI is an input of a formula KPI." },
    handler: async ({ ctx, params }) => {
      await deleteKpi(ctx, { kpiId: params.id });
    },
  }),
  endpoint({
    method: "GET",
    path: "/kpis/{id}/measurements",
    operationId: "listMeasurements",
    tag: "Measurements",
    summary: "List a KPI's values, as known at an instant, or their history",
    description:
      "The values whose period overlaps from–to as Flowline knew them at knownAt (default now; a later instant is answered with today's knowledge, as /scores does): per period the latest version recorded by then, deleted periods left out. With history=true: every version recorded by knownAt instead, by period and in recording order, each with recordedAt, its author (a member, or an API token by name) and note; a deletion is a version with value null and deleted true.",
    scope: "read",
    params: { id: kpiParam },
    query: apiMeasurementListQuery,
    response: {
      status: 200,
      description: "The values (history=false) or every version (history=true), oldest period first.",
      schema: measurementAnswerSchema,
    },
    errors: { 404: notFound },
    handler: async ({ ctx, params, query }) => {
      const current = now();
      const knownAt = parseKnownAt(query.knownAt, current);
      const range = { from: query.from, to: query.to };
      const history = query.history === "true";
      // Today's values (no knownAt, or one clamped to now) are the current ones, as /scores reads them.
      const answer = await listMeasurements(ctx, params.id, range, {
        knownAt: knownAt === current && !history ? undefined : knownAt,
        history,
      });
      const kpi = { id: answer.kpi.id, key: answer.kpi.key, cadence: answer.kpi.cadence };
      if (answer.history) {
        return {
          kpi,
          knownAt: knownAt.toISOString(),
          history: true as const,
          data: answer.versions.map((v) => ({
            period: v.period,
            value: v.value,
            deleted: v.value === null,
            note: v.note,
            recordedAt: v.recordedAt.toISOString(),
            author: v.author,
          })),
        };
      }
      return {
        kpi,
        knownAt: knownAt.toISOString(),
        history: false as const,
        data: answer.measurements.map((m) => ({
          period: m.period,
          value: m.value,
          note: m.note,
          updatedAt: m.updatedAt.toISOString(),
        })),
      };
    },
  }),
];
