import "server-only";
import { AppError } from "@/lib/errors";

/** Postgres's SQLSTATE, however the driver (postgres.js, PGlite) or drizzle wraps the error. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * A constraint the database enforced (SQLSTATE class 23) as the error the checks before it would have
 * raised, or null for any other failure. The data layer checks input first, so one of these means a
 * race or a missing check: callers answer it as such (never a 500) and log it to close the gap.
 *
 * - 23505 unique: 409, the record exists.
 * - 23503 foreign key: 422. Every foreign key here cascades or sets null on delete, so a violation is
 *   always a write naming a row that is not there (or went meanwhile): the request's reference is wrong,
 *   and sending it again would fail again.
 * - 23502 not null, 23514 check: 422, a value is missing or not allowed.
 * - any other (23000, 23001 restrict, 23P01 exclusion): 409, the change conflicts with what is stored.
 */
export function constraintError(error: unknown): AppError | null {
  const state = sqlState(error);
  if (!state?.startsWith("23")) return null;
  switch (state) {
    case "23505":
      return new AppError("conflict", "That conflicts with an existing record.");
    case "23503":
      return new AppError("validation", "That refers to something that does not exist (any more).");
    case "23502":
      return new AppError("validation", "A required value is missing.");
    case "23514":
      return new AppError("validation", "A value is outside what is allowed.");
    default:
      return new AppError("conflict", "That conflicts with the records already stored.");
  }
}
