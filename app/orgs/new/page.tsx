import Link from "next/link";
import { CenteredCard } from "@/components/ui/centered-card";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { requireUser } from "@/lib/auth/context";
import { createOrganisationAction } from "../actions";

export const metadata = { title: "New organisation · Flowline" };

export default async function NewOrganisationPage() {
  await requireUser("/orgs/new");
  return (
    <CenteredCard>
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
    </CenteredCard>
  );
}
