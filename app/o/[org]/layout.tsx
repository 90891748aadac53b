import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { AppShell } from "@/components/shell/app-shell";
import { getDb } from "@/db/client";
import { getPageContext } from "@/lib/auth/context";
import { listUserOrganisations } from "@/lib/data/organisations";

export default async function OrgLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const ctx = await getPageContext((await params).org);
  const orgs = await listUserOrganisations(await getDb(), ctx.user.id);
  return (
    <AppShell ctx={ctx} orgs={orgs}>
      <Providers>{children}</Providers>
    </AppShell>
  );
}
