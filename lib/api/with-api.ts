import { createHash } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { resolveApiToken, touchApiToken, type TokenScope } from "@/lib/auth/api-token";
import type { OrgContext } from "@/lib/auth/org-context";
import { hit } from "@/lib/auth/rate-limit";
import { ApiError, errorResponse, jsonHeaders, toApiError, validationError, zodProblems } from "./errors";

/** Requests a token may make per window; FLOWLINE_API_RATE_LIMIT overrides the number a minute. */
export function apiRateLimit(): { max: number; windowSeconds: number } {
  const configured = Number(process.env.FLOWLINE_API_RATE_LIMIT);
  return { max: Number.isInteger(configured) && configured > 0 ? configured : 600, windowSeconds: 60 };
}

/** Bodies are read whole before parsing; larger ones are refused (413) before any work. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export type ApiContext = OrgContext & { tokenId: string };

interface Options<Q extends z.ZodType | undefined, B extends z.ZodType | undefined> {
  /** "write" endpoints refuse read tokens (403). */
  scope: TokenScope;
  /** The query string, parsed as an object of strings (strict: unknown parameters are a 422). */
  query?: Q;
  /** The JSON body (strict objects: unknown fields are a 422). */
  body?: B;
  maxBodyBytes?: number;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface ApiRequest<P, Q, B> {
  request: Request;
  ctx: ApiContext;
  params: P;
  query: Q;
  body: B;
  /** SHA-256 of the method, path and canonical JSON body: what an Idempotency-Key is bound to. */
  requestHash: () => string;
}

/** Path parameters (`[id]`): each handler checks its own (see pathId). */
type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };

/**
 * The one way into the REST API. Resolves the bearer token (hash lookup → organisation; revoked,
 * expired or orphaned → 401), counts the request against the token's rate limit (429 with
 * Retry-After), refuses writes to read tokens (403), parses and validates the query and the JSON body
 * (400 malformed, 413 too large, 422 invalid) and builds the OrgContext the data layer takes: the
 * token acts as its creator (with the creator's current role for write tokens, as a viewer for read
 * tokens) and carries its id into the audit log. Every failure leaves through one error mapper.
 */
export function withApi<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  options: Options<Q, B>,
  handler: (input: ApiRequest<Params, Infer<Q>, Infer<B>>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    let headers: Record<string, string> = {};
    try {
      const secret = bearerToken(request);
      const db = await getDb();
      const resolved = await resolveApiToken(db, secret);
      if (!resolved.ok) throw unauthenticated(resolved.reason);
      const { ctx, scope, lastUsedAt } = resolved;

      const limit = apiRateLimit();
      const state = await hit(db, `api:token:${ctx.tokenId}`, limit);
      headers = {
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
          {
            "retry-after": String(state.retryAfterSeconds),
          },
        );
      }
      await touchApiToken(db, ctx.tokenId, lastUsedAt);
      if (options.scope === "write" && scope !== "write") {
        throw new ApiError(
          403,
          "forbidden",
          "This token can only read; create a token with write scope to change data.",
        );
      }

      const url = new URL(request.url);
      const query = options.query ? parse(options.query, queryObject(url.searchParams)) : undefined;
      const raw = options.body ? await readJson(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) : undefined;
      const body = options.body ? parse(options.body, raw) : undefined;
      const params = (await context?.params) ?? {};
      const requestHash = () =>
        createHash("sha256")
          .update(`${request.method} ${url.pathname}\n${canonicalJson(raw ?? null)}`)
          .digest("hex");
      const response = await handler({
        request,
        ctx,
        params,
        query: query as Infer<Q>,
        body: body as Infer<B>,
        requestHash,
      });
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    } catch (error) {
      return errorResponse(toApiError(error), headers);
    }
  };
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

export function created(data: unknown, location: string): Response {
  return json(data, 201, { location });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}

// ---- Path parameters --------------------------------------------------------------------------------

/** A path id that is not a uuid can't name anything: 404, like another organisation's id. */
export function pathId(value: string | string[] | undefined, what: string): string {
  if (typeof value !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
    throw new ApiError(404, "not_found", `${what} was not found.`);
  return value.toLowerCase();
}

/** A KPI is addressed by id or by key; anything longer than either can't name one. */
export function pathKpi(value: string | string[] | undefined): string {
  if (typeof value !== "string" || !value || value.length > 64)
    throw new ApiError(404, "not_found", "That KPI was not found.");
  return value;
}
