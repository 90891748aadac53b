import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/context";
import { listUserOrganisations } from "@/lib/data/organisations";

/** Home: the user's first organisation, or the page to create one. */
export default async function Home() {
  const user = await requireUser("/");
  const [first] = await listUserOrganisations(await getDb(), user.id);
  redirect(first ? `/o/${first.slug}` : "/orgs/new");
}
