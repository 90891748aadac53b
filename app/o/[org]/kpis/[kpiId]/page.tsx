import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { DefinitionHistory } from "@/components/kpis/definition-history";
import { FormulaExplanation } from "@/components/kpis/formula-explanation";
import { KpiAnalysisPanel } from "@/components/kpis/kpi-analysis-panel";
import { KpiChart } from "@/components/kpis/kpi-chart";
import { MeasurementTable } from "@/components/kpis/measurement-table";
import { AsOfControl } from "@/components/scores/as-of-control";
import { PaceLine } from "@/components/scores/pace-line";
import { ButtonLink } from "@/components/ui/button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, Field, SelectField, SubmitButton } from "@/components/ui/form";
import { paginate } from "@/components/ui/pagination";
import { getPageContext } from "@/lib/auth/context";
import { todayIso } from "@/lib/clock";
import { getKpiScore } from "@/lib/data/dashboards";
import { toAnalysisResponse } from "@/lib/analysis";
import { analyseKpi } from "@/lib/data/kpi-analysis";
import { getKpi, listOutcomeKpis } from "@/lib/data/kpis";
import { getKpiValues } from "@/lib/data/measurements";
import { orNotFound } from "@/lib/pages/or-not-found";
import { cadenceLabels, directionLabels, kpiKindLabels } from "@/lib/labels";
import { asOfParams, resolveAsOf } from "@/lib/scoring/as-of";
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
  searchParams: Promise<{ page?: string; asOf?: string; known?: string }>;
}) {
  const { org, kpiId } = await params;
  const ctx = await getPageContext(org);
  if (kpiId.length > 64) notFound();
  const query = await searchParams;
  const asOf = resolveAsOf(query.asOf, query.known);
  const kpi = await orNotFound(getKpi(ctx, kpiId));
  // The values, their history, the pace and the analysis as of the page's date, as known at its knowledge time.
  const [known, score, { analysis }, outcomes] = await Promise.all([
    getKpiValues(ctx, kpi.id, asOf.asOf, asOf.knownAt),
    getKpiScore(ctx, kpi.id, asOf.asOf, asOf.knownAt),
    analyseKpi(ctx, kpi.id, asOf.asOf, asOf.knownAt ?? undefined),
    kpi.editable && kpi.kind === "output" ? listOutcomeKpis(ctx) : [],
  ]);
  const linkable = outcomes.filter((o) => !kpi.drives.some((d) => d.id === o.id));
  const slug = ctx.org.slug;
  // A formula KPI's points are its computed values (it has no recorded ones).
  const chronological = kpi.formula
    ? kpi.formula.periods.flatMap((p) => (p.value === null ? [] : [{ period: p.period, value: p.value }]))
    : [...known.values].reverse();
  const page = paginate(known.values, query.page, 25);
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
      <div className="mb-6">
        <AsOfControl state={asOf} path={`/o/${slug}/kpis/${kpi.id}`} />
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card
          title="Values"
          description={`Baseline ${kpi.baseline ?? "— (first value)"} · target ${kpi.target} ${kpi.unit}${kpi.targetDate ? ` by ${kpi.targetDate}` : ""} · weight ${kpi.weight}`}
        >
          {score && (
            <PaceLine
              score={score}
              asOf={asOf.asOf}
              asOfIsToday={asOf.isToday}
              className="mb-3 text-sm text-slate-700"
            />
          )}
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
        {kpi.formula ? (
          <Card title="Computed values">
            <p className="text-sm text-slate-600">
              {kpi.key} is a formula: {kpi.formula.numerator.key} ÷ {kpi.formula.denominator.key}. Its values are
              computed from its inputs and can&apos;t be recorded; record the inputs instead.
            </p>
          </Card>
        ) : kpi.canRecord ? (
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
      {kpi.formula && (
        <div className="mt-6">
          <Card title="How it is computed">
            <FormulaExplanation slug={slug} unit={kpi.unit} {...kpi.formula} />
          </Card>
        </div>
      )}
      {kpi.usedBy.length > 0 && (
        <p className="mt-6 text-sm text-slate-600">
          Input of {kpi.usedBy.map((f) => f.key).join(", ")}: it keeps its cadence and can&apos;t be archived or deleted
          while a formula uses it.
        </p>
      )}
      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card
          title={`${known.values.length} recorded ${known.values.length === 1 ? "value" : "values"}`}
          description={
            asOf.isToday && !asOf.knownAt
              ? undefined
              : `Up to ${asOf.asOf}, ${asOf.knownAt ? `as known at the end of ${asOf.asOf}` : "as known now"}.`
          }
        >
          {known.values.length === 0 ? (
            <p className="text-sm text-slate-600">
              {asOf.knownAt ? "Nothing was recorded by then." : "Nothing recorded yet."}
            </p>
          ) : (
            <>
              <MeasurementTable
                org={slug}
                kpiId={kpi.id}
                page={page}
                history={known.history}
                pageHref={(p) => `/o/${slug}/kpis/${kpi.id}?${new URLSearchParams(`page=${p}&${asOfParams(asOf)}`)}`}
                onDelete={kpi.canRecord && !asOf.knownAt ? deleteMeasurementAction : undefined}
              />
              {kpi.canRecord && (
                <p className="mt-3 text-xs text-slate-500">
                  To correct a value, record it again for the same period: it replaces the old one, and its history
                  keeps both.
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
