import Link from "next/link";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import type { OrgContext } from "@/lib/auth/org-context";
import { can, roleLabels } from "@/lib/auth/permissions";
import type { Role } from "@/db/schema/types";
import { Logo } from "./logo";
import { Menu, menuItemClass } from "./menu";
import { NavLinks } from "./nav-links";

export function AppShell({
  ctx,
  orgs,
  children,
}: {
  ctx: OrgContext;
  orgs: { slug: string; name: string; role: Role }[];
  children: ReactNode;
}) {
  const base = `/o/${ctx.org.slug}`;
  const links = [
    { href: base, label: "Overview", exact: true },
    { href: `${base}/cross-team`, label: "Cross-team review" },
    { href: `${base}/streams`, label: "Value streams" },
    ...(can(ctx.role, "measurements.write") ? [{ href: `${base}/import`, label: "Import values" }] : []),
    { href: `${base}/teams`, label: "Teams" },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/follow-ups`, label: "My actions" },
    ...(can(ctx.role, "audit.read") ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
    ...(can(ctx.role, "settings.manage") ? [{ href: `${base}/settings`, label: "Settings" }] : []),
    ...(can(ctx.role, "tokens.manage") ? [{ href: `${base}/settings/tokens`, label: "API tokens" }] : []),
  ];
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4">
          <Link href={base} aria-label="Flowline home">
            <Logo compact />
          </Link>
          <span aria-hidden="true" className="text-slate-300">
            /
          </span>
          <Menu label="Switch organisation" summary={<span className="max-w-[40vw] truncate">{ctx.org.name}</span>}>
            <p className="px-3 pb-1 pt-2 text-xs font-medium uppercase tracking-wide text-slate-500">Organisations</p>
            <ul>
              {orgs.map((org) => (
                <li key={org.slug}>
                  <Link
                    href={`/o/${org.slug}`}
                    className={menuItemClass}
                    aria-current={org.slug === ctx.org.slug ? "true" : undefined}
                  >
                    <span className="block truncate font-medium">{org.name}</span>
                    <span className="text-xs text-slate-500">{roleLabels[org.role]}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <div className="mt-1 border-t border-slate-100 pt-1">
              <Link href="/orgs/new" className={menuItemClass}>
                New organisation…
              </Link>
            </div>
          </Menu>
          <div className="ml-auto">
            <Menu
              label="Account menu"
              align="right"
              summary={<span className="max-w-[30vw] truncate">{ctx.user.name ?? ctx.user.email}</span>}
            >
              <div className="px-3 py-2 text-xs text-slate-500">
                Signed in as <span className="block truncate text-sm text-slate-800">{ctx.user.email}</span>
                {roleLabels[ctx.role]} in {ctx.org.name}
              </div>
              <Link href="/account" className={menuItemClass}>
                Account and password
              </Link>
              <form action={signOutAction}>
                <button type="submit" className={menuItemClass}>
                  Sign out
                </button>
              </form>
            </Menu>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
        <nav aria-label="Organisation" className="md:w-48 md:shrink-0">
          <NavLinks links={links} />
        </nav>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
