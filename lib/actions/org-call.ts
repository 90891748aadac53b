import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { findOrgContext } from "@/lib/auth/context";
import type { OrgContext } from "@/lib/auth/org-context";
import { failure, invalidInput } from "./org-action";
import { nulFields, type ActionState, type FormValues } from "./state";

/** The text fields of whatever a caller sent, for the NUL check and to echo back. */
function textValues(input: unknown): FormValues {
  if (!input || typeof input !== "object") return {};
  const isText = (v: unknown): v is string | string[] =>
    typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
  return Object.fromEntries(Object.entries(input).filter((e): e is [string, string | string[]] => isText(e[1])));
}

/**
 * orgAction's twin for a client component that calls an action with a typed object rather than a
 * form: `action(org, input)`. It is still a public endpoint, so it resolves session → organisation →
 * role itself and validates `input` with `schema` before it runs; the answer is the same ActionState.
 */
export function orgCall<S extends z.ZodType>(
  schema: S,
  run: (ctx: OrgContext, input: z.infer<S>) => Promise<string | void | { message: string; details: string[] }>,
) {
  return async (org: string, input: z.input<S>): Promise<ActionState> => {
    const values = textValues(input);
    try {
      const ctx = await findOrgContext(typeof org === "string" ? org : "");
      if (ctx === "unauthenticated") return { ok: false, message: "Your session has ended. Sign in again." };
      if (!ctx) return { ok: false, message: "That organisation was not found." };
      const unstorable = nulFields(values);
      if (unstorable) return unstorable;
      const parsed = schema.safeParse(input);
      if (!parsed.success) return invalidInput(parsed.error, values);
      const result = await run(ctx, parsed.data);
      revalidatePath(`/o/${ctx.org.slug}`, "layout");
      return typeof result === "object" ? { ok: true, ...result } : { ok: true, message: result ?? "Saved." };
    } catch (error) {
      return failure(error, values);
    }
  };
}
