"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { failure, invalidInput } from "@/lib/actions/org-action";
import { formValues, nulFields, type ActionState } from "@/lib/actions/state";
import { signIn } from "@/lib/auth/auth";
import { getCurrentUser } from "@/lib/auth/session";
import { acceptInvitation, signUpWithInvitation } from "@/lib/data/invitations";
import { acceptSignUpSchema } from "@/lib/validations/invitation";

const tokenSchema = z.object({ token: z.string().min(20).max(200) });

export async function acceptInvitationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: "Sign in first." };
  const parsed = tokenSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: "That invitation link is not valid." };
  let slug: string;
  try {
    slug = (await acceptInvitation(user, parsed.data.token)).slug;
  } catch (error) {
    return failure(error, values);
  }
  redirect(`/o/${slug}`);
}

export async function signUpWithInvitationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const unstorable = nulFields(values);
  if (unstorable) return unstorable;
  const parsed = acceptSignUpSchema.safeParse(values);
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    const { org, email } = await signUpWithInvitation(parsed.data);
    await signIn("credentials", { email, password: parsed.data.password, redirectTo: `/o/${org.slug}` });
    return { ok: true };
  } catch (error) {
    return failure(error, values);
  }
}
