"use server";

import { AuthError } from "next-auth";
import { failure, invalidInput } from "@/lib/actions/org-action";
import { echoable, formValues, nulFields, type ActionState } from "@/lib/actions/state";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeRedirect } from "@/lib/auth/safe-redirect";
import { signUp } from "@/lib/data/accounts";
import { signInSchema, signUpSchema } from "@/lib/validations/auth";

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeRedirect(values.callbackUrl) });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      const limited = (error as AuthError & { code?: string }).code === "rate_limited";
      return {
        ok: false,
        message: limited
          ? "Too many failed attempts. Wait 15 minutes, then try again."
          : "That email and password don't match an account.",
        values: echoable(values),
      };
    }
    return failure(error, values);
  }
}

export async function signUpAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const unstorable = nulFields(values);
  if (unstorable) return unstorable;
  const parsed = signUpSchema.safeParse(values);
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    const { org } = await signUp(parsed.data);
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: `/o/${org.slug}`,
    });
    return { ok: true };
  } catch (error) {
    return failure(error, values);
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
