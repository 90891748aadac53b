import "server-only";
import { ZodError } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";
import { constraintError, sqlState } from "@/lib/data/constraint-errors";
import { ItemsInvalid } from "@/lib/data/ingest";

/**
 * The API's one error shape: `{ "error": { "code", "message", "details" } }`. `details` is null or, for
 * a 422, a list of `{ path, message }` naming the fields (and, for bulk items, their `index` and `field`).
 */
export type ApiErrorCode =
  | "malformed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "cadence_has_values"
  | "kpi_in_formula"
  | "payload_too_large"
  | "validation"
  | "rate_limited"
  | "internal";

export interface FieldProblem {
  path: string;
  message: string;
  index?: number;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: FieldProblem[] | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Finer codes an API answer names instead of the generic one (`error.code`). */
const PUBLIC_REASONS = new Set<string>(["cadence_has_values", "kpi_in_formula"] satisfies ApiErrorCode[]);

const statusOf: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
  rate_limited: 429,
};

/** At most this many problems are listed; the message says how many there were. */
export const MAX_DETAILS = 1000;

export const jsonHeaders = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

export function errorResponse(error: ApiError, extraHeaders: Record<string, string> = {}): Response {
  const details =
    error.details && error.details.length > MAX_DETAILS ? error.details.slice(0, MAX_DETAILS) : error.details;
  const message =
    error.details && error.details.length > MAX_DETAILS
      ? `${error.message} (the first ${MAX_DETAILS} of ${error.details.length} problems are listed)`
      : error.message;
  return new Response(JSON.stringify({ error: { code: error.code, message, details } }), {
    status: error.status,
    headers: { ...jsonHeaders, ...extraHeaders, ...error.headers },
  });
}

/** A zod path as the API names it: `measurements.3.value`. */
export const pathOf = (path: readonly PropertyKey[]) => path.map(String).join(".");

export function zodProblems(error: ZodError, prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    // Unknown fields: zod reports them on the object, name each one.
    if (issue.code === "unrecognized_keys") {
      return {
        path: pathOf([...path, issue.keys[0] ?? ""]),
        message: `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`,
      };
    }
    return { path: pathOf(path) || "(body)", message: issue.message };
  });
}

export function validationError(problems: FieldProblem[], message = "Check the fields named in details."): ApiError {
  return new ApiError(422, "validation", message, problems);
}

/** Every failure to one status and shape; unknown failures are logged and answered without internals. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ItemsInvalid) {
    return new ApiError(
      422,
      "validation",
      error.message,
      error.problems.map((p) => ({
        path: `measurements.${p.index}.${p.field}`,
        index: p.index,
        field: p.field,
        message: p.message,
      })),
    );
  }
  if (error instanceof AppError) {
    const details = error.fields
      ? Object.entries(error.fields).flatMap(([path, messages]) => messages.map((message) => ({ path, message })))
      : null;
    const code = error.reason && PUBLIC_REASONS.has(error.reason) ? (error.reason as ApiErrorCode) : error.code;
    return new ApiError(statusOf[error.code], code, error.message, details);
  }
  if (error instanceof ZodError) return validationError(zodProblems(error));
  const state = sqlState(error);
  // Class 22 is "data exception" (a value out of range or of the wrong form) and 23 a constraint: input
  // the validation should have caught. Answer it as such, but log it to close the gap.
  if (state?.startsWith("22")) {
    console.error("API: a data exception passed validation", error);
    return new ApiError(422, "validation", "A value is out of range or malformed.");
  }
  const constraint = constraintError(error);
  if (constraint) {
    console.error(`API: a constraint violation (${state}) passed the data layer`, error);
    return toApiError(constraint);
  }
  if (state === "40001" || state === "40P01") {
    return new ApiError(409, "conflict", "The request collided with another one; retry it.");
  }
  console.error("API: unexpected error", error);
  return new ApiError(500, "internal", "Something went wrong on our side; nothing was changed. Try again later.");
}
