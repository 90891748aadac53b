import { z } from "zod";
import type { StreamInput } from "@/lib/capacity";
import { conversionFromEntry, conversionToEntry } from "@/lib/capacity/conversion";
import { AppError } from "@/lib/errors";
import { formField, jsonField, optional, required } from "./contract";
import { choice, idSchema, requiredText } from "./fields";
import { conversionRule, MAX_RESOURCES_PER_STAGE, MAX_STAGES, resource, stream } from "./stream";

export const createScenarioSchema = z.object({
  streamId: idSchema,
  name: formField(required(requiredText("Name", 80, "Name the scenario."))),
});
export const scenarioIdSchema = z.object({ scenarioId: idSchema });
/** The draft's form: its fields are named after the setup (`demand`, `stages.0.conversion`, `stages.0.resources.1.quantity`). */
export const updateScenarioSchema = z.looseObject({ scenarioId: idSchema });

const demandField = formField(stream.fields.demandAmount);
const conversionAmountField = formField(required(conversionRule("Amount")));
const conversionModeField = formField(required(choice(["brings", "needs"], "Choose brings or needs.")));
const quantityField = formField(resource.fields.quantity);
const rateField = formField(resource.fields.rate);
const availabilityField = formField(resource.fields.availability);

/**
 * The edited draft from the form's flat fields, each checked by the rule its stream field has (a
 * conversion by lib/capacity's bounds). Any problem: one error naming every field, nothing changed.
 * Stages and resources stay as copied; only the figures a scenario changes are read.
 */
export function draftFromForm(values: Record<string, unknown>, setup: StreamInput): StreamInput {
  const problems: Record<string, string[]> = {};
  // A field the form did not send keeps the draft's value; a blank one is checked (demand may be cleared).
  const read = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
    if (!(name in values)) return fallback;
    const parsed = schema.safeParse(values[name]);
    if (parsed.success) return parsed.data;
    problems[name] = parsed.error.issues.map((i) => i.message);
    return fallback;
  };
  const draft: StreamInput = {
    demand: read("demand", demandField, setup.demand) ?? null,
    stages: setup.stages.map((s, i) => ({
      ...s,
      conversion: conversionFromEntry({
        mode: read(`stages.${i}.conversionMode`, conversionModeField, conversionToEntry(s.conversion ?? 1).mode),
        amount: read(
          `stages.${i}.conversionAmount`,
          conversionAmountField,
          conversionToEntry(s.conversion ?? 1).amount,
        ),
      }),
      resources: s.resources.map((r, j) => ({
        ...r,
        quantity: read(`stages.${i}.resources.${j}.quantity`, quantityField, r.quantity),
        rate: read(`stages.${i}.resources.${j}.rate`, rateField, r.rate),
        availability: read(`stages.${i}.resources.${j}.availability`, availabilityField, r.availability),
      })),
    })),
  };
  if (Object.keys(problems).length) throw new AppError("validation", "Check the highlighted fields.", problems);
  return draft;
}

// ---- The API's scenario documents ---------------------------------------------------------------------

const scenarioName = requiredText("Name", 80, "Name the scenario.");

export const apiCreateScenarioSchema = z
  .strictObject({ name: jsonField(required(scenarioName)) })
  .meta({ id: "ScenarioCreate", description: "A draft copy of the stream's setup today, under a name." });

const apiScenarioResource = z.strictObject({
  id: idSchema.describe("A resource of the draft (as GET answers its setup)."),
  quantity: resource.patch.quantity,
  rate: resource.patch.rate,
  availability: resource.patch.availability,
});

const apiScenarioStage = z.strictObject({
  id: idSchema.describe("A stage of the draft."),
  conversion: conversionRule("Conversion")
    .optional()
    .describe("f: the stage's units one unit of the stream's output needs."),
  resources: z.array(apiScenarioResource).max(MAX_RESOURCES_PER_STAGE).optional(),
});

export const apiUpdateScenarioSchema = z
  .strictObject({
    name: jsonField(optional(scenarioName)),
    demand: stream.patch.demandAmount.describe("The draft's demand, stream units per period; null clears it."),
    stages: z
      .array(apiScenarioStage)
      .max(MAX_STAGES)
      .optional()
      .describe("Changes to the draft's stages and resources, each named by id; what is left out stays."),
  })
  .meta({
    id: "ScenarioUpdate",
    description:
      "Changes to a draft: its name, demand, each stage's conversion and each resource's quantity, rate and availability. Only what is given changes; the stream itself never does until the draft is applied.",
  });
export type ScenarioPatch = z.infer<typeof apiUpdateScenarioSchema>;

/**
 * The draft with a patch applied: every stage and resource named must be the draft's (422 naming
 * `stages.i.id` or `stages.i.resources.j.id` otherwise), nothing changed on a problem.
 */
export function draftFromPatch(patch: ScenarioPatch, setup: StreamInput): StreamInput {
  const problems: Record<string, string[]> = {};
  const stages = setup.stages.map((s) => ({ ...s, resources: s.resources.map((r) => ({ ...r })) }));
  (patch.stages ?? []).forEach((change, i) => {
    const stage = stages.find((s) => s.id === change.id);
    if (!stage) {
      problems[`stages.${i}.id`] = ["No stage of this draft has that id."];
      return;
    }
    if (change.conversion !== undefined) stage.conversion = change.conversion;
    (change.resources ?? []).forEach((r, j) => {
      const found = stage.resources.find((x) => x.id === r.id);
      if (!found) {
        problems[`stages.${i}.resources.${j}.id`] = ["No resource of this stage has that id."];
        return;
      }
      if (r.quantity !== undefined) found.quantity = r.quantity;
      if (r.rate !== undefined) found.rate = r.rate;
      if (r.availability !== undefined) found.availability = r.availability;
    });
  });
  if (Object.keys(problems).length) throw new AppError("validation", "Check the fields named in details.", problems);
  return { demand: patch.demand === undefined ? setup.demand : patch.demand, stages };
}
