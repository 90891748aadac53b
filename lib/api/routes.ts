import "server-only";
import type { Endpoint } from "./endpoint";
import { endpoints } from "./endpoints";
import { ApiError, errorResponse } from "./errors";
import { allowHeader } from "./openapi";
import { withApi, type RouteHandler } from "./with-api";

/** The methods each route file under app/api/v1 exports (with OPTIONS); Next adds HEAD from GET. */
export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];

const handlers = new Map<Endpoint, RouteHandler>();

/** The route handler of one declared endpoint (one per endpoint, however many times it is asked for). */
export function handlerOf(endpoint: Endpoint): RouteHandler {
  let handler = handlers.get(endpoint);
  if (!handler) handlers.set(endpoint, (handler = withApi(endpoint)));
  return handler;
}

/**
 * What the route file of an API path exports: each declared method answers through its endpoint; any
 * other answers a JSON 405 in the API's error shape with `Allow` (Next's own 405 has no body), and
 * OPTIONS names the same methods.
 */
export function apiRoutes(path: string): Record<RouteMethod | "OPTIONS", RouteHandler> {
  const declared = endpoints.filter((e) => e.path === path);
  if (declared.length === 0) throw new Error(`No endpoint is declared at ${path} (lib/api/endpoints).`);
  const allow = allowHeader(declared.map((e) => e.method));
  const notAllowed: RouteHandler = async (request) =>
    errorResponse(
      new ApiError(405, "method_not_allowed", `${path} does not take ${request.method}; it takes ${allow}.`, null, {
        allow,
      }),
    );
  const routes = Object.fromEntries(
    ROUTE_METHODS.map((method) => {
      const endpoint = declared.find((e) => e.method === method);
      return [method, endpoint ? handlerOf(endpoint) : notAllowed];
    }),
  ) as Record<RouteMethod, RouteHandler>;
  return { ...routes, OPTIONS: async () => new Response(null, { status: 204, headers: { allow } }) };
}
