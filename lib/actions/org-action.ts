import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { findOrgContext } from "@/lib/auth/context";
import type { OrgContext } from "@/lib/auth/org-context";
import { constraintError } from "@/lib/data/constraint-errors";
import { AppError } from "@/lib/errors";
import { echoable, formValues, nulFields, type ActionState, type FormValues } from "./state";

/**
 * Maps a failure to the form's state: known errors by their message, a constraint the database
 * enforced (a race or a missing check, logged) as constraint-errors.ts words it, anything else
 * without internals.
 */
export function failure(error: unknown, values: FormValues): ActionState {
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

export function invalidInput(error: z.ZodError, values: FormValues): ActionState {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, message: "Check the highlighted fields.", fieldErrors, values: echoable(values) };
}

/**
 * Builds a server action for forms under /o/[org]. Server actions are public endpoints, so each one
 * resolves session → organisation (from the form's `org` field) → role itself, validates its input
 * with `schema`, and only then runs; the data layer checks the permission inside its transaction.
 */
export function orgAction<S extends z.ZodType>(
  schema: S,
  run: (ctx: OrgContext, input: z.infer<S>) => Promise<string | void | { message: string; details: string[] }>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const values = formValues(formData);
    try {
      const ctx = await findOrgContext(typeof values.org === "string" ? values.org : "");
      if (ctx === "unauthenticated") return { ok: false, message: "Your session has ended. Sign in again." };
      if (!ctx) return { ok: false, message: "That organisation was not found." };
      const unstorable = nulFields(values);
      if (unstorable) return unstorable;
      const parsed = schema.safeParse(values);
      if (!parsed.success) return invalidInput(parsed.error, values);
      const result = await run(ctx, parsed.data);
      revalidatePath(`/o/${ctx.org.slug}`, "layout");
      return typeof result === "object" ? { ok: true, ...result } : { ok: true, message: result ?? "Saved." };
    } catch (error) {
      return failure(error, values);
    }
  };
}
