"use server";

import { redirect } from "next/navigation";
import type { z } from "zod";
import { orgCall } from "@/lib/actions/org-call";
import { orgAction } from "@/lib/actions/org-action";
import type { OrgContext } from "@/lib/auth/org-context";
import { createKpi, deleteKpi, linkKpis, setKpiArchived, unlinkKpis, updateKpi } from "@/lib/data/kpis";
import { deleteMeasurement, recordMeasurement } from "@/lib/data/measurements";
import {
  createKpiSchema,
  deleteMeasurementSchema,
  kpiIdSchema,
  kpiLinkSchema,
  recordMeasurementSchema,
  updateKpiSchema,
} from "@/lib/validations/kpi";

export const createKpiAction = orgAction(createKpiSchema, async (ctx, input) => {
  const kpi = await createKpi(ctx, input);
  redirect(`/o/${ctx.org.slug}/kpis/${kpi.id}`);
});

export const updateKpiAction = orgAction(updateKpiSchema, async (ctx, input) => {
  await updateKpi(ctx, input);
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
