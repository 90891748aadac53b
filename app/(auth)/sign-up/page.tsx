import Link from "next/link";
import { redirect } from "next/navigation";
import { NewPasswordField } from "@/components/ui/new-password-field";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";
import { getCurrentUser } from "@/lib/auth/session";
import { signUpAction } from "../actions";

export const metadata = { title: "Create your account · Flowline" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/");
  return (
    <>
      <h1 className="text-xl font-semibold">Create your account</h1>
      <p className="mt-1 text-sm text-slate-600">You will own a new organisation and can invite your colleagues.</p>
      <ActionForm action={signUpAction} className="mt-6 space-y-4">
        <Field name="name" label="Your name" autoComplete="name" required autoFocus />
        <Field name="email" label="Work email" type="email" autoComplete="email" required />
        <NewPasswordField name="password" label="Password" minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} />
        <Field name="organisation" label="Organisation name" autoComplete="organization" required />
        <SubmitButton className="w-full" pendingLabel="Creating your organisation…">
          Create account
        </SubmitButton>
      </ActionForm>
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
