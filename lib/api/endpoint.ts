import "server-only";
import type { z } from "zod";
import type { TokenScope } from "@/lib/auth/api-token";
import type { OrgContext } from "@/lib/auth/org-context";
import { ApiError } from "./errors";

/**
 * One endpoint of the REST API, declared once (lib/api/endpoints/<resource>.ts): the route handlers
 * under app/api/v1 (lib/api/routes.ts) and the OpenAPI document (lib/api/openapi.ts) are both derived
 * from these declarations.
 */

export type Method = "GET" | "POST" | "PATCH" | "DELETE";
export type Tag = "Teams" | "Value streams" | "Scenarios" | "Value chain" | "KPIs" | "Measurements" | "Scores" | "Meta";

export type ApiContext = OrgContext & { tokenId: string };

/** A path parameter (`{id}`): what it names, and how its value becomes the id the handler takes. */
export interface PathParam<T = unknown> {
  description: string;
  parse: (value: string | string[] | undefined) => T;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface ApiRequest<Scope, P, Q, B> {
  request: Request;
  /** The token's organisation context; null for public endpoints. */
  ctx: Scope extends TokenScope ? ApiContext : null;
  params: P;
  query: Q;
  body: B;
  /** SHA-256 of the method, path and canonical JSON body: what an Idempotency-Key is bound to. */
  requestHash: () => string;
}

export interface Endpoint<
  Scope extends TokenScope | null = TokenScope | null,
  P extends Record<string, PathParam> = Record<string, PathParam>,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R = unknown,
> {
  method: Method;
  /** The OpenAPI path, under /api/v1; `{id}` is a path parameter declared in `params`. */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** "write" endpoints refuse read tokens (403); null needs no token. */
  scope: Scope;
  params?: P;
  /** The query string, an object of strings (strict: unknown parameters are a 422). */
  query?: Q;
  /** The JSON body (strict objects: unknown fields are a 422). */
  body?: B;
  /** Bodies are read whole; larger ones are refused (413) before any work. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Takes an Idempotency-Key header. */
  idempotent?: boolean;
  /** The success answer: the handler's result is sent as JSON with this status (no body for 204). */
  response: {
    status: 200 | 201 | 204;
    description: string;
    schema?: z.ZodType<R>;
    /** 201: where the new resource is. */
    location?: (created: R) => string;
  };
  /** The 404 and 409 the operation can answer, and when (authentication, limits and validation are implied). */
  errors?: { 404?: string; 409?: string };
  /** Answers the result, or a Response of its own (a replayed answer, the document's cache headers). */
  handler: (
    input: ApiRequest<Scope, { [K in keyof P]: ReturnType<P[K]["parse"]> }, Infer<Q>, Infer<B>>,
  ) => Promise<NoInfer<R> | Response>;
}

/** Declares an endpoint; the identity, so that the handler's input is typed from the schemas. */
export function endpoint<
  Scope extends TokenScope | null,
  P extends Record<string, PathParam> = Record<never, PathParam>,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R = void,
>(declaration: Endpoint<Scope, P, Q, B, R>): Endpoint {
  return declaration as unknown as Endpoint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a uuid can't name anything: 404, like another organisation's id. */
export function pathId(value: string | string[] | undefined, what: string): string {
  if (typeof value !== "string" || !UUID.test(value)) throw new ApiError(404, "not_found", `${what} was not found.`);
  return value.toLowerCase();
}

/** A KPI is addressed by id or by key; anything longer than either can't name one. */
export function pathKpi(value: string | string[] | undefined): string {
  if (typeof value !== "string" || !value || value.length > 64)
    throw new ApiError(404, "not_found", "That KPI was not found.");
  return value;
}

export const streamParam: PathParam<string> = {
  description: "The stream's id.",
  parse: (value) => pathId(value, "That value stream"),
};
export const kpiParam: PathParam<string> = {
  description: "The KPI's id or key (e.g. MKT-3, any case).",
  parse: pathKpi,
};
