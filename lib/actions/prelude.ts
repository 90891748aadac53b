import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { findOrgContext } from "@/lib/auth/context";
import type { OrgContext } from "@/lib/auth/org-context";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentSession } from "@/lib/auth/session";
import type { ActiveSession } from "@/lib/auth/user-sessions";
import { constraintError } from "@/lib/data/constraint-errors";
import { AppError, forbidden } from "@/lib/errors";
import { echoable, nulFields, type ActionState, type FormValues } from "./state";

/** What an action answers when it did not run: a message, and per field where the input was at fault. */
export type Refusal = {
  ok: false;
  message: string;
  details?: string[];
  fieldErrors?: Record<string, string[] | undefined>;
  values?: FormValues;
};

/** What a run may answer: a message (or nothing: "Saved."), or a message with more to show. */
export type Outcome = string | void | { message: string; details?: string[] };

/** A run's answer: a refusal, or its message (and whatever else its outcome carries, a token's secret say). */
export type Answer<R> =
  | Refusal
  | ({ ok: true; message: string; details?: string[]; fieldErrors?: undefined } & (R extends object ? R : unknown));

export interface ActionOptions {
  /** Refuse, before validating, a role the permissions table does not allow (the data layer checks again). */
  permission?: Permission;
  /** Revalidate the organisation's pages after a run (default true; a check that writes nothing says false). */
  revalidate?: boolean;
}

export const sessionEnded: Refusal = { ok: false, message: "Your session has ended. Sign in again." };

/**
 * Maps a failure to the form's state: known errors by their message, a constraint the database
 * enforced (a race or a missing check, logged) as constraint-errors.ts words it, anything else
 * without internals.
 */
export function failure(error: unknown, values: FormValues): Refusal {
  unstable_rethrow(error);
  const known = error instanceof AppError ? error : constraintError(error);
  if (!(error instanceof AppError)) console.error(error);
  if (known) {
    return { ok: false, message: known.message, fieldErrors: known.fields, values: echoable(values) };
  }
  return {
    ok: false,
    message: "Something went wrong and nothing was changed. Please try again.",
    values: echoable(values),
  };
}

export function invalidInput(error: z.ZodError, values: FormValues): Refusal {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, message: "Check the highlighted fields.", fieldErrors, values: echoable(values) };
}

/** A run's outcome (or the prelude's refusal) as the answer the form shows. */
export function saved<R extends Outcome>(result: R | Refusal): Answer<R> {
  if (typeof result === "object" && "ok" in result) return result;
  return (
    typeof result === "object" ? { ok: true, ...result } : { ok: true, message: result ?? "Saved." }
  ) as Answer<R>;
}

/** NUL check, then the schema: input a run may trust, or the refusal to answer. */
function validate<S extends z.ZodType>(schema: S, input: unknown, values: FormValues) {
  const unstorable = nulFields(values);
  if (unstorable) return { refusal: unstorable as Refusal };
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { refusal: invalidInput(parsed.error, values) };
  return { data: parsed.data as z.infer<S> };
}

/**
 * The prelude of every action under /o/[org] (server actions are public endpoints): session →
 * organisation (`slug`, as sent) → role → `permission`, then the NUL check and `schema`; only then
 * `run`, and the organisation's pages are revalidated. Failures answer a Refusal, never a throw.
 */
export async function actInOrg<S extends z.ZodType, T>(
  slug: unknown,
  input: unknown,
  values: FormValues,
  schema: S,
  run: (ctx: OrgContext, input: z.infer<S>) => Promise<T>,
  options: ActionOptions = {},
): Promise<T | Refusal> {
  try {
    const ctx = await findOrgContext(typeof slug === "string" ? slug : "");
    if (ctx === "unauthenticated") return sessionEnded;
    if (!ctx) return { ok: false, message: "That organisation was not found." };
    if (options.permission && !can(ctx.role, options.permission)) return { ok: false, message: forbidden().message };
    const checked = validate(schema, input, values);
    if (checked.refusal) return checked.refusal;
    const result = await run(ctx, checked.data as z.infer<S>);
    if (options.revalidate !== false) revalidatePath(`/o/${ctx.org.slug}`, "layout");
    return result;
  } catch (error) {
    return failure(error, values);
  }
}

/** The prelude of an action of the signed-in user, in no organisation: session, NUL check, `schema`. */
export async function actAsUser<S extends z.ZodType, T>(
  input: unknown,
  values: FormValues,
  schema: S,
  run: (session: ActiveSession, input: z.infer<S>) => Promise<T>,
): Promise<T | Refusal> {
  try {
    const session = await getCurrentSession();
    if (!session) return sessionEnded;
    const checked = validate(schema, input, values);
    if (checked.refusal) return checked.refusal;
    return await run(session, checked.data as z.infer<S>);
  } catch (error) {
    return failure(error, values);
  }
}

/**
 * The prelude of a public form's action (signing up, with or without an invitation): the NUL check and
 * `schema`, then `run`; a failure answers a Refusal, never a throw.
 */
export async function actInPublic<S extends z.ZodType>(
  values: FormValues,
  schema: S,
  run: (input: z.infer<S>) => Promise<ActionState>,
): Promise<ActionState> {
  const checked = validate(schema, values, values);
  if (checked.refusal) return checked.refusal;
  try {
    return await run(checked.data as z.infer<S>);
  } catch (error) {
    return failure(error, values);
  }
}
