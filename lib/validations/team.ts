import { z } from "zod";
import { roles } from "@/db/schema/tenancy";
import { contract, required } from "./contract";
import { idSchema, requiredText, userIdSchema } from "./fields";

export { idSchema, userIdSchema };

/** A team: the forms' and the API's. */
export const team = contract({
  name: required(requiredText("Name", 60, "Name the team.")),
});
export const teamNameSchema = team.fields.name.rule;

export const createTeamSchema = z.object(team.form);
export const renameTeamSchema = z.object({ teamId: idSchema, ...team.form });
export const teamIdSchema = z.object({ teamId: idSchema });
export const teamMemberSchema = z.object({ teamId: idSchema, userId: userIdSchema });

export const apiCreateTeamSchema = z.strictObject(team.json).meta({ id: "TeamCreate", description: "A new team." });

export const roleSchema = z.enum(roles, { error: "Choose a role." });
export const changeRoleSchema = z.object({ userId: userIdSchema, role: roleSchema });
export const memberSchema = z.object({ userId: userIdSchema });
