"use server";

import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions/org-action";
import { todayIso } from "@/lib/scoring/as-of";
import { createActionItem, setActionStatus } from "@/lib/data/action-items";
import { createControl, deleteControl, verifyControl } from "@/lib/data/controls";
import { createReview } from "@/lib/data/reviews";
import {
  actionStatusSchema,
  controlIdSchema,
  createActionSchema,
  createControlSchema,
  createReviewSchema,
  verifyControlSchema,
} from "@/lib/validations/review";

export const createReviewAction = orgAction(createReviewSchema, async (ctx, input) => {
  const review = await createReview(ctx, input);
  redirect(`/o/${ctx.org.slug}/reviews/${review.id}`);
});

export const createActionItemAction = orgAction(createActionSchema, async (ctx, input) => {
  await createActionItem(ctx, input, todayIso());
  return "Action created.";
});

export const setActionStatusAction = orgAction(actionStatusSchema, async (ctx, input) => {
  await setActionStatus(ctx, input);
  return "Action updated.";
});

export const createControlAction = orgAction(createControlSchema, async (ctx, input) => {
  await createControl(ctx, input);
  return "Control added.";
});

export const verifyControlAction = orgAction(verifyControlSchema, async (ctx, input) => {
  await verifyControl(ctx, input, todayIso());
  return "Verification recorded.";
});

export const deleteControlAction = orgAction(controlIdSchema, async (ctx, input) => {
  await deleteControl(ctx, input);
  return "Control deleted.";
});
