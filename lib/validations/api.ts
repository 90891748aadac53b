import { z } from "zod";
import { kpiKinds } from "@/db/schema/streams";
import { apiCreateKpiSchema, apiUpdateKpiSchema, apiMeasurementItemSchema, isoDateSchema } from "./kpi";
import { apiCreateStreamSchema, apiStageSchema, apiUpdateStreamSchema } from "./stream";

/**
 * Request schemas of the REST API (v1). The bodies are the JSON encodings of each resource's contract
 * (lib/validations/<resource>.ts): strict objects, no coercion, null clears an optional field; the
 * query strings, which only the API has, are here. The OpenAPI document is generated from these
 * schemas (`.meta({ id })` names its components).
 */

export { apiCreateTeamSchema } from "./team";
export {
  apiCreateStreamSchema,
  apiResourceSchema,
  apiStageSchema,
  apiUpdateStreamSchema,
  MAX_RESOURCES_PER_STAGE,
  MAX_STAGES,
} from "./stream";
export {
  apiBulkMeasurementsSchema,
  apiCreateKpiSchema,
  apiMeasurementItemSchema,
  apiUpdateKpiSchema,
  MAX_BULK_MEASUREMENTS,
} from "./kpi";

// ---- Query strings: each value a string (repeated parameters arrive as a list and are refused) ------

const flag = z.enum(["true", "false"], { error: "Use true or false." });

export const apiStreamListQuery = z.strictObject({
  archived: flag.optional().describe("true: only archived streams; default false: only live ones."),
});

export const apiKpiListQuery = z.strictObject({
  stream: z.string().optional().describe("Only the KPIs of this stream (id)."),
  team: z.string().optional().describe("Only the KPIs of this team (id)."),
  kind: z.enum(kpiKinds, { error: "Kind must be output or outcome." }).optional(),
  archived: z
    .enum(["true", "false", "all"], { error: "Use true, false or all." })
    .optional()
    .describe("Default false: live KPIs only."),
});

/** Knowledge time (DESIGN "knownAt"): checked by parseKnownAt, which names the field when it is wrong. */
const knownAtParam = z
  .string()
  .optional()
  .describe(
    "Knowledge time: an ISO date (the end of that day, UTC) or timestamp; only what Flowline had recorded by then counts. Default: now; a later instant is answered with today's knowledge.",
  );

export const apiMeasurementListQuery = z
  .strictObject({
    from: isoDateSchema.optional().describe("From the period holding this date (inclusive)."),
    to: isoDateSchema.optional().describe("Up to this date (inclusive)."),
    knownAt: knownAtParam,
    history: flag
      .optional()
      .describe(
        "true: every version of each period recorded by knownAt (deletions as value null, deleted true), with when and by whom; default false: the values as known at knownAt.",
      ),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "to must not be before from." });

export const apiScoresQuery = z.strictObject({
  team: z.string().optional().describe("A team's id: its KPIs' scores."),
  stream: z
    .string()
    .optional()
    .describe("A stream's id: its KPIs' scores (with team: the team's KPIs in that stream)."),
  asOf: isoDateSchema.optional().describe("Scores as of this date (default: today, UTC)."),
  knownAt: knownAtParam,
});

export const apiKpiAnalysisQuery = z.strictObject({
  asOf: isoDateSchema.optional().describe("Analysis as of this date (default: today, UTC)."),
  knownAt: knownAtParam,
});

export const apiEmptyQuery = z.strictObject({});

export const apiValueChainQuery = z.strictObject({
  asOf: isoDateSchema.optional().describe("Value scores as of this date (default: today, UTC)."),
});

export type ApiCreateStream = z.infer<typeof apiCreateStreamSchema>;
export type ApiUpdateStream = z.infer<typeof apiUpdateStreamSchema>;
export type ApiStage = z.infer<typeof apiStageSchema>;
export type ApiCreateKpi = z.infer<typeof apiCreateKpiSchema>;
export type ApiUpdateKpi = z.infer<typeof apiUpdateKpiSchema>;
export type ApiMeasurementItem = z.infer<typeof apiMeasurementItemSchema>;
