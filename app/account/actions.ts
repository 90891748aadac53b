"use server";

import { z } from "zod";
import { failure, invalidInput } from "@/lib/actions/org-action";
import { formValues, type ActionState } from "@/lib/actions/state";
import { signIn } from "@/lib/auth/auth";
import { getCurrentUser } from "@/lib/auth/session";
import { changePassword } from "@/lib/data/accounts";
import { passwordSchema } from "@/lib/validations/auth";

const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password."),
  newPassword: passwordSchema,
});

export async function changePasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
  const parsed = changePasswordSchema.safeParse(values);
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    const { email } = await changePassword(user.id, parsed.data);
    // Every session was just revoked, this one included: issue a fresh one for this browser.
    await signIn("credentials", { email, password: parsed.data.newPassword, redirectTo: "/account?changed=1" });
    return { ok: true };
  } catch (error) {
    return failure(error, values);
  }
}
