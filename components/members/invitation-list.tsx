import { Badge } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { roleLabels } from "@/lib/auth/permissions";
import type { listInvitations } from "@/lib/data/invitations";
import { resendInvitationAction, revokeInvitationAction } from "@/app/o/[org]/members/actions";

const tone = { pending: "brand", accepted: "slate", expired: "amber", revoked: "slate" } as const;
const date = (d: Date) => d.toISOString().slice(0, 10);

export function InvitationList({
  org,
  invitations,
}: {
  org: string;
  invitations: Awaited<ReturnType<typeof listInvitations>>;
}) {
  if (invitations.length === 0) return <p className="text-sm text-slate-600">No invitations yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {invitations.map((i) => (
        <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="truncate font-medium text-slate-900">{i.email}</p>
            <p className="text-xs text-slate-500">
              {roleLabels[i.role]} · invited by {i.invitedBy ?? "someone who left"} on {date(i.createdAt)} ·{" "}
              {i.status === "pending"
                ? `expires ${date(i.expiresAt)}`
                : i.status === "accepted" && i.acceptedAt
                  ? `accepted ${date(i.acceptedAt)}`
                  : ""}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <Badge tone={tone[i.status]}>{i.status}</Badge>
            {i.status !== "accepted" && (
              <ActionForm action={resendInvitationAction} org={org} hidden={{ invitationId: i.id }} className="">
                <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingLabel="Sending…">
                  Re-send
                </SubmitButton>
              </ActionForm>
            )}
            {i.status === "pending" && (
              <ConfirmAction
                action={revokeInvitationAction}
                org={org}
                hidden={{ invitationId: i.id }}
                trigger="Revoke"
                title={`Revoke the invitation for ${i.email}?`}
                confirmLabel="Revoke"
              >
                The link stops working at once. You can re-send it later.
              </ConfirmAction>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
