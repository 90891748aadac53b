import { Table } from "@/components/ui/table";
import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { DefinitionHistory } from "@/components/kpis/definition-history";
import { KpiAnalysisPanel } from "@/components/kpis/kpi-analysis-panel";
import { KpiChart } from "@/components/kpis/kpi-chart";
import { ButtonLink } from "@/components/ui/button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, Field, SelectField, SubmitButton } from "@/components/ui/form";
import { Pagination, paginate } from "@/components/ui/pagination";
import { getPageContext } from "@/lib/auth/context";
import { todayIso } from "@/lib/clock";
import { toAnalysisResponse } from "@/lib/analysis";
import { analyseKpi } from "@/lib/data/kpi-analysis";
import { getKpi, listOutcomeKpis } from "@/lib/data/kpis";
import { orNotFound } from "@/lib/pages/or-not-found";
import { cadenceLabels, directionLabels, kpiKindLabels } from "@/lib/labels";
import { periodStart } from "@/lib/scoring/period";
import {
  archiveKpiAction,
  deleteKpiAction,
  deleteMeasurementAction,
  linkKpisAction,
  recordMeasurementAction,
  restoreKpiAction,
  unlinkKpisAction,
} from "../actions";

const today = todayIso;

export default async function KpiPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; kpiId: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { org, kpiId } = await params;
  const ctx = await getPageContext(org);
  if (kpiId.length > 64) notFound();
  const kpi = await orNotFound(getKpi(ctx, kpiId));
  const { analysis } = await analyseKpi(ctx, kpi.id, today());
  const outcomes = kpi.editable && kpi.kind === "output" ? await listOutcomeKpis(ctx) : [];
  const linkable = outcomes.filter((o) => !kpi.drives.some((d) => d.id === o.id));
  const slug = ctx.org.slug;
  const chronological = [...kpi.measurements].reverse();
  const page = paginate(kpi.measurements, (await searchParams).page, 25);
  const currentPeriod = periodStart(today(), kpi.cadence);
  return (
    <>
      <Breadcrumb href={`/o/${slug}/streams/${kpi.streamId}`}>{kpi.streamName}</Breadcrumb>
      <PageHeader
        title={`${kpi.key} · ${kpi.name}`}
        description={
          <>
            <Badge tone={kpi.kind === "outcome" ? "brand" : "slate"}>{kpiKindLabels[kpi.kind]}</Badge>{" "}
            {directionLabels[kpi.direction]} · {cadenceLabels[kpi.cadence]} · team {kpi.teamName ?? "none"} · stage{" "}
            {kpi.stageName ?? "whole stream"} · owner {kpi.ownerName ?? "nobody"}
            {kpi.archivedAt && (
              <>
                {" "}
                <Badge tone="amber">Archived</Badge>
              </>
            )}
          </>
        }
        actions={
          kpi.editable && (
            <>
              <ButtonLink variant="secondary" href={`/o/${slug}/kpis/${kpi.id}/edit`}>
                Edit
              </ButtonLink>
              <ActionForm
                action={kpi.archivedAt ? restoreKpiAction : archiveKpiAction}
                org={slug}
                hidden={{ kpiId: kpi.id }}
                className=""
                showSuccess={false}
              >
                <SubmitButton variant="secondary">{kpi.archivedAt ? "Restore" : "Archive"}</SubmitButton>
              </ActionForm>
              <ConfirmAction
                action={deleteKpiAction}
                org={slug}
                hidden={{ kpiId: kpi.id }}
                trigger="Delete"
                title={`Delete ${kpi.key}?`}
                confirmLabel="Delete KPI"
              >
                The KPI and its {kpi.measurements.length} recorded values are deleted. Archive it instead to keep the
                history.
              </ConfirmAction>
            </>
          )
        }
      />
      {kpi.description && <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-700">{kpi.description}</p>}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card
          title="Values"
          description={`Baseline ${kpi.baseline ?? "— (first value)"} · target ${kpi.target} ${kpi.unit}${kpi.targetDate ? ` by ${kpi.targetDate}` : ""} · weight ${kpi.weight}`}
        >
          <KpiChart
            points={chronological}
            baseline={kpi.baseline ?? chronological[0]?.value ?? null}
            target={kpi.target}
            versions={kpi.versions}
            limits={toAnalysisResponse(analysis).limits}
            unit={kpi.unit}
            label={kpi.name}
          />
          <div className="mt-4 border-t border-slate-100 pt-4">
            <KpiAnalysisPanel analysis={analysis} cadence={kpi.cadence} unit={kpi.unit} />
          </div>
        </Card>
        {kpi.canRecord ? (
          <Card
            title="Record a value"
            description={`Any date works; it counts for its ${kpi.cadence}. This ${kpi.cadence} starts ${currentPeriod}.`}
          >
            <ActionForm action={recordMeasurementAction} org={slug} hidden={{ kpiId: kpi.id }}>
              <Field name="date" label="Date" type="date" defaultValue={today()} required />
              <Field
                name="value"
                label={`Value${kpi.unit ? ` (${kpi.unit})` : ""}`}
                type="number"
                step="any"
                required
              />
              <Field name="note" label="Note" hint="Optional: what explains this value." />
              <SubmitButton pendingLabel="Recording…">Record value</SubmitButton>
            </ActionForm>
          </Card>
        ) : (
          <Card title="Record a value">
            <p className="text-sm text-slate-600">
              You can read this KPI. Values are recorded by its team, the stream&apos;s process owner and admins.
            </p>
          </Card>
        )}
      </div>
      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card title={`${kpi.measurements.length} recorded ${kpi.measurements.length === 1 ? "value" : "values"}`}>
          {kpi.measurements.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing recorded yet.</p>
          ) : (
            <>
              <Table
                minWidth="24rem"
                columns={[
                  "Period",
                  { key: "value", label: "Value", align: "right" },
                  "Note",
                  ...(kpi.canRecord ? [{ key: "actions", label: "Actions", hidden: true }] : []),
                ]}
              >
                {page.items.map((m) => (
                  <tr key={m.period}>
                    <td className="px-5 py-2 tabular-nums">{m.period}</td>
                    <td className="px-5 py-2 text-right tabular-nums">{m.value}</td>
                    <td className="px-5 py-2 text-slate-600">{m.note ?? ""}</td>
                    {kpi.canRecord && (
                      <td className="px-5 py-2 text-right">
                        <ConfirmAction
                          action={deleteMeasurementAction}
                          org={slug}
                          hidden={{ kpiId: kpi.id, period: m.period }}
                          trigger="Delete"
                          title={`Delete the value for ${m.period}?`}
                          confirmLabel="Delete value"
                        >
                          The audit log keeps the deleted value ({m.value}).
                        </ConfirmAction>
                      </td>
                    )}
                  </tr>
                ))}
              </Table>
              <Pagination page={page} href={(p) => `/o/${slug}/kpis/${kpi.id}?page=${p}`} />
              {kpi.canRecord && (
                <p className="mt-3 text-xs text-slate-500">
                  To correct a value, record it again for the same period: it replaces the old one (the audit log keeps
                  both).
                </p>
              )}
            </>
          )}
        </Card>
        <Card title="Definition history" description="Each change to the definition, from the date it applies.">
          <DefinitionHistory history={kpi.history} names={kpi.authorNames} />
        </Card>
        <Card
          title="Links"
          description={
            kpi.kind === "output"
              ? "The outcomes this output is meant to drive."
              : "The outputs meant to drive this outcome."
          }
        >
          <ul className="space-y-2 text-sm">
            {(kpi.kind === "output" ? kpi.drives : kpi.drivenBy).map((l) => (
              <li key={l.id} className="flex items-center justify-between gap-2">
                <Link href={`/o/${slug}/kpis/${l.id}`} className="hover:underline">
                  <span className="font-mono text-xs text-slate-500">{l.key}</span> {l.name}
                </Link>
                {kpi.editable && kpi.kind === "output" && (
                  <ActionForm
                    action={unlinkKpisAction}
                    org={slug}
                    hidden={{ outputKpiId: kpi.id, outcomeKpiId: l.id }}
                    className=""
                    showSuccess={false}
                  >
                    <SubmitButton variant="ghost" className="px-2 py-1 text-xs" aria-label={`Unlink ${l.key}`}>
                      Unlink
                    </SubmitButton>
                  </ActionForm>
                )}
              </li>
            ))}
            {(kpi.kind === "output" ? kpi.drives : kpi.drivenBy).length === 0 && (
              <li className="text-slate-600">No links yet.</li>
            )}
          </ul>
          {kpi.editable && kpi.kind === "output" && linkable.length > 0 && (
            <ActionForm action={linkKpisAction} org={slug} hidden={{ outputKpiId: kpi.id }} className="mt-4 space-y-2">
              <SelectField
                name="outcomeKpiId"
                label="Drives outcome"
                options={linkable.map((o) => ({ value: o.id, label: `${o.key} · ${o.name}` }))}
              />
              <SubmitButton variant="secondary">Link</SubmitButton>
            </ActionForm>
          )}
        </Card>
      </div>
    </>
  );
}
