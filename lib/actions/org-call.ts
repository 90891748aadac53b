import "server-only";
import type { z } from "zod";
import type { OrgContext } from "@/lib/auth/org-context";
import { actInOrg, saved, type ActionOptions, type Answer, type Outcome } from "./prelude";
import type { FormValues } from "./state";

/** The text fields of whatever a caller sent, for the NUL check and to echo back. */
function textValues(input: unknown): FormValues {
  if (!input || typeof input !== "object") return {};
  const isText = (v: unknown): v is string | string[] =>
    typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
  return Object.fromEntries(Object.entries(input).filter((e): e is [string, string | string[]] => isText(e[1])));
}

/**
 * orgAction's twin for a client component that calls an action with a typed object rather than a
 * form: `action(org, input)`. The same prelude (actInOrg) runs before `run`; the answer is the same.
 */
export function orgCall<S extends z.ZodType, R extends Outcome>(
  schema: S,
  run: (ctx: OrgContext, input: z.infer<S>) => Promise<R>,
  options?: ActionOptions,
) {
  return async (org: string, input: z.input<S>): Promise<Answer<R>> =>
    saved(await orgCallAnswer(schema, run, options)(org, input));
}

/** orgCall for a run whose own answer goes back as it is (an import's row errors, say), not as a message. */
export function orgCallAnswer<S extends z.ZodType, T>(
  schema: S,
  run: (ctx: OrgContext, input: z.infer<S>) => Promise<T>,
  options?: ActionOptions,
) {
  return async (org: string, input: z.input<S>) => actInOrg(org, input, textValues(input), schema, run, options);
}
