import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { safeRedirect } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { signInAction } from "../actions";

export const metadata = { title: "Sign in · Flowline" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeRedirect((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Welcome back to Flowline.</p>
      <ActionForm action={signInAction} hidden={{ callbackUrl }} className="mt-6 space-y-4">
        <Field name="email" label="Email" type="email" autoComplete="email" required autoFocus />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required />
        <SubmitButton className="w-full" pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </ActionForm>
      <OAuthButtons callbackUrl={callbackUrl} />
      <p className="mt-6 text-center text-sm text-slate-600">
        New to Flowline?{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
    </>
  );
}
