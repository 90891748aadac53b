import { Table } from "@/components/ui/table";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { formatPercent } from "@/lib/capacity";
import { listStreams } from "@/lib/data/streams";
import { periodLabels, streamKindLabels } from "@/lib/labels";

export const metadata = { title: "Value streams · Flowline" };

export default async function StreamsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ archived?: string }>;
}) {
  const ctx = await getPageContext((await params).org);
  const archived = (await searchParams).archived === "1";
  const streams = await listStreams(ctx, { archived });
  const base = `/o/${ctx.org.slug}/streams`;
  return (
    <>
      <PageHeader
        title="Value streams"
        description="Each stream turns input into output for a customer need. The bottleneck is the stage with the highest utilisation."
        actions={can(ctx.role, "streams.write") && <ButtonLink href={`${base}/new`}>New stream</ButtonLink>}
      />
      <nav aria-label="Stream lists" className="mb-4 flex gap-2 text-sm">
        <Link
          href={base}
          aria-current={!archived ? "page" : undefined}
          className="rounded-md px-3 py-1.5 aria-[current=page]:bg-white aria-[current=page]:font-medium aria-[current=page]:shadow-sm"
        >
          Active
        </Link>
        <Link
          href={`${base}?archived=1`}
          aria-current={archived ? "page" : undefined}
          className="rounded-md px-3 py-1.5 aria-[current=page]:bg-white aria-[current=page]:font-medium aria-[current=page]:shadow-sm"
        >
          Archived
        </Link>
      </nav>
      {streams.length === 0 ? (
        <EmptyState title={archived ? "No archived streams" : "No value streams yet"}>
          {!archived &&
            (can(ctx.role, "streams.write")
              ? "Start from a template (production, software delivery, marketing, sales, retention) or a blank stream."
              : "A process owner or an admin can create streams.")}
        </EmptyState>
      ) : (
        <Card>
          <Table
            bleed="xy"
            minWidth="48rem"
            columns={[
              "Stream",
              "Owner",
              { key: "stages", label: "Stages", align: "right" },
              { key: "kpis", label: "KPIs", align: "right" },
              "Bottleneck",
            ]}
          >
            {streams.map((s) => {
              const b = s.assessment.bottleneck;
              return (
                <tr key={s.id}>
                  <td className="px-5 py-3">
                    <Link href={`${base}/${s.id}`} className="font-medium text-slate-900 hover:underline">
                      {s.name}
                    </Link>
                    <p className="text-xs text-slate-500">
                      {streamKindLabels[s.kind]}
                      {s.demandAmount !== null &&
                        ` · demand ${s.demandAmount} ${s.demandUnit ?? "units"}/${periodLabels[s.demandPeriod]}`}
                    </p>
                  </td>
                  <td className="px-5 py-3 text-slate-700">{s.ownerName ?? "—"}</td>
                  <td className="px-5 py-3 text-right tabular-nums">{s.stageCount}</td>
                  <td className="px-5 py-3 text-right tabular-nums">{s.kpiCount}</td>
                  <td className="px-5 py-3">
                    {b ? (
                      <span className="inline-flex items-center gap-2">
                        {b.name}
                        {b.utilisation !== null && (
                          <Badge tone={b.utilisation > 1 ? "amber" : "slate"}>
                            {Number.isFinite(b.utilisation) ? formatPercent(b.utilisation) : "no capacity"}
                          </Badge>
                        )}
                      </span>
                    ) : (
                      <span className="text-slate-500">No stages</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        </Card>
      )}
    </>
  );
}
