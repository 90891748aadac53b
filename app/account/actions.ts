"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { userAction } from "@/lib/actions/user-action";
import { signIn, signOut } from "@/lib/auth/auth";
import { getCurrentSession } from "@/lib/auth/session";
import { revokeAllSessions, revokeSession, sessionRowId } from "@/lib/auth/user-sessions";
import { changePassword } from "@/lib/data/accounts";
import { clientAddress } from "@/lib/http/client-address";
import { AppError } from "@/lib/errors";
import { passwordSchema } from "@/lib/validations/auth";

const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password."),
  newPassword: passwordSchema,
});

export const changePasswordAction = userAction(changePasswordSchema, async (session, input) => {
  const address = clientAddress(await headers());
  const { email } = await changePassword(session.user.id, { ...input, address });
  // Every session was just revoked, this one included: issue a fresh one for this browser.
  await signIn("credentials", { email, password: input.newPassword, redirectTo: "/account?changed=1" });
});

const sessionIdSchema = z.object({ sessionId: z.string("Choose a session.").min(1, "Choose a session.") });

/** Signs one session out (by the row id the page lists); signing out this browser's own session is signing out. */
export const revokeSessionAction = userAction(sessionIdSchema, async (session, { sessionId }) => {
  if (sessionId === sessionRowId(session.sessionId)) await signOut({ redirectTo: "/sign-in" });
  const revoked = await revokeSession(await getDb(), session.user.id, sessionId);
  revalidatePath("/account");
  if (!revoked) throw new AppError("not_found", "That session was already signed out.");
  return "That session is signed out.";
});

/** Ends every session of the user, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  const session = await getCurrentSession();
  if (session) await revokeAllSessions(await getDb(), session.user.id);
  await signOut({ redirectTo: "/sign-in" });
}
