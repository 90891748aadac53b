import Link from "next/link";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { describeSignUp } from "@/lib/data/accounts";
import { confirmSignUpAction } from "../../../actions";

export const metadata = { title: "Finish creating your account · Flowline" };

/** Where a sign-up confirmation mail leads: a button (mail scanners follow links; they do not press buttons). */
export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const pending = token.length <= 100 ? await describeSignUp(token) : null;
  if (!pending) {
    return (
      <>
        <h1 className="text-xl font-semibold">This link no longer works</h1>
        <p className="mt-2 text-sm text-slate-600">
          It has expired or was already used. If you created your account,{" "}
          <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
            sign in
          </Link>
          ; otherwise{" "}
          <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
            sign up again
          </Link>
          .
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Finish creating your account</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your account {pending.email} and your organisation {pending.organisation} are one click away.
      </p>
      <ActionForm action={confirmSignUpAction} hidden={{ token }} className="mt-6 space-y-4">
        <SubmitButton className="w-full" pendingLabel="Creating your organisation…">
          Create my account
        </SubmitButton>
      </ActionForm>
    </>
  );
}
