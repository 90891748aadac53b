import "server-only";
import type { z } from "zod";
import type { OrgContext } from "@/lib/auth/org-context";
import { actInOrg, saved, type ActionOptions, type Answer, type Outcome } from "./prelude";
import { formValues, type ActionState } from "./state";

export { failure, invalidInput } from "./prelude";

/**
 * Builds a server action for forms under /o/[org]: the form's fields (its `org` field names the
 * organisation) go through actInOrg's prelude — session → organisation → role → `options.permission`,
 * then `schema` — and only then to `run`; the data layer checks the permission again in its transaction.
 */
export function orgAction<S extends z.ZodType, R extends Outcome>(
  schema: S,
  run: (ctx: OrgContext, input: z.infer<S>) => Promise<R>,
  options?: ActionOptions,
) {
  return async (_previous: ActionState, formData: FormData): Promise<Answer<R>> => {
    const values = formValues(formData);
    return saved(await actInOrg(values.org, values, values, schema, run, options));
  };
}

/** An orgAction that takes one data-layer step and then answers `message` (a form's "Saved." line). */
export function orgStepAction<S extends z.ZodType>(
  schema: S,
  step: (ctx: OrgContext, input: z.infer<S>) => Promise<unknown>,
  message: string,
  options?: ActionOptions,
) {
  return orgAction(
    schema,
    async (ctx, input) => {
      await step(ctx, input);
      return message;
    },
    options,
  );
}
