import { Badge, Card } from "@/components/ui/card";
import { Disclosure } from "@/components/ui/disclosure";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { InlineSelectForm } from "@/components/ui/inline-select-form";
import { ActionForm, Field, SelectField, SubmitButton } from "@/components/ui/form";
import { MemberSelect, type MemberOption } from "@/components/ui/member-select";
import type { listControls } from "@/lib/data/controls";
import { controlKindLabels, controlStatusLabels, options } from "@/lib/labels";
import { createControlAction, deleteControlAction, verifyControlAction } from "@/app/o/[org]/reviews/actions";
import { counted } from "@/lib/plural";

type Control = Awaited<ReturnType<typeof listControls>>[number];

export function ControlsCard({
  org,
  streamId,
  controls,
  editable,
  userId,
  members,
}: {
  org: string;
  streamId: string;
  controls: Control[];
  editable: boolean;
  userId: string;
  members: MemberOption[];
}) {
  return (
    <Card
      title="Controls"
      description="Requirements the stream must meet, verified at an interval; overdue verifications are flagged."
    >
      {controls.length === 0 ? (
        <p className="text-sm text-slate-600">No controls yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {controls.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  {c.requirement} {c.overdue && <Badge tone="amber">Verification due</Badge>}
                </p>
                <p className="text-xs text-slate-600">
                  {controlKindLabels[c.kind]} · {controlStatusLabels[c.status]} · owner {c.ownerName ?? "none"} · last
                  verified {c.lastVerified ?? "never"}
                  {c.nextVerification && ` · next by ${c.nextVerification}`} · every {counted(c.intervalDays, "day")}
                </p>
              </div>
              {(editable || c.ownerId === userId) && (
                <div className="flex items-start gap-2">
                  <InlineSelectForm
                    action={verifyControlAction}
                    org={org}
                    hidden={{ controlId: c.id }}
                    name="status"
                    label={`Verification result for ${c.requirement}`}
                    defaultValue="compliant"
                    options={options(controlStatusLabels).filter((o) => o.value !== "not_verified")}
                    submitLabel="Verified today"
                  />
                  {editable && (
                    <ConfirmAction
                      action={deleteControlAction}
                      org={org}
                      hidden={{ controlId: c.id }}
                      trigger="Delete"
                      title="Delete this control?"
                      confirmLabel="Delete control"
                    >
                      Its verification history stays in the audit log.
                    </ConfirmAction>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <Disclosure summary="Add a control" className="mt-4">
          <ActionForm action={createControlAction} org={org} hidden={{ streamId }} className="mt-3 space-y-3">
            <Field
              name="requirement"
              label="Requirement"
              placeholder="e.g. ISO 9001 §8.5 production control"
              required
            />
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField name="kind" label="Kind" options={options(controlKindLabels)} />
              <MemberSelect name="ownerId" label="Owner" blankLabel="No owner" members={members} />
              <Field name="intervalDays" label="Verify every (days)" type="number" min={1} defaultValue={90} />
              <Field name="lastVerified" label="Last verified (optional)" type="date" />
            </div>
            <SubmitButton pendingLabel="Adding…">Add control</SubmitButton>
          </ActionForm>
        </Disclosure>
      )}
    </Card>
  );
}
