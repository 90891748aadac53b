import { z } from "zod";
import { tokenScopes } from "@/db/schema/api";
import { idSchema } from "./team";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const TOKEN_MAX_DAYS = 3650;

export const tokenNameSchema = z
  .string({ error: "Name the token." })
  .trim()
  .min(1, "Name the token, e.g. after the script that uses it.")
  .max(80, "Keep it under 80 characters.");

/** The form and the command line: a name, a scope and an optional lifetime in days. */
export const createTokenSchema = z.object({
  name: tokenNameSchema,
  scope: z.enum(tokenScopes, { error: "Choose read or write." }).default("read"),
  expiresInDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Enter a number of days." })
      .int("Enter a whole number of days.")
      .min(1, "A token lives at least 1 day.")
      .max(TOKEN_MAX_DAYS, `At most ${TOKEN_MAX_DAYS} days; leave it empty for a token that does not expire.`)
      .optional(),
  ),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenIdSchema = z.object({ tokenId: idSchema });
