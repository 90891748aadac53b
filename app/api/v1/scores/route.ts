import { scoresJson } from "@/lib/api/serialise";
import { json, pathId, withApi } from "@/lib/api/with-api";
import { todayIso } from "@/lib/dashboards/as-of";
import { scoreScope } from "@/lib/data/scores";
import { apiScoresQuery } from "@/lib/validations/api";

export const GET = withApi({ scope: "read", query: apiScoresQuery }, async ({ ctx, query }) => {
  const scope = {
    teamId: query.team === undefined ? undefined : pathId(query.team, "That team"),
    streamId: query.stream === undefined ? undefined : pathId(query.stream, "That value stream"),
  };
  return json(scoresJson(await scoreScope(ctx, scope, query.asOf ?? todayIso())));
});
