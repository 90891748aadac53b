import "server-only";
import {
  applyScenario,
  createScenario,
  discardScenario,
  getScenario,
  listScenarios,
  patchScenario,
} from "@/lib/data/scenarios";
import { getStream } from "@/lib/data/streams";
import { apiEmptyQuery } from "@/lib/validations/api";
import { apiCreateScenarioSchema, apiUpdateScenarioSchema } from "@/lib/validations/scenario";
import { endpoint, pathId, streamParam, type PathParam } from "../endpoint";
import { scenarioListSchema, scenarioSchema, streamSchema } from "../schemas";
import { scenarioJson, scenarioSummaryJson, streamJson } from "../serialise";

const scenarioParam: PathParam<string> = {
  description: "The scenario's id.",
  parse: (value) => pathId(value, "That scenario"),
};
const notFound = "No such scenario in the token's organisation.";
const editors = "The token's creator must be able to edit the stream (its process owner, an admin or an owner).";

async function scenarioAnswer(ctx: Parameters<typeof getScenario>[0], id: string) {
  const { scenario, comparison } = await getScenario(ctx, id);
  return scenarioJson(scenario, comparison);
}

export const scenarioEndpoints = [
  endpoint({
    method: "GET",
    path: "/streams/{id}/scenarios",
    operationId: "listScenarios",
    tag: "Scenarios",
    summary: "List a stream's scenarios",
    scope: "read",
    params: { id: streamParam },
    query: apiEmptyQuery,
    response: { status: 200, description: "The stream's drafts, oldest first.", schema: scenarioListSchema },
    errors: { 404: "No such stream in the token's organisation." },
    handler: async ({ ctx, params }) => ({ data: (await listScenarios(ctx, params.id)).map(scenarioSummaryJson) }),
  }),
  endpoint({
    method: "POST",
    path: "/streams/{id}/scenarios",
    operationId: "createScenario",
    tag: "Scenarios",
    summary: "Plan a change",
    description: `Copies the stream's setup today (demand, stages, resources) into a named draft. ${editors} A draft never changes the stream or any score until it is applied.`,
    scope: "write",
    params: { id: streamParam },
    body: apiCreateScenarioSchema,
    response: {
      status: 201,
      description: "The new draft beside today (identical until changed).",
      schema: scenarioSchema,
      location: (s) => `/api/v1/scenarios/${s.id}`,
    },
    errors: { 404: "No such stream in the token's organisation." },
    handler: async ({ ctx, params, body }) => {
      const scenario = await createScenario(ctx, { streamId: params.id, name: body.name });
      return scenarioAnswer(ctx, scenario.id);
    },
  }),
  endpoint({
    method: "GET",
    path: "/scenarios/{id}",
    operationId: "getScenario",
    tag: "Scenarios",
    summary: "Get a scenario",
    description:
      "The draft and its comparison with the stream today: pace, capacity, lead time, flow efficiency, the bottleneck (and whether it moves), and per stage utilisation, capacity and extra resources needed.",
    scope: "read",
    params: { id: scenarioParam },
    query: apiEmptyQuery,
    response: { status: 200, description: "The draft beside today.", schema: scenarioSchema },
    errors: { 404: notFound },
    handler: async ({ ctx, params }) => scenarioAnswer(ctx, params.id),
  }),
  endpoint({
    method: "PATCH",
    path: "/scenarios/{id}",
    operationId: "updateScenario",
    tag: "Scenarios",
    summary: "Change a scenario",
    description: `Changes the draft only. ${editors} A stage or resource id the draft does not have is a 422 naming it; nothing changes then.`,
    scope: "write",
    params: { id: scenarioParam },
    body: apiUpdateScenarioSchema,
    response: { status: 200, description: "The changed draft beside today.", schema: scenarioSchema },
    errors: { 404: notFound },
    handler: async ({ ctx, params, body }) => {
      await patchScenario(ctx, params.id, body);
      return scenarioAnswer(ctx, params.id);
    },
  }),
  endpoint({
    method: "DELETE",
    path: "/scenarios/{id}",
    operationId: "discardScenario",
    tag: "Scenarios",
    summary: "Discard a scenario",
    scope: "write",
    params: { id: scenarioParam },
    response: { status: 204, description: "Discarded; the stream is as it was." },
    errors: { 404: notFound },
    handler: async ({ ctx, params }) => {
      await discardScenario(ctx, params.id);
    },
  }),
  endpoint({
    method: "POST",
    path: "/scenarios/{id}/apply",
    operationId: "applyScenario",
    tag: "Scenarios",
    summary: "Apply a scenario to its stream",
    description: `Writes the draft's demand, conversions and resource figures to the stream (audited) and removes the draft. ${editors} When the stream's stages or resources changed since the draft was made: 409, nothing written.`,
    scope: "write",
    params: { id: scenarioParam },
    response: { status: 200, description: "The stream as it is now.", schema: streamSchema },
    errors: { 404: notFound, 409: "The stream's stages or resources changed since the draft was made." },
    handler: async ({ ctx, params }) => {
      const scenario = await applyScenario(ctx, params.id);
      return streamJson(await getStream(ctx, scenario.streamId));
    },
  }),
];
