import "server-only";
import { createTeam, listTeams } from "@/lib/data/teams";
import { apiCreateTeamSchema, apiEmptyQuery } from "@/lib/validations/api";
import { endpoint } from "../endpoint";
import { teamListSchema, teamSchema } from "../schemas";
import { teamJson } from "../serialise";

export const teamEndpoints = [
  endpoint({
    method: "GET",
    path: "/teams",
    operationId: "listTeams",
    tag: "Teams",
    summary: "List the teams",
    scope: "read",
    query: apiEmptyQuery,
    response: { status: 200, description: "The organisation's teams, by name.", schema: teamListSchema },
    handler: async ({ ctx }) => ({ data: (await listTeams(ctx)).map(teamJson) }),
  }),
  endpoint({
    method: "POST",
    path: "/teams",
    operationId: "createTeam",
    tag: "Teams",
    summary: "Create a team",
    description: "Needs a write token whose creator manages teams (owner or admin).",
    scope: "write",
    body: apiCreateTeamSchema,
    response: { status: 201, description: "The new team.", schema: teamSchema },
    errors: { 409: "A team with that name exists." },
    handler: async ({ ctx, body }) => teamJson({ ...(await createTeam(ctx, body)), memberCount: 0 }),
  }),
];
