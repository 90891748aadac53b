import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getScoringSettings } from "@/lib/data/organisations";
import { deleteOrganisationAction, renameOrganisationAction, updateScoringSettingsAction } from "./actions";

export const metadata = { title: "Settings · Flowline" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  if (!can(ctx.role, "settings.manage")) notFound();
  const settings = await getScoringSettings(ctx);
  const owner = can(ctx.role, "org.manage");
  const share = { type: "number", step: "0.05", min: 0, max: 1, inputMode: "decimal" } as const;
  return (
    <>
      <PageHeader title="Settings" description="How this organisation is named and how its KPIs are scored." />
      <div className="grid max-w-3xl gap-6">
        <Card title="Organisation" description={owner ? undefined : "Only an owner can rename the organisation."}>
          <ActionForm action={renameOrganisationAction} org={ctx.org.slug}>
            <Field name="name" label="Name" defaultValue={ctx.org.name} disabled={!owner} required />
            <Field
              name="slug"
              label="Address"
              defaultValue={ctx.org.slug}
              disabled={!owner}
              hint="Used in links: /o/your-address. Changing it breaks old links."
              required
            />
            {owner && <SubmitButton>Save</SubmitButton>}
          </ActionForm>
        </Card>
        <Card
          title="Scoring"
          description="Value score V = α·Outcome + (1 − α)·Output. Status and quadrant use the thresholds below (shares from 0 to 1)."
        >
          <ActionForm action={updateScoringSettingsAction} org={ctx.org.slug} className="grid gap-4 sm:grid-cols-2">
            <Field name="outcomeWeight" label="Outcome weight (α)" defaultValue={settings.outcomeWeight} {...share} />
            <Field
              name="quadrantThreshold"
              label="Quadrant threshold (θ)"
              defaultValue={settings.quadrantThreshold}
              {...share}
            />
            <Field name="onTrackThreshold" label="On track from" defaultValue={settings.onTrackThreshold} {...share} />
            <Field name="atRiskThreshold" label="At risk from" defaultValue={settings.atRiskThreshold} {...share} />
            <Field
              name="paceOnTrackTolerance"
              label="On pace within"
              hint="With a target date: on track while attainment trails the expected by at most this."
              defaultValue={settings.paceOnTrackTolerance}
              {...share}
            />
            <Field
              name="paceAtRiskTolerance"
              label="At risk within"
              hint="Trailing the expected by more than this is off track."
              defaultValue={settings.paceAtRiskTolerance}
              {...share}
            />
            <div className="sm:col-span-2">
              <SubmitButton>Save scoring settings</SubmitButton>
            </div>
          </ActionForm>
        </Card>
        {owner && (
          <Card
            title="Delete organisation"
            description="Deletes every team, membership and record of this organisation."
          >
            <ConfirmAction
              action={deleteOrganisationAction}
              org={ctx.org.slug}
              trigger="Delete organisation…"
              triggerVariant="danger"
              title={`Delete ${ctx.org.name}?`}
              confirmLabel="Delete for good"
            >
              <p className="mb-3">This cannot be undone. Type the organisation&apos;s address to confirm.</p>
              <Field name="confirm" label={`Type ${ctx.org.slug}`} autoComplete="off" />
            </ConfirmAction>
          </Card>
        )}
      </div>
    </>
  );
}
