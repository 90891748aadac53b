import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { Card } from "@/components/ui/card";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { requireUser } from "@/lib/auth/context";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";
import { changePasswordAction } from "./actions";

export const metadata = { title: "Account · Flowline" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const user = await requireUser("/account");
  const changed = (await searchParams).changed === "1";
  return (
    <main className="mx-auto max-w-xl space-y-6 px-4 py-10">
      <div className="flex items-center justify-between">
        <Logo />
        <Link href="/" className="text-sm text-brand-600 hover:underline">
          Back to Flowline
        </Link>
      </div>
      <h1 className="text-2xl font-semibold">Your account</h1>
      <Card title="Profile">
        <p className="text-sm">{user.name}</p>
        <p className="text-sm text-slate-600">{user.email}</p>
      </Card>
      <Card title="Change password" description="Changing your password signs you out everywhere else.">
        {changed && (
          <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Password changed. Other sessions were signed out.
          </p>
        )}
        <ActionForm action={changePasswordAction}>
          <Field
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
          />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`}
            required
          />
          <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
        </ActionForm>
      </Card>
    </main>
  );
}
