import Link from "next/link";
import { notFound } from "next/navigation";
import { KpiFields } from "@/components/kpis/kpi-fields";
import { Card, PageHeader } from "@/components/ui/card";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { getPageContext } from "@/lib/auth/context";
import { getKpi } from "@/lib/data/kpis";
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
  const [stream, teams, members] = await Promise.all([getStream(ctx, kpi.streamId), listTeams(ctx), listMembers(ctx)]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={`/o/${ctx.org.slug}/kpis/${kpi.id}`} className="text-brand-600 hover:underline">
          {kpi.key}
        </Link>
      </nav>
      <PageHeader title={`Edit ${kpi.key}`} />
      <Card>
        <ActionForm
          action={updateKpiAction}
          org={ctx.org.slug}
          hidden={{ kpiId: kpi.id }}
          className="grid max-w-3xl gap-5"
        >
          <KpiFields kpi={kpi} stages={stream.stages} teams={teams} members={members} />
          <div>
            <SubmitButton>Save KPI</SubmitButton>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
