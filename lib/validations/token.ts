import { z } from "zod";
import { tokenScopes } from "@/db/schema/api";
import { formField, optional } from "./contract";
import { idSchema, number, requiredText } from "./fields";

export const TOKEN_MAX_DAYS = 3650;

export const tokenNameSchema = requiredText("Name", 80, "Name the token, e.g. after the script that uses it.");

/** The form and the command line: a name, a scope and an optional lifetime in days. */
export const createTokenSchema = z.object({
  name: tokenNameSchema,
  scope: z.enum(tokenScopes, { error: "Choose read or write." }).default("read"),
  expiresInDays: formField(
    optional(
      number(
        "Lifetime",
        { int: true, min: 1, max: TOKEN_MAX_DAYS },
        {
          type: "Enter a number of days.",
          int: "Enter a whole number of days.",
          min: "A token lives at least 1 day.",
          max: `At most ${TOKEN_MAX_DAYS} days; leave it empty for a token that does not expire.`,
        },
      ),
    ),
  ),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenIdSchema = z.object({ tokenId: idSchema });
