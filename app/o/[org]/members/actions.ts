"use server";

import { orgAction } from "@/lib/actions/org-action";
import { roleLabels } from "@/lib/auth/permissions";
import { changeRole, removeMember, transferOwnership } from "@/lib/data/members";
import { createInvitations, resendInvitation, revokeInvitation } from "@/lib/data/invitations";
import { appBaseUrl } from "@/lib/http/base-url";
import { smtpConfigured } from "@/lib/mail/send";
import { invitationIdSchema, inviteSchema } from "@/lib/validations/invitation";
import { changeRoleSchema, memberSchema } from "@/lib/validations/team";

export const changeRoleAction = orgAction(changeRoleSchema, async (ctx, input) => {
  await changeRole(ctx, input);
  return `Role changed to ${roleLabels[input.role]}.`;
});

export const removeMemberAction = orgAction(memberSchema, async (ctx, input) => {
  await removeMember(ctx, input);
  return "Member removed.";
});

export const inviteAction = orgAction(inviteSchema, async (ctx, input) => {
  const created = await createInvitations(ctx, input, await appBaseUrl());
  const people = created.length === 1 ? created[0]!.email : `${created.length} people`;
  return smtpConfigured()
    ? `Invitation sent to ${people}.`
    : {
        message: `Invited ${people}. Mail is not set up, so it went to the outbox; you can also copy the ${created.length === 1 ? "link" : "links"}:`,
        details: created.map((c) => c.url),
      };
});

export const resendInvitationAction = orgAction(invitationIdSchema, async (ctx, input) => {
  const { email, url } = await resendInvitation(ctx, input, await appBaseUrl());
  return smtpConfigured()
    ? `Invitation sent again to ${email}.`
    : { message: `New link for ${email} (the old one no longer works):`, details: [url] };
});

export const revokeInvitationAction = orgAction(invitationIdSchema, async (ctx, input) => {
  await revokeInvitation(ctx, input);
  return "Invitation withdrawn.";
});

export const transferOwnershipAction = orgAction(memberSchema, async (ctx, input) => {
  await transferOwnership(ctx, input);
  return "Ownership transferred. You are now an admin.";
});
