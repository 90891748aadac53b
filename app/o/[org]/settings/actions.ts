"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { deleteOrganisation, renameOrganisation, updateScoringSettings } from "@/lib/data/organisations";
import { invalid } from "@/lib/errors";
import { renameOrgSchema, scoringSettingsSchema } from "@/lib/validations/organisation";

export const renameOrganisationAction = orgAction(renameOrgSchema, async (ctx, input) => {
  await renameOrganisation(ctx, input);
  if (input.slug !== ctx.org.slug) redirect(`/o/${input.slug}/settings`);
  return "Organisation updated.";
});

export const updateScoringSettingsAction = orgAction(scoringSettingsSchema, async (ctx, input) => {
  await updateScoringSettings(ctx, input);
  return "Scoring settings saved.";
});

export const deleteOrganisationAction = orgAction(z.object({ confirm: z.string().default("") }), async (ctx, input) => {
  if (input.confirm !== ctx.org.slug) throw invalid(`Type ${ctx.org.slug} to confirm.`, "confirm");
  await deleteOrganisation(ctx);
  redirect("/");
});
