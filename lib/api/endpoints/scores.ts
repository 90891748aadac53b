import "server-only";
import { now, todayIso } from "@/lib/clock";
import { parseKnownAt } from "@/lib/time";
import { scoreScope } from "@/lib/data/scores";
import { apiScoresQuery } from "@/lib/validations/api";
import { endpoint, pathId } from "../endpoint";
import { scoresSchema } from "../schemas";
import { scoresJson } from "../serialise";

export const scoreEndpoints = [
  endpoint({
    method: "GET",
    path: "/scores",
    operationId: "getScores",
    tag: "Scores",
    summary: "Scores of a team, a stream or the organisation",
    description:
      "Output, outcome and value scores, quadrant, outcome focus, coverage and every KPI's attainment, as of a date and as known at an instant (knownAt). Neither team nor stream: the whole organisation.",
    scope: "read",
    query: apiScoresQuery,
    response: { status: 200, description: "The scores.", schema: scoresSchema },
    errors: { 404: "The team or stream is none of the organisation's." },
    handler: async ({ ctx, query }) => {
      const scope = {
        teamId: query.team === undefined ? undefined : pathId(query.team, "That team"),
        streamId: query.stream === undefined ? undefined : pathId(query.stream, "That value stream"),
      };
      const current = now();
      const knownAt = parseKnownAt(query.knownAt, current);
      // Today's knowledge (no knownAt, or one clamped to now) reads the current values.
      const asKnown = knownAt === current ? undefined : knownAt;
      return scoresJson(await scoreScope(ctx, scope, query.asOf ?? todayIso(), asKnown), knownAt);
    },
  }),
];
