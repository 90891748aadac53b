import Link from "next/link";
import { notFound } from "next/navigation";
import { Table } from "@/components/ui/table";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { Disclosure } from "@/components/ui/disclosure";
import { auditSentence } from "@/lib/audit/sentence";
import { auditKinds, listAuditLog, type AuditKind } from "@/lib/data/audit";
import { auditKindLabels, options } from "@/lib/labels";
import { counted } from "@/lib/plural";
import { listMembers } from "@/lib/data/members";
import { withParams } from "@/lib/url";
import { isIsoDate } from "@/lib/scoring";

export const metadata = { title: "Audit log · Flowline" };

type Search = Record<string, string | undefined>;

/** Where an entry's target has a page of its own. */
const pages: Record<string, string> = { kpi: "kpis", stream: "streams", team: "teams" };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Search>;
}) {
  const ctx = await getPageContext((await params).org);
  if (!can(ctx.role, "audit.read")) notFound();
  const search = await searchParams;
  const members = await listMembers(ctx);
  const filter = {
    actorId: members.some((m) => m.userId === search.actor) ? search.actor : undefined,
    kind: (auditKinds as readonly string[]).includes(search.kind ?? "") ? (search.kind as AuditKind) : undefined,
    from: search.from && isIsoDate(search.from) ? search.from : undefined,
    to: search.to && isIsoDate(search.to) ? search.to : undefined,
    page: Math.max(1, Number.parseInt(search.page ?? "1", 10) || 1),
  };
  const log = await listAuditLog(ctx, filter);
  const filtered = Boolean(filter.actorId || filter.kind || filter.from || filter.to);
  const names = new Map(members.map((m) => [m.userId, m.name ?? m.email]));
  const path = `/o/${ctx.org.slug}/audit`;
  const select = "mt-0.5 block rounded-md border-0 py-1.5 text-sm ring-1 ring-inset ring-slate-300";
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, and when. Every entry was written in the same transaction as the change it records."
      />
      <form
        method="get"
        action={path}
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
        aria-label="Filter the audit log"
      >
        <label className="text-xs font-medium text-slate-600">
          Person
          <select name="actor" defaultValue={filter.actorId ?? ""} className={select}>
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.email}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Kind
          <select name="kind" defaultValue={filter.kind ?? ""} className={select}>
            <option value="">Any</option>
            {options(auditKindLabels).map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          From
          <input type="date" name="from" defaultValue={filter.from} className={select} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          To
          <input type="date" name="to" defaultValue={filter.to} className={select} />
        </label>
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
        >
          Filter
        </button>
        <Link href={path} className="pb-1.5 text-sm text-brand-600 hover:underline">
          Clear
        </Link>
      </form>
      {log.rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No entries match">Try a wider date range, another kind or another person.</EmptyState>
        ) : (
          <EmptyState title="Nothing recorded yet">
            Changes to KPIs, values, streams, teams and members appear here as they are made.
          </EmptyState>
        )
      ) : (
        <Card title={counted(log.total, "entry")}>
          <Table columns={["When (UTC)", "What happened", "Concerning", "Details"]} minWidth="52rem">
            {log.rows.map((r) => (
              <tr key={r.id} className="align-top">
                <td className="whitespace-nowrap px-5 py-2 tabular-nums text-slate-600">
                  {r.createdAt.toISOString().replace("T", " ").slice(0, 19)}
                </td>
                <td className="px-5 py-2">
                  <span className="font-medium">{r.actor ?? (r.actorTokenId ? "An API token" : "Someone")}</span>
                  {r.actorTokenId && r.actor ? " (through an API token)" : ""} {auditSentence(r, names)}.
                </td>
                <td className="px-5 py-2">
                  {r.concerning && r.targetId && pages[r.targetType] ? (
                    <Link href={`/o/${ctx.org.slug}/${pages[r.targetType]}/${r.targetId}`} className="hover:underline">
                      {r.concerning}
                    </Link>
                  ) : (
                    (r.concerning ?? <span className="text-slate-400">—</span>)
                  )}
                </td>
                <td className="max-w-xs px-5 py-2">
                  <Disclosure summary={<code className="font-mono">{r.action}</code>} size="xs">
                    <pre className="mt-1 whitespace-pre-wrap break-all text-xs text-slate-600">
                      {r.data ? JSON.stringify(r.data, null, 2) : "No data."}
                    </pre>
                  </Disclosure>
                </td>
              </tr>
            ))}
          </Table>
          <Pagination
            page={{ page: filter.page, pages: log.pages }}
            href={(p) => `${path}${withParams(search, { page: String(p) })}`}
          />
        </Card>
      )}
    </>
  );
}
