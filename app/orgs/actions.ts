"use server";

import { redirect } from "next/navigation";
import { userAction } from "@/lib/actions/user-action";
import { createOrganisation } from "@/lib/data/organisations";
import { createOrgSchema } from "@/lib/validations/organisation";

export const createOrganisationAction = userAction(createOrgSchema, async (session, input) => {
  const { slug } = await createOrganisation(session.user, input);
  redirect(`/o/${slug}`);
});
