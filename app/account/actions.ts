"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { failure, invalidInput } from "@/lib/actions/org-action";
import { formValues, type ActionState } from "@/lib/actions/state";
import { signIn, signOut } from "@/lib/auth/auth";
import { getCurrentSession } from "@/lib/auth/session";
import { revokeAllSessions, revokeSession } from "@/lib/auth/user-sessions";
import { changePassword } from "@/lib/data/accounts";
import { clientAddress } from "@/lib/http/client-address";
import { passwordSchema } from "@/lib/validations/auth";

const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password."),
  newPassword: passwordSchema,
});

const ended: ActionState = { ok: false, message: "Your session has ended. Sign in again." };

export async function changePasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const session = await getCurrentSession();
  if (!session) return ended;
  const parsed = changePasswordSchema.safeParse(values);
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    const address = clientAddress(await headers());
    const { email } = await changePassword(session.user.id, { ...parsed.data, address });
    // Every session was just revoked, this one included: issue a fresh one for this browser.
    await signIn("credentials", { email, password: parsed.data.newPassword, redirectTo: "/account?changed=1" });
    return { ok: true };
  } catch (error) {
    return failure(error, values);
  }
}

/** Signs one session out; signing out this browser's own session is signing out. */
export async function revokeSessionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const session = await getCurrentSession();
  if (!session) return ended;
  const sessionId = formData.get("sessionId");
  if (typeof sessionId !== "string" || sessionId === "") return { ok: false, message: "Choose a session." };
  if (sessionId === session.sessionId) await signOut({ redirectTo: "/sign-in" });
  const revoked = await revokeSession(await getDb(), session.user.id, sessionId);
  revalidatePath("/account");
  return revoked
    ? { ok: true, message: "That session is signed out." }
    : { ok: false, message: "That session was already signed out." };
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  const session = await getCurrentSession();
  if (session) await revokeAllSessions(await getDb(), session.user.id);
  await signOut({ redirectTo: "/sign-in" });
}
