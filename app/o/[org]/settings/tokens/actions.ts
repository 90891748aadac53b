"use server";

import { orgAction } from "@/lib/actions/org-action";
import { createToken, revokeToken } from "@/lib/data/tokens";
import { createTokenSchema, tokenIdSchema } from "@/lib/validations/token";

/** Creates a token and answers its secret, this once (only its hash is kept). */
export const createTokenAction = orgAction(
  createTokenSchema,
  async (ctx, input) => {
    const { secret, token } = await createToken(ctx, input);
    return { message: `Token “${token.name}” created.`, secret, name: token.name };
  },
  { permission: "tokens.manage" },
);

export const revokeTokenAction = orgAction(
  tokenIdSchema,
  async (ctx, input) => {
    await revokeToken(ctx, input);
    return "Token revoked: requests with it now answer 401.";
  },
  { permission: "tokens.manage" },
);
