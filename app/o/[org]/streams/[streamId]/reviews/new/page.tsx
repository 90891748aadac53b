import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/scores/badges";
import { score } from "@/components/scores/format";
import { Card, PageHeader } from "@/components/ui/card";
import { ActionForm, Field, SelectField, SubmitButton, TextAreaField } from "@/components/ui/form";
import { getPageContext } from "@/lib/auth/context";
import { canEditStream } from "@/lib/auth/permissions";
import { todayIso } from "@/lib/scoring/as-of";
import { orNotFound } from "@/lib/pages/or-not-found";
import { reviewSnapshot } from "@/lib/data/reviews";
import { getStream } from "@/lib/data/streams";
import { options, reviewStatusLabels } from "@/lib/labels";
import { periodEnd, periodStart, shiftPeriod } from "@/lib/scoring";
import { idSchema } from "@/lib/validations/team";
import { createReviewAction } from "@/app/o/[org]/reviews/actions";

export const metadata = { title: "Review a stream · Flowline" };

const signed = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(Math.round(x * 100))} pts`);

export default async function NewReviewPage({ params }: { params: Promise<{ org: string; streamId: string }> }) {
  const { org, streamId } = await params;
  const ctx = await getPageContext(org);
  if (!idSchema.safeParse(streamId).success) notFound();
  const stream = await orNotFound(getStream(ctx, streamId));
  if (!canEditStream(ctx, stream)) notFound();
  // The default period is last month: reviews look back on a closed period.
  const lastMonth = shiftPeriod(todayIso(), "month", -1);
  const from = periodStart(lastMonth, "month");
  const to = periodEnd(lastMonth, "month");
  const snapshot = await reviewSnapshot(ctx, stream.id, to);
  const slug = ctx.org.slug;
  return (
    <>
      <Breadcrumb href={`/o/${slug}/streams/${stream.id}`}>{stream.name}</Breadcrumb>
      <PageHeader
        title={`Review ${stream.name}`}
        description={`Each KPI is shown as of the end of the period${snapshot.previousPeriodEnd ? `, with its change since the last review (period ending ${snapshot.previousPeriodEnd})` : ""}. Status and change are recorded as computed on save.`}
      />
      <ActionForm action={createReviewAction} org={slug} hidden={{ streamId: stream.id }} className="space-y-6">
        <Card title="Period and verdict">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field name="periodStart" label="From" type="date" defaultValue={from} required />
            <Field
              name="periodEnd"
              label="To"
              type="date"
              defaultValue={to}
              required
              hint="KPIs are read as of this date."
            />
            <SelectField
              name="status"
              label="Overall status"
              defaultValue={snapshot.result.quadrant === "creating_value" ? "on_track" : "at_risk"}
              options={options(reviewStatusLabels)}
            />
          </div>
        </Card>
        <Card title="KPIs" description="A comment per KPI: what happened and why.">
          {snapshot.kpis.length === 0 ? (
            <p className="text-sm text-slate-600">This stream has no KPIs to review.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {snapshot.kpis.map((k) => (
                <li key={k.id} className="grid gap-2 py-3 md:grid-cols-[18rem_1fr]">
                  <div>
                    <p className="text-sm font-medium">
                      <span className="font-mono text-xs text-slate-500">{k.key}</span> {k.name}
                    </p>
                    <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                      <StatusBadge status={k.status} stale={k.stale} /> attainment {score(k.attainment)} · change{" "}
                      {signed(k.change)}
                    </p>
                  </div>
                  <Field name={`comment:${k.id}`} label={`Comment on ${k.key}`} placeholder="What happened, and why?" />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Summary and decisions">
          <div className="grid gap-4">
            <TextAreaField name="summary" label="Summary" placeholder="How did the stream do in this period?" />
            <TextAreaField
              name="decisions"
              label="Decisions"
              placeholder="What did we decide? Create follow-up actions on the next page."
            />
          </div>
        </Card>
        <SubmitButton pendingLabel="Saving the review…">Save review</SubmitButton>
      </ActionForm>
    </>
  );
}
