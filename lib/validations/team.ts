import { z } from "zod";
import { roles } from "@/db/schema/tenancy";

export const idSchema = z.uuid("That id is not valid.");
export const userIdSchema = z.string().min(1).max(64);

export const teamNameSchema = z
  .string({ error: "Name the team." })
  .trim()
  .min(1, "Name the team.")
  .max(60, "Keep it under 60 characters.");

export const createTeamSchema = z.object({ name: teamNameSchema });
export const renameTeamSchema = z.object({ teamId: idSchema, name: teamNameSchema });
export const teamIdSchema = z.object({ teamId: idSchema });
export const teamMemberSchema = z.object({ teamId: idSchema, userId: userIdSchema });

export const roleSchema = z.enum(roles, { error: "Choose a role." });
export const changeRoleSchema = z.object({ userId: userIdSchema, role: roleSchema });
export const memberSchema = z.object({ userId: userIdSchema });
