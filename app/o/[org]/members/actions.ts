"use server";

import { orgAction } from "@/lib/actions/org-action";
import { roleLabels } from "@/lib/auth/permissions";
import { changeRole, removeMember } from "@/lib/data/members";
import { changeRoleSchema, memberSchema } from "@/lib/validations/team";

export const changeRoleAction = orgAction(changeRoleSchema, async (ctx, input) => {
  await changeRole(ctx, input);
  return `Role changed to ${roleLabels[input.role]}.`;
});

export const removeMemberAction = orgAction(memberSchema, async (ctx, input) => {
  await removeMember(ctx, input);
  return "Member removed.";
});
