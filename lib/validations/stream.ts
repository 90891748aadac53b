import { z } from "zod";
import { periods, resourceKinds, streamKinds } from "@/db/schema/streams";
import { conversionFromEntry, conversionProblem } from "@/lib/capacity/conversion";
import { clearable, contract, defaulted, formField, jsonField, optional, required } from "./contract";
import { choice, flag, idSchema, listOf, number, requiredText, share, text, userIdSchema } from "./fields";

const NAME_THE_STREAM = "Name the stream.";
const CHOOSE_A_KIND = `Choose a kind: ${listOf(streamKinds)}.`;

/** A value stream: the forms' and the API's. */
export const stream = contract({
  name: required(requiredText("Name", 80, NAME_THE_STREAM)),
  kind: required(choice(streamKinds, CHOOSE_A_KIND)),
  customerNeed: clearable(text("Customer need", 500), { description: "The customer need the stream serves." }),
  ownerId: clearable(userIdSchema, { description: "The process owner (a user id); default: the token's creator." }),
  demandAmount: clearable(number("Demand", { min: 0, max: 1e12 }), {
    description: "Expected units per demand period.",
  }),
  demandUnit: clearable(text("Demand unit", 40)),
  demandPeriod: defaulted(choice(periods, `Choose a period: ${listOf(periods)}.`), "week"),
});
export const streamFields = stream.form;

/** Only a new stream can start from a template (its stages, resources and KPIs). */
const template = optional(z.enum(streamKinds), {
  description:
    "Start from a template: its stages, resources and KPIs (production, delivery, marketing, sales, retention).",
});

/** A blank stream needs a name and a kind; a template brings its own. */
function namedUnlessTemplate(s: { name?: string; kind?: string; template?: string }, ctx: z.RefinementCtx) {
  if (s.template) return;
  if (s.name === undefined) ctx.addIssue({ code: "custom", path: ["name"], message: NAME_THE_STREAM });
  if (s.kind === undefined) ctx.addIssue({ code: "custom", path: ["kind"], message: CHOOSE_A_KIND });
}

export const createStreamSchema = z
  .object({
    ...stream.form,
    // With a template the name may be left blank: the template's name is used.
    name: formField(optional(stream.fields.name.rule)),
    template: formField(template),
  })
  .superRefine(namedUnlessTemplate);
export const updateStreamSchema = z.object({ streamId: idSchema, ...stream.form });
export const streamIdSchema = z.object({ streamId: idSchema });

/** f or k: a number from 10⁻⁹ to 10⁹ (lib/capacity's bounds, with its messages). */
export const conversionRule = (label: string) =>
  number(label, {}).superRefine((value, ctx) => {
    const problem = conversionProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A stage's or a stream's own unit ("campaign briefs"). */
export const unitRule = text("Unit", 40, { tooLong: "Keep the unit under 40 characters." });

/** A stage of a stream. */
export const stage = contract({
  name: required(requiredText("Name", 80, "Name the stage.")),
  teamId: clearable(idSchema, { description: "The responsible team (a uuid); null clears it." }),
  input: clearable(text("Input", 200)),
  output: clearable(text("Output", 200)),
  processTime: clearable(number("Process time", { min: 0, max: 1e9 }), {
    description: "Touch time per unit, in the stream's period.",
  }),
  wip: clearable(number("Work in progress", { min: 0, max: 1e9 })),
  pctCA: clearable(share("%C&A"), {
    description: "Percent complete and accurate, as a share from 0 to 1.",
    percent: true,
  }),
  unit: clearable(unitRule, {
    description: "The stage's own unit (what its resources' rates, WIP and demand count); null: the stream's unit.",
  }),
  conversion: clearable(conversionRule("Conversion"), {
    description:
      "f: how many of the stage's units one unit of the stream's output needs (1 campaign brief brings 60 leads: 1/60; each order needs 3 parts: 3). From 10⁻⁹ to 10⁹; null or omitted: 1.",
  }),
});
export const stageFields = stage.form;

/**
 * Forms enter f the way people say it: "1 brief brings 60 leads" (`brings`, f = 1/60) or "each order
 * needs 3 parts" (`needs`, f = 3); a blank amount means the stage counts in the stream's unit (f = 1).
 */
const conversionEntryForm = {
  conversionMode: formField(defaulted(choice(["brings", "needs"], "Choose brings or needs."), "needs")),
  conversionAmount: formField(optional(conversionRule("Amount"))),
};
type ConversionEntryForm = { conversionMode: "brings" | "needs"; conversionAmount?: number; conversion?: number };
const withConversion = <T extends ConversionEntryForm>({ conversionMode, conversionAmount, ...rest }: T) => ({
  ...rest,
  conversion:
    conversionAmount === undefined
      ? (rest.conversion ?? 1)
      : conversionFromEntry({ mode: conversionMode, amount: conversionAmount }),
});

export const addStageSchema = z
  .object({ streamId: idSchema, ...stage.form, ...conversionEntryForm })
  .transform(withConversion);
export const updateStageSchema = z
  .object({ stageId: idSchema, ...stage.form, ...conversionEntryForm })
  .transform(withConversion);
export const stageIdSchema = z.object({ stageId: idSchema });
export const moveStageSchema = z.object({ stageId: idSchema, direction: z.enum(["up", "down"]) });

/** A resource a stage needs: its capacity is quantity × rate × availability. */
export const resource = contract({
  kind: required(choice(resourceKinds, `Choose a kind: ${listOf(resourceKinds)}.`)),
  name: required(requiredText("Name", 80, "Name the resource.")),
  quantity: required(number("Quantity", { min: 0, max: 1e9 })),
  rate: required(number("Rate", { min: 0, max: 1e12 }).describe("Units one resource handles per stream period.")),
  availability: defaulted(share("Availability"), 1, {
    description: "Share of the period the resource is available, 0 to 1 (default 1).",
    percent: true,
  }),
});
export const resourceFields = resource.form;

export const addResourceSchema = z.object({ stageId: idSchema, ...resource.form });
export const updateResourceSchema = z.object({ resourceId: idSchema, ...resource.form });
export const resourceIdSchema = z.object({ resourceId: idSchema });

// ---- The API's stream documents ----------------------------------------------------------------------

export const MAX_STAGES = 50;
export const MAX_RESOURCES_PER_STAGE = 50;

export const apiResourceSchema = z
  .strictObject(resource.json)
  .meta({ id: "ResourceInput", description: "A resource a stage needs." });

export const apiStageSchema = z
  .strictObject({
    id: idSchema
      .optional()
      .describe(
        "On update: an existing stage of this stream to keep (its KPIs stay linked to it). Without it the stage is new.",
      ),
    ...stage.json,
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

const unlessTemplate = "Required unless a template is given.";

export const apiCreateStreamSchema = z
  .strictObject({
    ...stream.json,
    name: jsonField(optional(stream.fields.name.rule, { description: unlessTemplate })),
    kind: jsonField(optional(stream.fields.kind.rule, { description: unlessTemplate })),
    demandPeriod: jsonField(
      optional(stream.fields.demandPeriod.rule, { description: "Default: week (or the template's)." }),
    ),
    template: jsonField(template),
    stages: stagesList.optional().describe("The stages, in order, each with its resources. Not with a template."),
  })
  .superRefine((s, ctx) => {
    namedUnlessTemplate(s, ctx);
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
    ...stream.patch,
    // A stream always has an owner: it can be handed on, not cleared.
    ownerId: jsonField(
      optional(userIdSchema, { description: "The process owner (a user id who is a process owner, admin or owner)." }),
    ),
    archived: flag("Archived").optional(),
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
