"use server";

import { redirect } from "next/navigation";
import type { z } from "zod";
import { orgCall } from "@/lib/actions/org-call";
import { AppError } from "@/lib/errors";
import { orgAction } from "@/lib/actions/org-action";
import type { OrgContext } from "@/lib/auth/org-context";
import { createKpi, deleteKpi, linkKpis, setKpiArchived, unlinkKpis, updateKpi } from "@/lib/data/kpis";
import { deleteMeasurement, recordMeasurement } from "@/lib/data/measurements";
import {
  createKpiSchema,
  deleteMeasurementSchema,
  formulaFromForm,
  kpiIdSchema,
  kpiLinkSchema,
  recordMeasurementSchema,
  updateKpiSchema,
} from "@/lib/validations/kpi";

/** The data layer names a formula's fields as the API does (`formula.numerator`); the form has two pickers. */
const FORMULA_FORM_FIELDS: Record<string, string> = {
  formula: "formulaNumerator",
  "formula.numerator": "formulaNumerator",
  "formula.denominator": "formulaDenominator",
};

async function withFormulaFieldNames<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    const fields = Object.fromEntries(
      Object.entries(error.fields).map(([field, messages]) => [FORMULA_FORM_FIELDS[field] ?? field, messages]),
    );
    throw new AppError(error.code, error.message, fields, error.reason);
  }
}

export const createKpiAction = orgAction(createKpiSchema, async (ctx, input) => {
  const kpi = await withFormulaFieldNames(() => createKpi(ctx, { ...input, formula: formulaFromForm(input) }));
  redirect(`/o/${ctx.org.slug}/kpis/${kpi.id}`);
});

export const updateKpiAction = orgAction(updateKpiSchema, async (ctx, input) => {
  await withFormulaFieldNames(() => updateKpi(ctx, { ...input, formula: formulaFromForm(input) }));
  redirect(`/o/${ctx.org.slug}/kpis/${input.kpiId}`);
});

export const archiveKpiAction = orgAction(kpiIdSchema, async (ctx, input) => {
  await setKpiArchived(ctx, input, true);
  return "KPI archived: it no longer counts in scores.";
});

export const restoreKpiAction = orgAction(kpiIdSchema, async (ctx, input) => {
  await setKpiArchived(ctx, input, false);
  return "KPI restored.";
});

export const deleteKpiAction = orgAction(kpiIdSchema, async (ctx, input) => {
  const kpi = await deleteKpi(ctx, input);
  redirect(`/o/${ctx.org.slug}/streams/${kpi.streamId}`);
});

export const linkKpisAction = orgAction(kpiLinkSchema, async (ctx, input) => {
  await linkKpis(ctx, input);
  return "Link added.";
});

export const unlinkKpisAction = orgAction(kpiLinkSchema, async (ctx, input) => {
  await unlinkKpis(ctx, input);
  return "Link removed.";
});

async function recordValue(ctx: OrgContext, input: z.infer<typeof recordMeasurementSchema>) {
  const { period, replaced } = await recordMeasurement(ctx, input);
  return replaced
    ? `Value for the period starting ${period} replaced.`
    : `Value recorded for the period starting ${period}.`;
}

export const recordMeasurementAction = orgAction(recordMeasurementSchema, recordValue);

/** Quick entry from a dashboard card: called with an object, not a form, and checked as the form is. */
export const quickRecordAction = orgCall(recordMeasurementSchema, recordValue);

export const deleteMeasurementAction = orgAction(deleteMeasurementSchema, async (ctx, input) => {
  await deleteMeasurement(ctx, input);
  return "Value deleted.";
});
