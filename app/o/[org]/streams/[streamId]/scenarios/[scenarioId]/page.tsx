import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { ScenarioComparison } from "@/components/streams/scenario-comparison";
import { ScenarioFields } from "@/components/streams/scenario-fields";
import { getPageContext } from "@/lib/auth/context";
import { describeSetupChange } from "@/lib/capacity";
import { orNotFound } from "@/lib/pages/or-not-found";
import { getScenario } from "@/lib/data/scenarios";
import { periodLabels } from "@/lib/labels";
import { idSchema } from "@/lib/validations/team";
import { applyScenarioAction, discardScenarioAction, updateScenarioAction } from "../actions";

export const metadata = { title: "Scenario · Flowline" };

export default async function ScenarioPage({
  params,
}: {
  params: Promise<{ org: string; streamId: string; scenarioId: string }>;
}) {
  const { org, streamId, scenarioId } = await params;
  const ctx = await getPageContext(org);
  if (!idSchema.safeParse(streamId).success || !idSchema.safeParse(scenarioId).success) notFound();
  const { scenario, stream, comparison } = await orNotFound(getScenario(ctx, scenarioId));
  if (stream.id !== streamId) notFound();
  const slug = ctx.org.slug;
  const unit = stream.demandUnit ?? "units";
  const period = periodLabels[stream.demandPeriod];
  return (
    <>
      <Breadcrumb href={`/o/${slug}/streams/${stream.id}`}>{stream.name}</Breadcrumb>
      <PageHeader
        title={`Scenario: ${scenario.name}`}
        description="A draft of the stream's setup: nothing here changes the stream or its scores until you apply it."
        actions={
          stream.editable && (
            <>
              <ConfirmAction
                action={applyScenarioAction}
                org={slug}
                hidden={{ scenarioId: scenario.id }}
                trigger="Apply to stream"
                title={`Apply ${scenario.name}?`}
                confirmLabel="Apply"
              >
                The stream takes the draft&apos;s demand, conversions, quantities, rates and availability; the draft is
                then removed. The change is recorded in the audit log.
              </ConfirmAction>
              <ConfirmAction
                action={discardScenarioAction}
                org={slug}
                hidden={{ scenarioId: scenario.id }}
                trigger="Discard"
                title={`Discard ${scenario.name}?`}
                confirmLabel="Discard draft"
              >
                The draft is deleted; the stream stays as it is.
              </ConfirmAction>
            </>
          )
        }
      />
      <ScenarioComparison comparison={comparison} unit={unit} period={period} />
      <Card title="What the draft changes">
        {comparison.changes.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing yet: the draft is today&apos;s setup.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="Changes">
            {comparison.changes.map((c, i) => (
              <li key={i}>{describeSetupChange(c, { unit })}</li>
            ))}
          </ul>
        )}
      </Card>
      {stream.editable && (
        <div className="mt-6">
          <Card title="Edit the draft">
            <ActionForm action={updateScenarioAction} org={slug} hidden={{ scenarioId: scenario.id }}>
              <ScenarioFields setup={scenario.setup} unit={unit} period={period} />
              <SubmitButton>Save draft</SubmitButton>
            </ActionForm>
          </Card>
        </div>
      )}
    </>
  );
}
