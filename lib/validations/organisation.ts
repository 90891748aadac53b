import { z } from "zod";
import { text } from "./fields";

/** `required` is what a missing name reads (the sign-up form says “your” organisation). */
export const organisationName = (required: string) =>
  text("Name", 80, { required }).min(2, "Use at least 2 characters.");

export const orgNameSchema = organisationName("Name the organisation.");

export const slugSchema = z
  .string({ error: "Choose an address." })
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(48, "Keep it under 48 characters.")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens.");

export const createOrgSchema = z.object({ name: orgNameSchema });

export const renameOrgSchema = z.object({ name: orgNameSchema, slug: slugSchema });

const share = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a number.` })
    .min(0, `${label} must be between 0 and 1.`)
    .max(1, `${label} must be between 0 and 1.`);

export const scoringSettingsSchema = z
  .object({
    outcomeWeight: share("Outcome weight"),
    onTrackThreshold: share("On-track threshold"),
    atRiskThreshold: share("At-risk threshold"),
    quadrantThreshold: share("Quadrant threshold"),
    paceOnTrackTolerance: share("On-pace tolerance").default(0.05),
    paceAtRiskTolerance: share("At-risk pace tolerance").default(0.15),
  })
  .refine((s) => s.atRiskThreshold < s.onTrackThreshold, {
    path: ["atRiskThreshold"],
    message: "The at-risk threshold must be below the on-track threshold.",
  })
  .refine((s) => s.paceOnTrackTolerance <= s.paceAtRiskTolerance, {
    path: ["paceAtRiskTolerance"],
    message: "The at-risk pace tolerance must be at least the on-pace tolerance.",
  });
