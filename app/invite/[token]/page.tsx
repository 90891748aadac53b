import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { CenteredCard } from "@/components/ui/centered-card";
import { buttonClass } from "@/components/ui/button";
import { NewPasswordField } from "@/components/ui/new-password-field";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { eq } from "drizzle-orm";
import { roleLabels } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { describeInvitation } from "@/lib/data/invitations";
import { acceptInvitationAction, signUpWithInvitationAction } from "./actions";

export const metadata = { title: "Invitation · Flowline" };

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <CenteredCard wide>
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="mt-3 space-y-4 text-sm text-slate-700">{children}</div>
    </CenteredCard>
  );
}

const refused = {
  accepted: [
    "This invitation was already used",
    "Each link works once. If you joined already, sign in; otherwise ask for a new invitation.",
  ],
  expired: [
    "This invitation has expired",
    "Invitations are valid for 7 days. Ask the person who invited you to send it again.",
  ],
  revoked: ["This invitation was withdrawn", "Ask the person who invited you if you still need access."],
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = token.length <= 200 ? await describeInvitation(token) : null;
  if (!invitation) {
    return (
      <Frame title="This invitation link is not valid">
        <p>Check that you copied the whole link, or ask for a new invitation.</p>
      </Frame>
    );
  }
  if (invitation.status !== "pending") {
    const [title, text] = refused[invitation.status];
    return (
      <Frame title={title}>
        <p>{text}</p>
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </Frame>
    );
  }
  const what = `${invitation.orgName} as ${roleLabels[invitation.role].toLowerCase()}`;
  const user = await getCurrentUser();
  if (user) {
    if (user.email !== invitation.email) {
      return (
        <Frame title="This invitation is for someone else">
          <p>
            It was sent to <strong>{invitation.email}</strong>, but you are signed in as <strong>{user.email}</strong>.
            Sign out, then open the link again and use the invited address.
          </p>
          <form action={signOutAction}>
            <button type="submit" className={buttonClass("secondary")}>
              Sign out
            </button>
          </form>
        </Frame>
      );
    }
    return (
      <Frame title={`Join ${invitation.orgName}`}>
        <p>You were invited to join {what}.</p>
        <ActionForm action={acceptInvitationAction} hidden={{ token }}>
          <SubmitButton pendingLabel="Joining…">Join {invitation.orgName}</SubmitButton>
        </ActionForm>
      </Frame>
    );
  }
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
  if (existing) {
    return (
      <Frame title={`Join ${invitation.orgName}`}>
        <p>
          You were invited to join {what}. Sign in as {invitation.email} to accept.
        </p>
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className={buttonClass()}>
          Sign in to accept
        </Link>
      </Frame>
    );
  }
  return (
    <Frame title={`Join ${invitation.orgName}`}>
      <p>
        You were invited to join {what}. Create your account for <strong>{invitation.email}</strong>.
      </p>
      <ActionForm action={signUpWithInvitationAction} hidden={{ token }}>
        <Field name="name" label="Your name" autoComplete="name" required autoFocus />
        <NewPasswordField name="password" label="Password" />
        <SubmitButton className="w-full" pendingLabel="Creating your account…">
          Create account and join
        </SubmitButton>
      </ActionForm>
    </Frame>
  );
}
