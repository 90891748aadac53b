"use server";

import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions/org-action";
import { applyScenario, createScenario, discardScenario, updateScenario } from "@/lib/data/scenarios";
import { createScenarioSchema, scenarioIdSchema, updateScenarioSchema } from "@/lib/validations/scenario";

export const createScenarioAction = orgAction(createScenarioSchema, async (ctx, input) => {
  const scenario = await createScenario(ctx, input);
  redirect(`/o/${ctx.org.slug}/streams/${input.streamId}/scenarios/${scenario.id}`);
});

export const updateScenarioAction = orgAction(updateScenarioSchema, async (ctx, input) => {
  await updateScenario(ctx, input.scenarioId, input);
  return "Draft saved.";
});

export const applyScenarioAction = orgAction(scenarioIdSchema, async (ctx, input) => {
  const scenario = await applyScenario(ctx, input.scenarioId);
  redirect(`/o/${ctx.org.slug}/streams/${scenario.streamId}`);
});

export const discardScenarioAction = orgAction(scenarioIdSchema, async (ctx, input) => {
  const scenario = await discardScenario(ctx, input.scenarioId);
  redirect(`/o/${ctx.org.slug}/streams/${scenario.streamId}`);
});
