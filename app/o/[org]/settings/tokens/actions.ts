"use server";

import { revalidatePath } from "next/cache";
import { failure, invalidInput, orgAction } from "@/lib/actions/org-action";
import { formValues } from "@/lib/actions/state";
import type { TokenActionState } from "@/components/tokens/create-token-form";
import { findOrgContext } from "@/lib/auth/context";
import { createToken, revokeToken } from "@/lib/data/tokens";
import { createTokenSchema, tokenIdSchema } from "@/lib/validations/token";

/** Creates a token and answers its secret, this once (only its hash is kept). */
export async function createTokenAction(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  const values = formValues(formData);
  try {
    const ctx = await findOrgContext(typeof values.org === "string" ? values.org : "");
    if (ctx === "unauthenticated") return { ok: false, message: "Your session has ended. Sign in again." };
    if (!ctx) return { ok: false, message: "That organisation was not found." };
    const parsed = createTokenSchema.safeParse(values);
    if (!parsed.success) return invalidInput(parsed.error, values);
    const { secret, token } = await createToken(ctx, parsed.data);
    revalidatePath(`/o/${ctx.org.slug}/settings/tokens`);
    return { ok: true, message: `Token “${token.name}” created.`, secret, name: token.name };
  } catch (error) {
    return failure(error, values);
  }
}

export const revokeTokenAction = orgAction(tokenIdSchema, async (ctx, input) => {
  await revokeToken(ctx, input);
  return "Token revoked: requests with it now answer 401.";
});
