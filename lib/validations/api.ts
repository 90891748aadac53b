import { z } from "zod";
import { cadences, directions, kpiKinds, periods, resourceKinds, streamKinds } from "@/db/schema/streams";
import { directionContradiction } from "@/lib/scoring";
import { isoDateSchema, kpiKeySchema } from "./kpi";
import { idSchema, teamNameSchema, userIdSchema } from "./team";

/**
 * Request schemas of the REST API (v1). They validate JSON, so unlike the form schemas they never
 * coerce: numbers are JSON numbers, flags are booleans, and every object is strict (an unknown or
 * misspelt field is a 422, not silently dropped). Field limits are the forms' limits. The OpenAPI
 * document is generated from these schemas (`.meta({ id })` names its components).
 */

// ---- Shared field rules ---------------------------------------------------------------------------

/** A finite JSON number within ±limit (JSON has no NaN or Infinity; 1e999 parses to Infinity). */
const number = (label: string, min: number, max: number) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? `${label} is required.` : `${label} must be a finite number.`),
    })
    .min(min, `${label} must be at least ${min}.`)
    .max(max, `${label} must be at most ${max}.`);

/** Postgres text can't hold the NUL character: refuse it here rather than fail in the database. */
const noNul = (s: string) => !s.includes("\u0000");
const nulMessage = (label: string) => `${label} can't contain the NUL character (\\u0000).`;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be a string.` })
    .trim()
    .max(max, `${label}: keep it under ${max} characters.`)
    .refine(noNul, nulMessage(label));

/** Optional text: null or "" clears it. */
const optionalText = (label: string, max: number) => text(label, max).nullable().optional();

const requiredName = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} can't be empty.`)
    .max(max, `${label}: keep it under ${max} characters.`)
    .refine(noNul, nulMessage(label));

/** A user id (for owners): the form's rule, without NUL. */
const userId = userIdSchema.refine(noNul, nulMessage("The user id"));

const optionalId = (label: string) => idSchema.nullable().optional().describe(`${label} (a uuid); null clears it.`);

const VALUE_LIMIT = 1e15;

export const apiIdSchema = idSchema.meta({ id: "Id", description: "A uuid." });

// ---- Teams ----------------------------------------------------------------------------------------

export const apiCreateTeamSchema = z
  .strictObject({ name: teamNameSchema.refine(noNul, nulMessage("Name")) })
  .meta({ id: "TeamCreate", description: "A new team." });

// ---- Value streams --------------------------------------------------------------------------------

export const MAX_STAGES = 50;
export const MAX_RESOURCES_PER_STAGE = 50;

export const apiResourceSchema = z
  .strictObject({
    kind: z.enum(resourceKinds, { error: `Kind must be one of ${resourceKinds.join(", ")}.` }),
    name: requiredName("Name", 80),
    quantity: number("Quantity", 0, 1e9),
    rate: number("Rate", 0, 1e12).describe("Units one resource handles per stream period."),
    availability: number("Availability", 0, 1)
      .default(1)
      .describe("Share of the period the resource is available, 0 to 1 (default 1)."),
  })
  .meta({ id: "ResourceInput", description: "A resource a stage needs." });

export const apiStageSchema = z
  .strictObject({
    id: idSchema
      .optional()
      .describe(
        "On update: an existing stage of this stream to keep (its KPIs stay linked to it). Without it the stage is new.",
      ),
    name: requiredName("Name", 80),
    teamId: optionalId("The responsible team"),
    input: optionalText("Input", 200),
    output: optionalText("Output", 200),
    processTime: number("Process time", 0, 1e9)
      .nullable()
      .optional()
      .describe("Touch time per unit, in the stream's period."),
    wip: number("Work in progress", 0, 1e9).nullable().optional(),
    pctCA: number("%C&A", 0, 1)
      .nullable()
      .optional()
      .describe("Percent complete and accurate, as a share from 0 to 1."),
    resources: z
      .array(apiResourceSchema)
      .max(MAX_RESOURCES_PER_STAGE, `At most ${MAX_RESOURCES_PER_STAGE} resources a stage.`)
      .optional()
      .describe("Replaces the stage's resources. Omitted: a new stage has none, an existing stage keeps its own."),
  })
  .meta({ id: "StageInput", description: "A stage, in stream order." });

const stagesList = z
  .array(apiStageSchema)
  .max(MAX_STAGES, `At most ${MAX_STAGES} stages.`)
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((s, i) => {
      if (!s.id) return;
      if (seen.has(s.id))
        ctx.addIssue({ code: "custom", path: [i, "id"], message: "A stage can be listed only once." });
      seen.add(s.id);
    });
  });

const streamFieldsApi = {
  name: requiredName("Name", 80),
  kind: z.enum(streamKinds, { error: `Kind must be one of ${streamKinds.join(", ")}.` }),
  customerNeed: optionalText("Customer need", 500).describe("The customer need the stream serves."),
  ownerId: userId.nullable().optional().describe("The process owner (a user id); default: the token's creator."),
  demandAmount: number("Demand", 0, 1e12).nullable().optional().describe("Expected units per demand period."),
  demandUnit: optionalText("Demand unit", 40),
  demandPeriod: z.enum(periods, { error: `Demand period must be one of ${periods.join(", ")}.` }),
};

export const apiCreateStreamSchema = z
  .strictObject({
    ...streamFieldsApi,
    name: streamFieldsApi.name.optional().describe("Required unless a template is given."),
    kind: streamFieldsApi.kind.optional().describe("Required unless a template is given."),
    demandPeriod: streamFieldsApi.demandPeriod.optional().describe("Default: week (or the template's)."),
    template: z
      .enum(streamKinds)
      .optional()
      .describe(
        "Start from a template: its stages, resources and KPIs (production, delivery, marketing, sales, retention).",
      ),
    stages: stagesList.optional().describe("The stages, in order, each with its resources. Not with a template."),
  })
  .superRefine((s, ctx) => {
    if (!s.template) {
      if (s.name === undefined) ctx.addIssue({ code: "custom", path: ["name"], message: "Name is required." });
      if (s.kind === undefined) ctx.addIssue({ code: "custom", path: ["kind"], message: "Kind is required." });
    }
    if (s.template && s.stages)
      ctx.addIssue({ code: "custom", path: ["stages"], message: "Give stages or a template, not both." });
    s.stages?.forEach((stage, i) => {
      if (stage.id)
        ctx.addIssue({
          code: "custom",
          path: ["stages", i, "id"],
          message: "A new stream's stages are new: leave out their ids.",
        });
    });
  })
  .meta({ id: "StreamCreate", description: "A new value stream, with its stages and resources or from a template." });

export const apiUpdateStreamSchema = z
  .strictObject({
    name: streamFieldsApi.name.optional(),
    kind: streamFieldsApi.kind.optional(),
    customerNeed: streamFieldsApi.customerNeed,
    ownerId: userId.optional().describe("The process owner (a user id who is a process owner, admin or owner)."),
    demandAmount: streamFieldsApi.demandAmount,
    demandUnit: streamFieldsApi.demandUnit,
    demandPeriod: streamFieldsApi.demandPeriod.optional(),
    archived: z.boolean({ error: "Archived must be true or false." }).optional(),
    stages: stagesList
      .optional()
      .describe(
        "Replaces the stages: listed ids are kept (in the new order), new ones are added, unlisted ones are removed.",
      ),
  })
  .meta({
    id: "StreamUpdate",
    description: "Changes to a value stream: only the fields given change; null clears a field.",
  });

// ---- KPIs -----------------------------------------------------------------------------------------

const kpiFieldsApi = {
  key: kpiKeySchema.describe(
    "Unique in the organisation, like MKT-3 (any case; stored upper-case). Default: the next free key of the stream's kind.",
  ),
  name: requiredName("Name", 120),
  description: optionalText("Description", 1000),
  kind: z.enum(kpiKinds, { error: "Kind must be output or outcome." }),
  unit: text("Unit", 30),
  direction: z.enum(directions, { error: "Direction must be increase or decrease." }).describe("Which way is better."),
  baseline: number("Baseline", -VALUE_LIMIT, VALUE_LIMIT)
    .nullable()
    .optional()
    .describe("Default: the earliest measurement."),
  target: number("Target", -VALUE_LIMIT, VALUE_LIMIT),
  weight: z
    .number({ error: "Weight must be a finite number." })
    .gt(0, "Weight must be above 0.")
    .max(1000, "Weight must be at most 1000."),
  cadence: z.enum(cadences, { error: "Cadence must be week, month or quarter." }),
  stageId: optionalId("A stage of the KPI's stream"),
  teamId: optionalId("The accountable team"),
  ownerId: userId.nullable().optional().describe("The KPI's owner (a user id); null clears it."),
};

export const apiCreateKpiSchema = z
  .strictObject({
    streamId: idSchema,
    ...kpiFieldsApi,
    key: kpiFieldsApi.key.optional(),
    unit: kpiFieldsApi.unit.default(""),
    weight: kpiFieldsApi.weight.default(1),
  })
  .superRefine((kpi, ctx) => {
    const problem = directionContradiction(kpi.direction, kpi.baseline ?? null, kpi.target);
    if (problem) ctx.addIssue({ code: "custom", path: ["target"], message: problem });
  })
  .meta({ id: "KpiCreate", description: "A new KPI of a stream." });

export const apiUpdateKpiSchema = z
  .strictObject({
    key: kpiFieldsApi.key.optional(),
    name: kpiFieldsApi.name.optional(),
    description: kpiFieldsApi.description,
    kind: kpiFieldsApi.kind.optional(),
    unit: kpiFieldsApi.unit.optional(),
    direction: kpiFieldsApi.direction.optional(),
    baseline: kpiFieldsApi.baseline,
    target: kpiFieldsApi.target.optional(),
    weight: kpiFieldsApi.weight.optional(),
    cadence: kpiFieldsApi.cadence.optional(),
    stageId: kpiFieldsApi.stageId,
    teamId: kpiFieldsApi.teamId,
    ownerId: kpiFieldsApi.ownerId,
    archived: z
      .boolean({ error: "Archived must be true or false." })
      .optional()
      .describe("Archived KPIs keep their values but leave the scores."),
  })
  .meta({
    id: "KpiUpdate",
    description:
      "Changes to a KPI: only the fields given change; null clears a field. The result must still have a direction that agrees with baseline and target.",
  });

// ---- Measurements ---------------------------------------------------------------------------------

export const MAX_BULK_MEASUREMENTS = 10_000;

export const apiMeasurementItemSchema = z
  .strictObject({
    kpiId: z
      .string({ error: "kpiId must be a string: the KPI's id or key." })
      .trim()
      .min(1, "kpiId can't be empty.")
      .max(64, "kpiId is too long.")
      .refine(noNul, nulMessage("kpiId"))
      .describe("The KPI's id or key (e.g. MKT-3)."),
    date: isoDateSchema.describe(
      "Any date in the period (YYYY-MM-DD, 1900–2200): the value is filed under the start of the KPI's cadence bucket.",
    ),
    value: number("Value", -VALUE_LIMIT, VALUE_LIMIT),
    note: optionalText("Note", 500),
  })
  .meta({ id: "MeasurementInput", description: "One value of a KPI for the period holding `date`." });

export const apiBulkMeasurementsSchema = z
  .strictObject({
    measurements: z
      .array(apiMeasurementItemSchema)
      .min(1, "Send at least one measurement.")
      .max(MAX_BULK_MEASUREMENTS, `Send at most ${MAX_BULK_MEASUREMENTS.toLocaleString("en")} measurements a request.`),
  })
  .meta({
    id: "MeasurementsBulk",
    description:
      "Up to 10,000 values. All are valid and written, or none is. A value for a (KPI, period) that has one replaces it; one request may hold only one value per (KPI, period).",
  });

// ---- Query strings --------------------------------------------------------------------------------

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

export const apiMeasurementListQuery = z
  .strictObject({
    from: isoDateSchema.optional().describe("From the period holding this date (inclusive)."),
    to: isoDateSchema.optional().describe("Up to this date (inclusive)."),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "to must not be before from." });

export const apiScoresQuery = z.strictObject({
  team: z.string().optional().describe("A team's id: its KPIs' scores."),
  stream: z
    .string()
    .optional()
    .describe("A stream's id: its KPIs' scores (with team: the team's KPIs in that stream)."),
  asOf: isoDateSchema.optional().describe("Scores as of this date (default: today, UTC)."),
});

export const apiEmptyQuery = z.strictObject({});

export type ApiCreateStream = z.infer<typeof apiCreateStreamSchema>;
export type ApiUpdateStream = z.infer<typeof apiUpdateStreamSchema>;
export type ApiStage = z.infer<typeof apiStageSchema>;
export type ApiCreateKpi = z.infer<typeof apiCreateKpiSchema>;
export type ApiUpdateKpi = z.infer<typeof apiUpdateKpiSchema>;
export type ApiMeasurementItem = z.infer<typeof apiMeasurementItemSchema>;
