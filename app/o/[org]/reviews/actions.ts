"use server";

import { redirect } from "next/navigation";
import { orgAction, orgStepAction } from "@/lib/actions/org-action";
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

export const createActionItemAction = orgStepAction(
  createActionSchema,
  (ctx, input) => createActionItem(ctx, input, todayIso()),
  "Action created.",
);

export const setActionStatusAction = orgStepAction(actionStatusSchema, setActionStatus, "Action updated.");

export const createControlAction = orgStepAction(createControlSchema, createControl, "Control added.");

export const verifyControlAction = orgStepAction(
  verifyControlSchema,
  (ctx, input) => verifyControl(ctx, input, todayIso()),
  "Verification recorded.",
);

export const deleteControlAction = orgStepAction(controlIdSchema, deleteControl, "Control deleted.");
