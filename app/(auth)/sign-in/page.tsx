import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { Disclosure } from "@/components/ui/disclosure";
import { DEMO_PASSWORD, demoRuns, demoUsers } from "@/db/seed/demo";
import { roleLabels } from "@/lib/auth/permissions";
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
      {demoRuns() && <DemoAccounts />}
      <p className="mt-6 text-center text-sm text-slate-600">
        New to Flowline?{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
    </>
  );
}

/** The demo's accounts: public by design, so a visitor can try every role. */
function DemoAccounts() {
  return (
    <Disclosure summary="Demo accounts" className="mt-6 rounded-md bg-slate-50 px-3 py-2">
      <p className="mt-2 text-xs text-slate-600">
        Every demo account&apos;s password is <code className="font-mono">{DEMO_PASSWORD}</code>. Demo only: not for
        real data.
      </p>
      <ul className="mt-2 space-y-1 text-xs" aria-label="Demo accounts">
        {demoUsers.map((u) => (
          <li key={u.email} className="flex flex-wrap justify-between gap-x-3">
            <code className="font-mono text-slate-900">{u.email}</code>
            <span className="text-slate-600">
              {roleLabels[u.role]}
              {u.teams.length > 0 && ` · ${u.teams.join(", ")}`}
            </span>
          </li>
        ))}
      </ul>
    </Disclosure>
  );
}
