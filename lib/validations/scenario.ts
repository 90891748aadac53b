import { z } from "zod";
import type { StreamInput } from "@/lib/capacity";
import { conversionFromEntry, conversionToEntry } from "@/lib/capacity/conversion";
import { AppError } from "@/lib/errors";
import { formField, required } from "./contract";
import { choice, idSchema, requiredText } from "./fields";
import { conversionRule, resource, stream } from "./stream";

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
