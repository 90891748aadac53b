"use server";

import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions/org-action";
import {
  addResource,
  addStage,
  moveStage,
  removeResource,
  removeStage,
  updateResource,
  updateStage,
} from "@/lib/data/stages";
import { createStream, deleteStream, setStreamArchived, updateStream } from "@/lib/data/streams";
import { createStreamLink, deleteStreamLink } from "@/lib/data/value-chain";
import { linkFormSchema, linkIdSchema } from "@/lib/validations/stream-link";
import {
  addResourceSchema,
  addStageSchema,
  createStreamSchema,
  moveStageSchema,
  resourceIdSchema,
  stageIdSchema,
  streamIdSchema,
  updateResourceSchema,
  updateStageSchema,
  updateStreamSchema,
} from "@/lib/validations/stream";

export const createStreamAction = orgAction(createStreamSchema, async (ctx, input) => {
  const stream = await createStream(ctx, input);
  redirect(`/o/${ctx.org.slug}/streams/${stream.id}`);
});

export const updateStreamAction = orgAction(updateStreamSchema, async (ctx, input) => {
  await updateStream(ctx, input);
  return "Stream saved.";
});

export const archiveStreamAction = orgAction(streamIdSchema, async (ctx, input) => {
  await setStreamArchived(ctx, input, true);
  return "Stream archived.";
});

export const restoreStreamAction = orgAction(streamIdSchema, async (ctx, input) => {
  await setStreamArchived(ctx, input, false);
  return "Stream restored.";
});

export const deleteStreamAction = orgAction(streamIdSchema, async (ctx, input) => {
  await deleteStream(ctx, input);
  redirect(`/o/${ctx.org.slug}/streams`);
});

export const addStageAction = orgAction(addStageSchema, async (ctx, input) => {
  const stage = await addStage(ctx, input);
  return `Stage “${stage.name}” added.`;
});

export const updateStageAction = orgAction(updateStageSchema, async (ctx, input) => {
  await updateStage(ctx, input);
  return "Stage saved.";
});

export const moveStageAction = orgAction(moveStageSchema, async (ctx, input) => {
  await moveStage(ctx, input);
  return input.direction === "up" ? "Stage moved earlier." : "Stage moved later.";
});

export const removeStageAction = orgAction(stageIdSchema, async (ctx, input) => {
  await removeStage(ctx, input);
  return "Stage removed.";
});

export const addResourceAction = orgAction(addResourceSchema, async (ctx, input) => {
  await addResource(ctx, input);
  return "Resource added.";
});

export const updateResourceAction = orgAction(updateResourceSchema, async (ctx, input) => {
  await updateResource(ctx, input);
  return "Resource saved.";
});

export const removeResourceAction = orgAction(resourceIdSchema, async (ctx, input) => {
  await removeResource(ctx, input);
  return "Resource removed.";
});

export const createStreamLinkAction = orgAction(linkFormSchema, async (ctx, input) => {
  await createStreamLink(ctx, input);
  return "Streams linked.";
});

export const deleteStreamLinkAction = orgAction(linkIdSchema, async (ctx, input) => {
  await deleteStreamLink(ctx, input.linkId);
  return "Link removed.";
});
