import { z } from "zod";
import { cadences, directions, kpiKinds } from "@/db/schema/streams";
import { directionContradiction, isIsoDate, type Direction } from "@/lib/scoring";
import { blankToUndefined, decimal } from "./fields";
import { idSchema } from "./team";

const finite = (label: string) => decimal(label).refine((n) => Math.abs(n) <= 1e15, `${label} is too large.`);

export const kpiKeySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{0,9}-[0-9]{1,6}$/, "Use a short key like MKT-3: letters, a hyphen and a number.");

export const kpiFields = {
  key: z.preprocess(blankToUndefined, kpiKeySchema.optional()),
  name: z.string({ error: "Name the KPI." }).trim().min(1, "Name the KPI.").max(120, "Keep it under 120 characters."),
  description: z.preprocess(blankToUndefined, z.string().trim().max(1000).optional()),
  kind: z.enum(kpiKinds, { error: "Choose output or outcome." }),
  unit: z.preprocess((v) => v ?? "", z.string().trim().max(30, "Keep the unit under 30 characters.")),
  direction: z.enum(directions, { error: "Choose whether higher or lower is better." }),
  baseline: z.preprocess(blankToUndefined, finite("Baseline").optional()),
  target: z.preprocess(blankToUndefined, finite("Target")),
  weight: z.preprocess(
    blankToUndefined,
    finite("Weight")
      .refine((n) => n > 0, "Weight must be above 0.")
      .refine((n) => n <= 1000, "Weight must be at most 1000.")
      .default(1),
  ),
  cadence: z.enum(cadences, { error: "Choose a cadence." }),
  stageId: z.preprocess(blankToUndefined, idSchema.optional()),
  teamId: z.preprocess(blankToUndefined, idSchema.optional()),
  ownerId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
};

const withDirectionCheck = <T extends z.ZodType<{ direction: Direction; baseline?: number; target: number }>>(
  schema: T,
) =>
  schema.superRefine((kpi, ctx) => {
    // DESIGN.md, Scoring 3: a direction that contradicts baseline and target is refused.
    const problem = directionContradiction(kpi.direction, kpi.baseline ?? null, kpi.target);
    if (problem) ctx.addIssue({ code: "custom", path: ["target"], message: problem });
  });

export const createKpiSchema = withDirectionCheck(z.object({ streamId: idSchema, ...kpiFields }));
export const updateKpiSchema = withDirectionCheck(z.object({ kpiId: idSchema, ...kpiFields }));
export const kpiIdSchema = z.object({ kpiId: idSchema });
export const kpiLinkSchema = z.object({ outputKpiId: idSchema, outcomeKpiId: idSchema });

const isoDate = z
  .string({ error: "Enter a date." })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-25.")
  // A real calendar day in 1900–2200, checked without building a Date (bulk API writes check 10,000).
  .refine(isIsoDate, "That date does not exist or is out of range (1900–2200).");

export const measurementFields = {
  date: isoDate,
  value: z.preprocess(blankToUndefined, finite("Value")),
  note: z.preprocess(blankToUndefined, z.string().trim().max(500, "Keep the note under 500 characters.").optional()),
};
export const recordMeasurementSchema = z.object({ kpiId: idSchema, ...measurementFields });
export const deleteMeasurementSchema = z.object({ kpiId: idSchema, period: isoDate });
export { isoDate as isoDateSchema };
