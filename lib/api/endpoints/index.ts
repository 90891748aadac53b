import "server-only";
import { endpoint, type Endpoint } from "../endpoint";
import { buildOpenApiDocument } from "../openapi";
import { kpiEndpoints } from "./kpis";
import { measurementEndpoints } from "./measurements";
import { scenarioEndpoints } from "./scenarios";
import { scoreEndpoints } from "./scores";
import { streamEndpoints } from "./streams";
import { teamEndpoints } from "./teams";
import { valueChainEndpoints } from "./value-chain";

/** The document describes the API, not any organisation's data: public, cached, readable from anywhere. */
const documentEndpoint = endpoint({
  method: "GET",
  path: "/openapi.json",
  operationId: "getOpenApi",
  tag: "Meta",
  summary: "This document",
  scope: null,
  response: { status: 200, description: "The OpenAPI 3.1 document." },
  handler: async () =>
    new Response(JSON.stringify(openApiDocument(), null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "public, max-age=300",
        "access-control-allow-origin": "*",
      },
    }),
});

/** Every endpoint of the REST API, in the document's order. */
export const endpoints: readonly Endpoint[] = [
  ...teamEndpoints,
  ...streamEndpoints,
  ...scenarioEndpoints,
  ...valueChainEndpoints,
  ...kpiEndpoints,
  ...measurementEndpoints,
  ...scoreEndpoints,
  documentEndpoint,
];

let document: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of these endpoints (built once: it depends only on the code and the rate limit). */
export function openApiDocument(): Record<string, unknown> {
  return (document ??= buildOpenApiDocument(endpoints));
}
