import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { NewPasswordField } from "@/components/ui/new-password-field";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { Table } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/context";
import { formatUtcDateTime } from "@/lib/display-dates";
import { getCurrentSession } from "@/lib/auth/session";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { listSessions, sessionRowId } from "@/lib/auth/user-sessions";
import { changePasswordAction, revokeSessionAction, signOutEverywhereAction } from "./actions";

export const metadata = { title: "Account · Flowline" };

const when = (d: Date) => `${formatUtcDateTime(d)} UTC`;

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const user = await requireUser("/account");
  const current = await getCurrentSession();
  const sessions = await listSessions(await getDb(), user.id);
  const changed = (await searchParams).changed === "1";
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-10">
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
      <Card
        title="Sessions"
        description="Where you are signed in. A session you sign out ends at once, also for anyone holding a copy of its cookie."
        actions={
          <form action={signOutEverywhereAction}>
            <button type="submit" className={buttonClass("secondary")}>
              Sign out everywhere
            </button>
          </form>
        }
      >
        <Table
          minWidth="36rem"
          columns={["Device", "Signed in", "Last active", { key: "actions", label: "Actions", hidden: true }]}
        >
          {sessions.map((s) => (
            <tr key={s.id} className="align-middle">
              <td className="px-5 py-3" title={s.userAgent ?? undefined}>
                <span className="font-medium text-slate-900">{describeUserAgent(s.userAgent)}</span>{" "}
                {current && s.id === sessionRowId(current.sessionId) && <Badge tone="brand">This browser</Badge>}
              </td>
              <td className="px-5 py-3 text-slate-600">{when(s.createdAt)}</td>
              <td className="px-5 py-3 text-slate-600">{when(s.lastSeenAt)}</td>
              <td className="px-5 py-3 text-right">
                <ActionForm action={revokeSessionAction} hidden={{ sessionId: s.id }} showSuccess={false}>
                  <SubmitButton
                    variant="ghost"
                    pendingLabel="Signing out…"
                    aria-label={`Sign out ${describeUserAgent(s.userAgent)}, signed in ${when(s.createdAt)}`}
                  >
                    Sign out
                  </SubmitButton>
                </ActionForm>
              </td>
            </tr>
          ))}
        </Table>
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
          <NewPasswordField name="newPassword" label="New password" />
          <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
        </ActionForm>
      </Card>
    </main>
  );
}
