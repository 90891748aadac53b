"use server";

import { redirect } from "next/navigation";
import { orgAction, orgStepAction } from "@/lib/actions/org-action";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, renameTeam } from "@/lib/data/teams";
import { createTeamSchema, renameTeamSchema, teamIdSchema, teamMemberSchema } from "@/lib/validations/team";

export const createTeamAction = orgAction(createTeamSchema, async (ctx, input) => {
  const team = await createTeam(ctx, input);
  return `Team “${team.name}” created.`;
});

export const renameTeamAction = orgStepAction(renameTeamSchema, renameTeam, "Team renamed.");

export const deleteTeamAction = orgAction(teamIdSchema, async (ctx, input) => {
  await deleteTeam(ctx, input);
  redirect(`/o/${ctx.org.slug}/teams`);
});

export const addTeamMemberAction = orgStepAction(teamMemberSchema, addTeamMember, "Added to the team.");

export const removeTeamMemberAction = orgStepAction(teamMemberSchema, removeTeamMember, "Removed from the team.");
