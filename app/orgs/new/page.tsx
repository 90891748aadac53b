import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { requireUser } from "@/lib/auth/context";
import { createOrganisationAction } from "../actions";

export const metadata = { title: "New organisation · Flowline" };

export default async function NewOrganisationPage() {
  await requireUser("/orgs/new");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">New organisation</h1>
        <p className="mt-1 text-sm text-slate-600">
          An organisation holds your teams, value streams and KPIs. You will be its owner.
        </p>
        <ActionForm action={createOrganisationAction} className="mt-6 space-y-4">
          <Field name="name" label="Organisation name" autoComplete="organization" required autoFocus />
          <SubmitButton className="w-full" pendingLabel="Creating…">
            Create organisation
          </SubmitButton>
        </ActionForm>
        <p className="mt-6 text-center text-sm">
          <Link href="/" className="text-brand-600 hover:underline">
            Back
          </Link>
        </p>
      </div>
    </main>
  );
}
