import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { resolveApiToken, touchApiToken, type TokenScope } from "@/lib/auth/api-token";
import { hit } from "@/lib/auth/rate-limit";
import type { Endpoint } from "./endpoint";
import { ApiError, errorResponse, jsonHeaders, toApiError, validationError, zodProblems } from "./errors";

/** Requests a token may make per window; FLOWLINE_API_RATE_LIMIT overrides the number a minute. */
export function apiRateLimit(): { max: number; windowSeconds: number } {
  const configured = Number(process.env.FLOWLINE_API_RATE_LIMIT);
  return { max: Number.isInteger(configured) && configured > 0 ? configured : 600, windowSeconds: 60 };
}

/** Bodies are read whole before parsing; larger ones are refused (413) before any work. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Path parameters as Next passes them (`[id]`); each endpoint parses its own (see PathParam). */
type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

/**
 * The one way into the REST API: the route handler of one endpoint declaration. Resolves the bearer
 * token (hash lookup → organisation; revoked, expired or orphaned → 401), counts the request against
 * the token's rate limit (429 with Retry-After), refuses writes to read tokens (403), parses the path
 * parameters (404), validates the query and the JSON body (400 malformed, 413 too large, 422 invalid)
 * and builds the OrgContext the data layer takes: the token acts as its creator (with the creator's
 * current role for write tokens, as a viewer for read tokens) and carries its id into the audit log.
 * Public endpoints (scope null) skip the token. The handler's result is answered with the declared
 * status; every failure leaves through one error mapper.
 */
export function withApi(endpoint: Endpoint): RouteHandler {
  return async (request, context) => {
    let headers: Record<string, string> = {};
    try {
      const authorised = endpoint.scope === null ? null : await authorise(request, endpoint.scope);
      headers = authorised?.headers ?? {};
      const url = new URL(request.url);
      const query = endpoint.query ? parse(endpoint.query, queryObject(url.searchParams)) : undefined;
      const raw = endpoint.body ? await readJson(request, endpoint.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) : undefined;
      const body = endpoint.body ? parse(endpoint.body, raw) : undefined;
      const given = (await context?.params) ?? {};
      const params = Object.fromEntries(
        Object.entries(endpoint.params ?? {}).map(([name, param]) => [name, param.parse(given[name])]),
      );
      const requestHash = () =>
        createHash("sha256")
          .update(`${request.method} ${url.pathname}\n${canonicalJson(raw ?? null)}`)
          .digest("hex");
      const ctx = authorised?.ctx ?? null;
      const result = await endpoint.handler({ request, ctx, params, query, body, requestHash });
      const response = answer(endpoint, result);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    } catch (error) {
      return errorResponse(toApiError(error), headers);
    }
  };
}

/** The token's context, or why not (401, 429, 403); the rate-limit headers go on every answer. */
async function authorise(request: Request, scope: TokenScope) {
  const secret = bearerToken(request);
  const db = await getDb();
  const resolved = await resolveApiToken(db, secret);
  if (!resolved.ok) throw unauthenticated(resolved.reason);
  const { ctx, lastUsedAt } = resolved;

  const limit = apiRateLimit();
  const state = await hit(db, `api:token:${ctx.tokenId}`, limit);
  const headers = {
    "x-ratelimit-limit": String(limit.max),
    "x-ratelimit-remaining": String(Math.max(0, limit.max - state.count)),
    "x-ratelimit-reset": String(state.retryAfterSeconds),
  };
  if (state.count > limit.max) {
    throw new ApiError(
      429,
      "rate_limited",
      `This token made more than ${limit.max} requests in ${limit.windowSeconds} seconds; retry after ${state.retryAfterSeconds} s.`,
      null,
      { ...headers, "retry-after": String(state.retryAfterSeconds) },
    );
  }
  await touchApiToken(ctx, lastUsedAt);
  if (scope === "write" && resolved.scope !== "write") {
    throw new ApiError(
      403,
      "forbidden",
      "This token can only read; create a token with write scope to change data.",
      null,
      headers,
    );
  }
  return { ctx, headers };
}

/** The handler's result as the declared success: JSON with its status (and Location), or nothing for 204. */
function answer(endpoint: Endpoint, result: unknown): Response {
  if (result instanceof Response) return result;
  const { status, location } = endpoint.response;
  if (status === 204) return noContent();
  return json(result, status, location ? { location: location(result) } : {});
}

function unauthenticated(reason: "missing" | "invalid" | "revoked" | "expired" | "creator_gone"): ApiError {
  const messages = {
    missing: "Send an API token: Authorization: Bearer <token>.",
    invalid: "That API token is not valid.",
    revoked: "That API token was revoked.",
    expired: "That API token has expired.",
    creator_gone:
      "The member who created that API token is no longer in the organisation, so the token no longer works; create a new one.",
  };
  return new ApiError(401, "unauthenticated", messages[reason], null, {
    "www-authenticate": 'Bearer realm="flowline"',
  });
}

function bearerToken(request: Request): string {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated("missing");
  return match[1]!;
}

/** Repeated parameters are kept as a list, so a strict string schema refuses them (422). */
function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const prior = out[key];
    out[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(zodProblems(result.error));
  return result.data;
}

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new ApiError(413, "payload_too_large", `The body is larger than ${Math.round(maxBytes / 1024)} KiB.`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text, "utf8") > maxBytes) throw tooLarge();
  if (text.trim() === "") throw new ApiError(400, "malformed", "Send a JSON body.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "malformed", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** JSON with object keys sorted: the same data in another key order or spacing hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// ---- Responses --------------------------------------------------------------------------------------

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { ...jsonHeaders, ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}
