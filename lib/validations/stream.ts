import { z } from "zod";
import { periods, resourceKinds, streamKinds } from "@/db/schema/streams";
import { blankToUndefined, decimal } from "./fields";
import { idSchema } from "./team";

const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `Keep it under ${max} characters.`).optional());
const optionalNumber = (label: string, opts: { min?: number; max?: number } = {}) =>
  z.preprocess(
    blankToUndefined,
    decimal(label)
      .refine((n) => opts.min === undefined || n >= opts.min, `${label} must be at least ${opts.min}.`)
      .refine((n) => opts.max === undefined || n <= opts.max, `${label} must be at most ${opts.max}.`)
      .optional(),
  );

export const streamFields = {
  name: z
    .string({ error: "Name the stream." })
    .trim()
    .min(1, "Name the stream.")
    .max(80, "Keep it under 80 characters."),
  kind: z.enum(streamKinds, { error: "Choose a kind." }),
  customerNeed: optionalText(500),
  ownerId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  demandAmount: optionalNumber("Demand", { min: 0, max: 1e12 }),
  demandUnit: optionalText(40),
  demandPeriod: z.enum(periods, { error: "Choose a period." }).default("week"),
};

export const createStreamSchema = z
  .object({
    ...streamFields,
    // With a template the name may be left blank: the template's name is used.
    name: z.preprocess(blankToUndefined, streamFields.name.optional()),
    template: z.preprocess(blankToUndefined, z.enum(streamKinds).optional()),
  })
  .superRefine((s, ctx) => {
    if (!s.name && !s.template) ctx.addIssue({ code: "custom", path: ["name"], message: "Name the stream." });
  });
export const updateStreamSchema = z.object({ streamId: idSchema, ...streamFields });
export const streamIdSchema = z.object({ streamId: idSchema });

export const stageFields = {
  name: z.string({ error: "Name the stage." }).trim().min(1, "Name the stage.").max(80, "Keep it under 80 characters."),
  teamId: z.preprocess(blankToUndefined, idSchema.optional()),
  input: optionalText(200),
  output: optionalText(200),
  processTime: optionalNumber("Process time", { min: 0, max: 1e9 }),
  wip: optionalNumber("Work in progress", { min: 0, max: 1e9 }),
  /** Entered as a percentage, stored as a share. */
  pctCA: optionalNumber("%C&A", { min: 0, max: 100 }).transform((v) => (v === undefined ? undefined : v / 100)),
};
export const addStageSchema = z.object({ streamId: idSchema, ...stageFields });
export const updateStageSchema = z.object({ stageId: idSchema, ...stageFields });
export const stageIdSchema = z.object({ stageId: idSchema });
export const moveStageSchema = z.object({ stageId: idSchema, direction: z.enum(["up", "down"]) });

export const resourceFields = {
  kind: z.enum(resourceKinds, { error: "Choose a kind." }),
  name: z
    .string({ error: "Name the resource." })
    .trim()
    .min(1, "Name the resource.")
    .max(80, "Keep it under 80 characters."),
  quantity: decimal("Quantity").pipe(
    z.number().min(0, "Quantity can't be negative.").max(1e9, "Quantity is too large."),
  ),
  rate: decimal("Rate").pipe(z.number().min(0, "Rate can't be negative.").max(1e12, "Rate is too large.")),
  /** Entered as a percentage (100 when left blank), stored as a share. */
  availability: z
    .preprocess(
      blankToUndefined,
      decimal("Availability")
        .pipe(
          z
            .number()
            .min(0, "Availability is a percentage from 0 to 100.")
            .max(100, "Availability is a percentage from 0 to 100."),
        )
        .optional(),
    )
    .transform((v) => (v ?? 100) / 100),
};
export const addResourceSchema = z.object({ stageId: idSchema, ...resourceFields });
export const updateResourceSchema = z.object({ resourceId: idSchema, ...resourceFields });
export const resourceIdSchema = z.object({ resourceId: idSchema });
