import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema } from "./auth";
import { idSchema, roleSchema } from "./team";

export const MAX_INVITES = 50;

/** Emails separated by commas, spaces or new lines; each checked, duplicates dropped. */
export const inviteSchema = z.object({
  emails: z.string({ error: "Enter at least one email address." }).transform((text, ctx) => {
    const parts = [
      ...new Set(
        text
          .split(/[\s,;]+/)
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    if (parts.length === 0) ctx.addIssue({ code: "custom", message: "Enter at least one email address." });
    if (parts.length > MAX_INVITES)
      ctx.addIssue({ code: "custom", message: `Invite at most ${MAX_INVITES} people at once.` });
    const bad = parts.filter((p) => !emailSchema.safeParse(p).success);
    if (bad.length)
      ctx.addIssue({ code: "custom", message: `Not valid email addresses: ${bad.slice(0, 5).join(", ")}.` });
    return parts;
  }),
  role: roleSchema,
  teamIds: z.array(idSchema).max(100).default([]),
});

export const invitationIdSchema = z.object({ invitationId: idSchema });

export const acceptSignUpSchema = z.object({
  token: z.string().min(20).max(200),
  name: personNameSchema,
  password: passwordSchema,
});
