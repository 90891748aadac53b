import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { KpiFields } from "@/components/kpis/kpi-fields";
import { Card, PageHeader } from "@/components/ui/card";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { getPageContext } from "@/lib/auth/context";
import { orNotFound } from "@/lib/pages/or-not-found";
import { listFormulaInputs } from "@/lib/data/kpis";
import { listMembers } from "@/lib/data/members";
import { getStream } from "@/lib/data/streams";
import { listTeams } from "@/lib/data/teams";
import { idSchema } from "@/lib/validations/team";
import { createKpiAction } from "@/app/o/[org]/kpis/actions";

export const metadata = { title: "New KPI · Flowline" };

export default async function NewKpiPage({ params }: { params: Promise<{ org: string; streamId: string }> }) {
  const { org, streamId } = await params;
  const ctx = await getPageContext(org);
  if (!idSchema.safeParse(streamId).success) notFound();
  const [stream, teams, members, formulaInputs] = await Promise.all([
    orNotFound(getStream(ctx, streamId)),
    listTeams(ctx),
    listMembers(ctx),
    listFormulaInputs(ctx),
  ]);
  if (!stream.editable) notFound();
  return (
    <>
      <Breadcrumb href={`/o/${ctx.org.slug}/streams/${stream.id}`}>{stream.name}</Breadcrumb>
      <PageHeader title="New KPI" description={`A KPI of ${stream.name}.`} />
      <Card>
        <ActionForm
          action={createKpiAction}
          org={ctx.org.slug}
          hidden={{ streamId: stream.id }}
          className="grid max-w-3xl gap-5"
        >
          <KpiFields stages={stream.stages} teams={teams} members={members} formulaInputs={formulaInputs} />
          <div>
            <SubmitButton pendingLabel="Creating…">Create KPI</SubmitButton>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
