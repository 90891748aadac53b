import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { CadenceChangeConfirm } from "@/components/kpis/cadence-change-confirm";
import { KpiFields } from "@/components/kpis/kpi-fields";
import { cadences } from "@/db/schema/streams";
import { Card, PageHeader } from "@/components/ui/card";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { getPageContext } from "@/lib/auth/context";
import { cadencePreview } from "@/lib/data/cadence-change";
import { getKpi, listFormulaInputs } from "@/lib/data/kpis";
import { orNotFound } from "@/lib/pages/or-not-found";
import { listMembers } from "@/lib/data/members";
import { getStream } from "@/lib/data/streams";
import { listTeams } from "@/lib/data/teams";
import { updateKpiAction } from "../../actions";

export const metadata = { title: "Edit KPI · Flowline" };

export default async function EditKpiPage({ params }: { params: Promise<{ org: string; kpiId: string }> }) {
  const { org, kpiId } = await params;
  const ctx = await getPageContext(org);
  if (kpiId.length > 64) notFound();
  const kpi = await orNotFound(getKpi(ctx, kpiId));
  if (!kpi.editable) notFound();
  const [stream, teams, members, formulaInputs] = await Promise.all([
    getStream(ctx, kpi.streamId),
    listTeams(ctx),
    listMembers(ctx),
    listFormulaInputs(ctx),
  ]);
  // A new cadence re-buckets the values: the preview of each other cadence, from the values the page has.
  const values = kpi.measurements.map((m) => ({ period: m.period, value: m.value }));
  const previews = Object.fromEntries(
    values.length === 0
      ? []
      : cadences.filter((c) => c !== kpi.cadence).map((c) => [c, cadencePreview(values, kpi.cadence, c)]),
  );
  return (
    <>
      <Breadcrumb href={`/o/${ctx.org.slug}/kpis/${kpi.id}`}>{kpi.key}</Breadcrumb>
      <PageHeader title={`Edit ${kpi.key}`} />
      <Card>
        <ActionForm
          action={updateKpiAction}
          org={ctx.org.slug}
          hidden={{ kpiId: kpi.id }}
          className="grid max-w-3xl gap-5"
        >
          <KpiFields
            kpi={kpi}
            stages={stream.stages}
            teams={teams}
            members={members}
            formulaInputs={formulaInputs}
            inputKeys={kpi.usedBy.map((f) => f.key)}
            cadenceChange={<CadenceChangeConfirm current={kpi.cadence} previews={previews} />}
          />
          <div>
            <SubmitButton>Save KPI</SubmitButton>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
