"use server";

import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions/org-action";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, renameTeam } from "@/lib/data/teams";
import { createTeamSchema, renameTeamSchema, teamIdSchema, teamMemberSchema } from "@/lib/validations/team";

export const createTeamAction = orgAction(createTeamSchema, async (ctx, input) => {
  const team = await createTeam(ctx, input);
  return `Team “${team.name}” created.`;
});

export const renameTeamAction = orgAction(renameTeamSchema, async (ctx, input) => {
  await renameTeam(ctx, input);
  return "Team renamed.";
});

export const deleteTeamAction = orgAction(teamIdSchema, async (ctx, input) => {
  await deleteTeam(ctx, input);
  redirect(`/o/${ctx.org.slug}/teams`);
});

export const addTeamMemberAction = orgAction(teamMemberSchema, async (ctx, input) => {
  await addTeamMember(ctx, input);
  return "Added to the team.";
});

export const removeTeamMemberAction = orgAction(teamMemberSchema, async (ctx, input) => {
  await removeTeamMember(ctx, input);
  return "Removed from the team.";
});
