import { z } from "zod";
import { actionStatuses, controlKinds, controlStatuses, reviewStatuses } from "@/db/schema/collaboration";
import { defaulted, formField, optional, required } from "./contract";
import { choice, idSchema, number, requiredText, text, userIdSchema } from "./fields";
import { isoDateSchema } from "./kpi";

const optionalId = formField(optional(idSchema));

/** Review form fields plus one `comment:<kpiId>` field per KPI, gathered into `comments`. */
export const createReviewSchema = z.preprocess(
  (input) => {
    if (!input || typeof input !== "object") return input;
    const comments: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) if (key.startsWith("comment:")) comments[key.slice(8)] = value;
    return { ...input, comments };
  },
  z
    .object({
      streamId: idSchema,
      periodStart: isoDateSchema,
      periodEnd: isoDateSchema,
      status: choice(reviewStatuses, "Choose the overall status."),
      summary: formField(defaulted(text("Summary", 5000), "")),
      decisions: formField(defaulted(text("Decisions", 5000), "")),
      comments: z.record(idSchema, text("Comment", 2000, { tooLong: "Keep each comment under 2,000 characters." })),
    })
    .refine((r) => r.periodStart <= r.periodEnd, {
      path: ["periodEnd"],
      message: "The period must end on or after its start.",
    }),
);

export const createActionSchema = z.object({
  title: requiredText("Title", 200, "Say what will be done."),
  ownerId: requiredText("Owner", 64, "Choose who owns the action."),
  dueDate: isoDateSchema,
  streamId: optionalId,
  reviewId: optionalId,
  kpiId: optionalId,
  /** Entered in attainment points (+10 = +0.10). */
  expectedEffect: formField(
    optional(
      number(
        "Expected effect",
        { min: -100, max: 100 },
        {
          type: "The expected effect is a number of points, like 10.",
          min: "Between −100 and +100 points.",
          max: "Between −100 and +100 points.",
        },
      ),
    ),
  ).transform((points) => (points === undefined ? undefined : points / 100)),
});

export const actionStatusSchema = z.object({ actionId: idSchema, status: z.enum(actionStatuses) });

export const createControlSchema = z.object({
  streamId: idSchema,
  requirement: requiredText("Requirement", 500, "Describe the requirement."),
  kind: choice(controlKinds, "Choose a kind."),
  ownerId: formField(optional(userIdSchema)),
  intervalDays: formField(
    required(
      number(
        "Interval",
        { int: true, min: 1, max: 3660 },
        { type: "Give the interval in days.", int: "Whole days.", min: "At least 1 day.", max: "At most 10 years." },
      ),
    ),
  ),
  lastVerified: formField(optional(isoDateSchema)),
});

export const verifyControlSchema = z.object({ controlId: idSchema, status: z.enum(controlStatuses) });
export const controlIdSchema = z.object({ controlId: idSchema });
