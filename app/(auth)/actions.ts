"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { actInPublic, failure, invalidInput } from "@/lib/actions/prelude";
import { echoable, formValues, type ActionState } from "@/lib/actions/state";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeRedirect } from "@/lib/auth/safe-redirect";
import { limitSignUp, requestSignUp, signUp } from "@/lib/data/accounts";
import { appBaseUrl } from "@/lib/http/base-url";
import { clientAddress } from "@/lib/http/client-address";
import { smtpConfigured } from "@/lib/mail/send";
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

/**
 * With mail set up, a sign-up is confirmed by a link mailed to the address, and an address that has an
 * account gets a mail instead: both answer the same, so nobody learns who has an account. Without mail
 * there is no way to confirm an address; the account is created at once (see README, "Configuration").
 */
export async function signUpAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return actInPublic(formValues(formData), signUpSchema, async (input) => {
    await limitSignUp(await getDb(), { email: input.email, address: clientAddress(await headers()) });
    if (smtpConfigured()) {
      await requestSignUp(input, await appBaseUrl());
      return {
        ok: true,
        message: `Check your inbox: we sent a mail to ${input.email}. Follow its link to finish creating your account.`,
      };
    }
    const { org } = await signUp(input);
    await signIn("credentials", { email: input.email, password: input.password, redirectTo: `/o/${org.slug}` });
    return { ok: true };
  });
}

/** The sign-up link's button: creates the account (once) and signs in. */
export async function confirmSignUpAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const token = formData.get("token");
  try {
    await signIn("sign-up-link", { token: typeof token === "string" ? token : "", redirectTo: "/" });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      return { ok: false, message: "This link has expired or was already used. Sign in, or sign up again." };
    }
    return failure(error, {});
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
