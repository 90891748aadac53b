import { json, withApi } from "@/lib/api/with-api";
import { teamJson } from "@/lib/api/serialise";
import { createTeam, listTeams } from "@/lib/data/teams";
import { apiCreateTeamSchema, apiEmptyQuery } from "@/lib/validations/api";

export const GET = withApi({ scope: "read", query: apiEmptyQuery }, async ({ ctx }) =>
  json({ data: (await listTeams(ctx)).map(teamJson) }),
);

export const POST = withApi({ scope: "write", body: apiCreateTeamSchema }, async ({ ctx, body }) => {
  const team = await createTeam(ctx, body);
  return json(teamJson({ ...team, memberCount: 0 }), 201);
});
