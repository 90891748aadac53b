import Link from "next/link";

export function TeamTabs({ org, teamId, current }: { org: string; teamId: string; current: "dashboard" | "members" }) {
  const tabs = [
    { key: "dashboard", label: "Dashboard", href: `/o/${org}/teams/${teamId}` },
    { key: "members", label: "Members", href: `/o/${org}/teams/${teamId}/members` },
  ] as const;
  return (
    <nav aria-label="Team" className="mb-6 flex gap-1 border-b border-slate-200">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={t.key === current ? "page" : undefined}
          className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 aria-[current=page]:border-brand-600 aria-[current=page]:text-brand-700"
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
