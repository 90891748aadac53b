import "server-only";
import type { z } from "zod";
import type { ActiveSession } from "@/lib/auth/user-sessions";
import { actAsUser, saved, type Answer, type Outcome } from "./prelude";
import { formValues, type ActionState } from "./state";

/**
 * orgAction's twin for the signed-in user's own forms, in no organisation (their account, a new
 * organisation, an invitation): session, NUL check and `schema`, then `run` with the session.
 */
export function userAction<S extends z.ZodType, R extends Outcome>(
  schema: S,
  run: (session: ActiveSession, input: z.infer<S>) => Promise<R>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<Answer<R>> => {
    const values = formValues(formData);
    return saved(await actAsUser(values, values, schema, run));
  };
}
