"use server";

import { redirect } from "next/navigation";
import { failure, invalidInput } from "@/lib/actions/org-action";
import { formValues, nulFields, type ActionState } from "@/lib/actions/state";
import { getCurrentUser } from "@/lib/auth/session";
import { createOrganisation } from "@/lib/data/organisations";
import { createOrgSchema } from "@/lib/validations/organisation";

export async function createOrganisationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
  const unstorable = nulFields(values);
  if (unstorable) return unstorable;
  const parsed = createOrgSchema.safeParse(values);
  if (!parsed.success) return invalidInput(parsed.error, values);
  let slug: string;
  try {
    slug = (await createOrganisation(user, parsed.data)).slug;
  } catch (error) {
    return failure(error, values);
  }
  redirect(`/o/${slug}`);
}
