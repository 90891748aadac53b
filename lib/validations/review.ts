import { z } from "zod";
import { actionStatuses, controlKinds, controlStatuses, reviewStatuses } from "@/db/schema/collaboration";
import { isoDateSchema } from "./kpi";
import { idSchema, userIdSchema } from "./team";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const text = (max: number) =>
  z.preprocess((v) => v ?? "", z.string().trim().max(max, `Keep it under ${max} characters.`));

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
      status: z.enum(reviewStatuses, { error: "Choose the overall status." }),
      summary: text(5000),
      decisions: text(5000),
      comments: z.record(idSchema, z.string().trim().max(2000, "Keep each comment under 2,000 characters.")),
    })
    .refine((r) => r.periodStart <= r.periodEnd, {
      path: ["periodEnd"],
      message: "The period must end on or after its start.",
    }),
);

export const createActionSchema = z.object({
  title: z
    .string({ error: "Say what will be done." })
    .trim()
    .min(1, "Say what will be done.")
    .max(200, "Keep it under 200 characters."),
  ownerId: z.string({ error: "Choose who owns the action." }).min(1, "Choose who owns the action.").max(64),
  dueDate: isoDateSchema,
  streamId: z.preprocess(blankToUndefined, idSchema.optional()),
  reviewId: z.preprocess(blankToUndefined, idSchema.optional()),
  kpiId: z.preprocess(blankToUndefined, idSchema.optional()),
  /** Entered in attainment points (+10 = +0.10). */
  expectedEffect: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "The expected effect is a number of points, like 10." })
      .min(-100, "Between −100 and +100 points.")
      .max(100, "Between −100 and +100 points.")
      .transform((points) => points / 100)
      .optional(),
  ),
});

export const actionStatusSchema = z.object({ actionId: idSchema, status: z.enum(actionStatuses) });

export const createControlSchema = z.object({
  streamId: idSchema,
  requirement: z
    .string({ error: "Describe the requirement." })
    .trim()
    .min(1, "Describe the requirement.")
    .max(500, "Keep it under 500 characters."),
  kind: z.enum(controlKinds, { error: "Choose a kind." }),
  ownerId: z.preprocess(blankToUndefined, userIdSchema.optional()),
  intervalDays: z.coerce
    .number({ error: "Give the interval in days." })
    .int("Whole days.")
    .min(1, "At least 1 day.")
    .max(3660, "At most 10 years."),
  lastVerified: z.preprocess(blankToUndefined, isoDateSchema.optional()),
});

export const verifyControlSchema = z.object({ controlId: idSchema, status: z.enum(controlStatuses) });
export const controlIdSchema = z.object({ controlId: idSchema });
