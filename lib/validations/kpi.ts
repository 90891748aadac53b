import { z } from "zod";
import { cadences, directions, kpiKinds } from "@/db/schema/streams";
import { directionContradiction, isIsoDate, type Direction } from "@/lib/scoring";
import { clearable, contract, defaulted, optional, required } from "./contract";
import {
  blankToUndefined,
  choice,
  flag,
  idSchema,
  listOf,
  measure,
  number,
  requiredText,
  text,
  userIdSchema,
} from "./fields";

export const kpiKeySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{0,9}-[0-9]{1,6}$/, "Use a short key like MKT-3: letters, a hyphen and a number.");

const isoDate = z
  .string({ error: "Enter a date." })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-25.")
  // A real calendar day in 1900–2200, checked without building a Date (bulk API writes check 10,000).
  .refine(isIsoDate, "That date does not exist or is out of range (1900–2200).");
export { isoDate as isoDateSchema };

/** A KPI: the forms' (new and edited) and the API's (new and patched). */
export const kpi = contract({
  key: optional(
    kpiKeySchema.describe(
      "Unique in the organisation, like MKT-3 (any case; stored upper-case). Default: the next free key of the stream's kind.",
    ),
  ),
  name: required(requiredText("Name", 120, "Name the KPI.")),
  description: clearable(text("Description", 1000)),
  kind: required(choice(kpiKinds, "Choose output or outcome.")),
  unit: defaulted(text("Unit", 30, { tooLong: "Keep the unit under 30 characters." }), ""),
  direction: required(
    choice(directions, "Choose increase (higher is better) or decrease (lower is better).").describe(
      "Which way is better.",
    ),
  ),
  baseline: clearable(measure("Baseline"), { description: "Default: the earliest measurement." }),
  target: required(measure("Target")),
  targetDate: clearable(isoDate, {
    description: "Target date T: when the target is meant to be reached; null clears it.",
  }),
  planStart: clearable(isoDate, {
    description:
      "Plan start S: the day the plan toward the target date starts. Default: the day the change applies from.",
  }),
  weight: defaulted(number("Weight", { gt: 0, max: 1000 }), 1),
  cadence: required(choice(cadences, `Choose a cadence: ${listOf(cadences)}.`)),
  stageId: clearable(idSchema, { description: "A stage of the KPI's stream (a uuid); null clears it." }),
  teamId: clearable(idSchema, { description: "The accountable team (a uuid); null clears it." }),
  ownerId: clearable(userIdSchema, { description: "The KPI's owner (a user id); null clears it." }),
});
export const kpiFields = kpi.form;

/** A KPI named by id or key, as a formula's input. */
const kpiRef = (label: string) =>
  requiredText(label, 64, `Choose the ${label.toLowerCase()} KPI.`, `The ${label.toLowerCase()} is too long.`).describe(
    `The ${label.toLowerCase()} KPI's id or key (e.g. SAL-2): a plain KPI of this organisation with the formula's cadence.`,
  );

/** A formula KPI's inputs (DESIGN "Value chain"): its value per period is numerator / denominator. */
export const formulaSchema = z
  .strictObject({ numerator: kpiRef("Numerator"), denominator: kpiRef("Denominator") })
  .meta({
    id: "KpiFormula",
    description:
      "A formula KPI: per period, numerator ÷ denominator of two plain KPIs of the formula's cadence (a period where one is missing or the denominator is 0 has no value). Its values are computed, never recorded.",
  });

/**
 * The form's formula: two optional pickers; both set make a formula, none a plain KPI, one alone is
 * refused naming the other.
 */
const formulaForm = {
  formulaNumerator: z.preprocess(blankToUndefined, kpiRef("Numerator").optional()),
  formulaDenominator: z.preprocess(blankToUndefined, kpiRef("Denominator").optional()),
};
type FormulaFormFields = { formulaNumerator?: string; formulaDenominator?: string };
const withFormula = <S extends z.ZodType<FormulaFormFields>>(schema: S) =>
  schema.superRefine((v, ctx) => {
    if (v.formulaNumerator && !v.formulaDenominator)
      ctx.addIssue({ code: "custom", path: ["formulaDenominator"], message: "Choose the denominator KPI too." });
    if (v.formulaDenominator && !v.formulaNumerator)
      ctx.addIssue({ code: "custom", path: ["formulaNumerator"], message: "Choose the numerator KPI too." });
  });

/** The form's pickers as the data layer takes them: a formula, or null for a plain KPI. */
export function formulaFromForm(v: FormulaFormFields) {
  return v.formulaNumerator && v.formulaDenominator
    ? { numerator: v.formulaNumerator, denominator: v.formulaDenominator }
    : null;
}

type DirectionFields = { direction: Direction; baseline?: number | null; target: number };

/**
 * DESIGN.md, Scoring 3: a direction that contradicts baseline and target is refused. This is the one
 * place the rule is applied: every whole KPI passes it — the forms' new and edited KPI, the API's new
 * KPI (wholeKpi), and a KPI merged from an API patch with the stored one (checkWholeKpi).
 */
const wholeKpi = <S extends z.ZodType<DirectionFields>>(schema: S) =>
  schema.superRefine((kpi, ctx) => {
    const problem = directionContradiction(kpi.direction, kpi.baseline ?? null, kpi.target);
    if (problem) ctx.addIssue({ code: "custom", path: ["target"], message: problem });
  });
const mergedKpi = wholeKpi(z.custom<DirectionFields>());

/** Throws a ZodError naming `target` when the merged KPI's direction contradicts its baseline and target. */
export function checkWholeKpi(merged: DirectionFields): void {
  mergedKpi.parse(merged);
}

/** The first day a definition change applies to (DESIGN "Time"): a past date corrects history, a future one plans. */
const validFrom = isoDate.describe(
  "The first day this change applies to (YYYY-MM-DD, from 2000-01-01): a past date corrects history, a future date plans a change. Default: today (for a new KPI: from the start).",
);
const validFromField = { validFrom: optional(validFrom) };
const validFromForm = contract(validFromField).form;

export const createKpiSchema = withFormula(
  wholeKpi(z.object({ streamId: idSchema, ...kpi.form, ...validFromForm, ...formulaForm })),
);
/** The edit form's confirmation of a cadence change that re-buckets values: a checkbox, sent only when ticked. */
const rebucketForm = {
  rebucket: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
};
export const updateKpiSchema = withFormula(
  wholeKpi(z.object({ kpiId: idSchema, ...kpi.form, ...validFromForm, ...rebucketForm, ...formulaForm })),
);
export const kpiIdSchema = z.object({ kpiId: idSchema });
export const kpiLinkSchema = z.object({ outputKpiId: idSchema, outcomeKpiId: idSchema });

export const apiCreateKpiSchema = wholeKpi(
  z.strictObject({
    streamId: idSchema,
    ...kpi.json,
    validFrom: validFrom.optional(),
    formula: formulaSchema
      .nullable()
      .optional()
      .describe(
        "Makes the KPI a formula of two others (read-only: its values are computed). Absent or null: a plain KPI.",
      ),
  }),
).meta({
  id: "KpiCreate",
  description: "A new KPI of a stream.",
});

export const apiUpdateKpiSchema = z
  .strictObject({
    ...kpi.patch,
    archived: flag("Archived").optional().describe("Archived KPIs keep their values but leave the scores."),
    validFrom: validFrom.optional(),
    rebucket: z
      .boolean({ error: "rebucket must be true or false." })
      .optional()
      .describe(
        "true confirms a cadence change on a KPI with values: every value is re-bucketed into the new cadence (each goes to the new period holding its old period's start; the latest of a new period wins), as new versions recorded now. Without it such a change answers 409 cadence_has_values. On a KPI without values: 422.",
      ),
    formula: formulaSchema
      .nullable()
      .optional()
      .describe(
        "New inputs for a formula KPI, or makes a KPI without values a formula; null makes it a plain KPI. Absent: unchanged.",
      ),
  })
  .meta({
    id: "KpiUpdate",
    description:
      "Changes to a KPI: only the fields given change; null clears a field. The result must still have a direction that agrees with baseline and target.",
  });

// ---- Measurements ------------------------------------------------------------------------------------

/** A KPI's value for the period holding `date`: recorded in a form, imported from CSV, or sent in bulk. */
export const measurement = contract({
  date: required(
    isoDate.describe(
      "Any date in the period (YYYY-MM-DD, 1900–2200): the value is filed under the start of the KPI's cadence bucket.",
    ),
  ),
  value: required(measure("Value")),
  note: clearable(text("Note", 500, { tooLong: "Keep the note under 500 characters." })),
});
export const measurementFields = measurement.form;

export const recordMeasurementSchema = z.object({ kpiId: idSchema, ...measurement.form });
export const deleteMeasurementSchema = z.object({ kpiId: idSchema, period: isoDate });

export const MAX_BULK_MEASUREMENTS = 10_000;

export const apiMeasurementItemSchema = z
  .strictObject({
    kpiId: requiredText("kpiId", 64, "kpiId can't be empty.", "kpiId is too long.").describe(
      "The KPI's id or key (e.g. MKT-3).",
    ),
    ...measurement.json,
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
    description: `Up to ${MAX_BULK_MEASUREMENTS.toLocaleString("en")} values. All are valid and written, or none is. A value for a (KPI, period) that has one replaces it; one request may hold only one value per (KPI, period).`,
  });
