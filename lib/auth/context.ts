import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { resolveOrgContext, type OrgContext } from "./org-context";
import { getCurrentUser, type SessionUser } from "./session";

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo = "/"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For pages and layouts under /o/[org]: session → organisation → membership → role, or 404. */
export const getPageContext = cache(async (slug: string): Promise<OrgContext> => {
  const user = await requireUser(`/o/${slug}`);
  const ctx = await resolveOrgContext(await getDb(), user, slug);
  if (!ctx) notFound();
  return ctx;
});

/** For server actions and route handlers: the context, or null (they answer with their own error shape). */
export async function findOrgContext(slug: string): Promise<OrgContext | "unauthenticated" | null> {
  const user = await getCurrentUser();
  if (!user) return "unauthenticated";
  return resolveOrgContext(await getDb(), user, slug);
}
