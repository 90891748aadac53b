"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { actInPublic, failure, invalidInput } from "@/lib/actions/prelude";
import { echoable, formValues, type ActionState } from "@/lib/actions/state";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeRedirect } from "@/lib/auth/safe-redirect";
import { limitSignUp, requestSignUp, signUpWithoutMail } from "@/lib/data/accounts";
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
 * Nobody learns from sign-up who has an account: an address that has one gets a mail instead, and the
 * answer is the same. With mail set up, a new address confirms by a mailed link; without mail there is
 * no way to confirm one, so its account is created at once, and the person signs in next (signing in
 * here would tell a new address from a taken one).
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
    await signUpWithoutMail(input, await appBaseUrl());
    return {
      ok: true,
      message: `Done: sign in with ${input.email} to continue. If that address already had an account, it is unchanged and we mailed its owner.`,
    };
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
