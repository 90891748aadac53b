/** An expected failure with a stable code: mapped to a field message in the UI and a status in the API. */
export type ErrorCode = "unauthenticated" | "forbidden" | "not_found" | "conflict" | "validation" | "rate_limited";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
    /** A finer code for programs (the API's `error.code`), e.g. `cadence_has_values` for a conflict. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "That") => new AppError("not_found", `${what} was not found.`);
export const forbidden = (message = "You don't have permission to do that.") => new AppError("forbidden", message);
export const conflict = (message: string, field?: string, reason?: string) =>
  new AppError("conflict", message, field ? { [field]: [message] } : undefined, reason);
export const invalid = (message: string, field?: string) =>
  new AppError("validation", message, field ? { [field]: [message] } : undefined);
