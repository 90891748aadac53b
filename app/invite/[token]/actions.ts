"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { actInPublic } from "@/lib/actions/prelude";
import { formValues, type ActionState } from "@/lib/actions/state";
import { userAction } from "@/lib/actions/user-action";
import { signIn } from "@/lib/auth/auth";
import { acceptInvitation, signUpWithInvitation } from "@/lib/data/invitations";
import { acceptSignUpSchema } from "@/lib/validations/invitation";

const invalidLink = "That invitation link is not valid.";
const tokenSchema = z.object({ token: z.string(invalidLink).min(20, invalidLink).max(200, invalidLink) });

export const acceptInvitationAction = userAction(tokenSchema, async (session, input) => {
  const { slug } = await acceptInvitation(session.user, input.token);
  redirect(`/o/${slug}`);
});

export async function signUpWithInvitationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return actInPublic(formValues(formData), acceptSignUpSchema, async (input) => {
    const { org, email } = await signUpWithInvitation(input);
    await signIn("credentials", { email, password: input.password, redirectTo: `/o/${org.slug}` });
    return { ok: true };
  });
}
