import { Badge } from "@/components/ui/card";
import { Disclosure } from "@/components/ui/disclosure";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, Field, NumberField, SelectField, SubmitButton } from "@/components/ui/form";
import type { StageAssessment } from "@/lib/capacity";
import {
  conversionToEntry,
  countsInStreamUnit,
  describeConversion,
  explainStage,
  formatQuantity,
  percentInput,
  stageUnitName,
  unitForms,
} from "@/lib/capacity";
import { options, resourceKindLabels } from "@/lib/labels";
import type { Resource, Stage } from "@/db/schema/types";
import {
  addResourceAction,
  moveStageAction,
  removeResourceAction,
  removeStageAction,
  updateResourceAction,
  updateStageAction,
} from "@/app/o/[org]/streams/actions";
import { ConversionFields } from "./conversion-fields";
import { UtilisationBar } from "./utilisation-bar";

/** The stage's unit and its conversion f, entered as people say it ("1 brief brings 60 leads"). */
function UnitFields({ stage, streamUnit }: { stage?: Stage; streamUnit: string }) {
  const entry = stage && stage.conversion !== 1 ? conversionToEntry(stage.conversion) : null;
  const { other } = unitForms(streamUnit);
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-2">
      <legend className="px-1 text-xs font-medium text-slate-600">Unit and conversion</legend>
      <Field
        name="unit"
        label="The stage counts"
        defaultValue={stage?.unit ?? undefined}
        placeholder={`${other} (the stream's unit)`}
        hint="What its resources' rates count, e.g. campaign briefs; blank: the stream's unit"
        maxLength={40}
      />
      <ConversionFields
        stageUnit={stage?.unit ?? undefined}
        streamUnit={streamUnit}
        entry={entry}
        hint="Blank: 1 (the stream's unit)"
      />
    </fieldset>
  );
}

export function StageFields({
  teams,
  stage,
  streamUnit,
}: {
  teams: { id: string; name: string }[];
  stage?: Stage;
  streamUnit: string;
}) {
  return (
    <>
      <Field name="name" label="Stage name" defaultValue={stage?.name} required />
      <SelectField
        name="teamId"
        label="Responsible team"
        defaultValue={stage?.teamId ?? ""}
        options={[{ value: "", label: "No team" }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
      />
      <Field name="input" label="What goes in" defaultValue={stage?.input ?? undefined} />
      <Field name="output" label="What comes out" defaultValue={stage?.output ?? undefined} />
      <div className="grid grid-cols-3 gap-2">
        <NumberField
          name="processTime"
          label="Process time"
          min={0}
          defaultValue={stage?.processTime ?? undefined}
          hint="Per unit, in periods"
        />
        <NumberField name="wip" label="WIP" min={0} defaultValue={stage?.wip ?? undefined} hint="Units" />
        <NumberField
          name="pctCA"
          label="%C&A"
          min={0}
          max={100}
          defaultValue={percentInput(stage?.pctCA ?? null)}
          hint="0–100"
        />
      </div>
      <UnitFields stage={stage} streamUnit={streamUnit} />
    </>
  );
}

function ResourceFields({ resource, unit }: { resource?: Resource; unit: string }) {
  return (
    <div className="grid grid-cols-2 gap-2">
      <SelectField
        name="kind"
        label="Kind"
        defaultValue={resource?.kind ?? "people"}
        options={options(resourceKindLabels)}
      />
      <Field name="name" label="Name" defaultValue={resource?.name} placeholder="Fitters" required />
      <NumberField name="quantity" label="Quantity" min={0} defaultValue={resource?.quantity ?? 1} />
      <NumberField
        name="rate"
        label="Rate per period"
        min={0}
        defaultValue={resource?.rate}
        hint={`${unitForms(unit).other} one handles`}
      />
      <NumberField
        name="availability"
        label="Availability %"
        min={0}
        max={100}
        defaultValue={percentInput(resource?.availability ?? 1)}
      />
    </div>
  );
}

export function StageCard({
  org,
  stage,
  assessment,
  teamName,
  teams,
  unit,
  period,
  editable,
  first,
  last,
}: {
  org: string;
  stage: Stage & { resources: Resource[] };
  assessment: StageAssessment;
  teamName: string | null;
  teams: { id: string; name: string }[];
  unit: string;
  period: string;
  editable: boolean;
  first: boolean;
  last: boolean;
}) {
  const bottleneck = assessment.isBottleneck;
  const own = unitForms(stageUnitName(assessment, unit)).other;
  const inStream = !countsInStreamUnit(assessment, unit);
  const both = (ownAmount: number, streamAmount: number) => (
    <>
      {formatQuantity(ownAmount)} {own}/{period}
      {inStream && (
        <span className="block text-slate-500">
          = {formatQuantity(streamAmount)} {unitForms(unit).other}/{period}
        </span>
      )}
    </>
  );
  return (
    <li
      className={`flex w-72 shrink-0 flex-col gap-3 rounded-lg border bg-white p-4 shadow-sm ${bottleneck ? "border-red-300 ring-2 ring-red-200" : "border-slate-200"}`}
      aria-label={`Stage ${assessment.index + 1}: ${stage.name}${bottleneck ? " (bottleneck)" : ""}`}
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <p className="text-xs text-slate-500">Stage {assessment.index + 1}</p>
          <h3 className="font-semibold text-slate-900">{stage.name}</h3>
          <p className="text-xs text-slate-600">{teamName ?? "No team"}</p>
        </div>
        {bottleneck && <Badge tone="amber">Bottleneck</Badge>}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-slate-500">In</dt>
        <dd>{stage.input ?? "—"}</dd>
        <dt className="text-slate-500">Out</dt>
        <dd>{stage.output ?? "—"}</dd>
        <dt className="text-slate-500">Counts</dt>
        <dd>{describeConversion(assessment.conversion, stageUnitName(assessment, unit), unit)}</dd>
        <dt className="text-slate-500">Demand</dt>
        <dd className="tabular-nums">
          {assessment.demand === null || assessment.demandInStreamUnits === null
            ? "—"
            : both(assessment.demand, assessment.demandInStreamUnits)}
        </dd>
        <dt className="text-slate-500">Capacity</dt>
        <dd className="tabular-nums">{both(assessment.capacity, assessment.capacityInStreamUnits)}</dd>
        {stage.wip !== null && (
          <>
            <dt className="text-slate-500">WIP</dt>
            <dd className="tabular-nums">{formatQuantity(stage.wip)}</dd>
          </>
        )}
        {stage.pctCA !== null && (
          <>
            <dt className="text-slate-500">%C&amp;A</dt>
            <dd className="tabular-nums">{percentInput(stage.pctCA)}%</dd>
          </>
        )}
      </dl>
      <UtilisationBar utilisation={assessment.utilisation} />
      <p className="text-xs text-slate-600">{explainStage(assessment, { unit, period })}</p>
      <div>
        <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">Resources</h4>
        {stage.resources.length === 0 ? (
          <p className="mt-1 text-xs text-slate-500">None yet: the stage has no capacity.</p>
        ) : (
          <ul className="mt-1 space-y-1 text-xs">
            {stage.resources.map((r) => (
              <li key={r.id}>
                {editable ? (
                  <details>
                    <summary className="cursor-pointer">
                      {r.quantity} × {r.name}{" "}
                      <span className="text-slate-500">
                        ({resourceKindLabels[r.kind]}, {formatQuantity(r.rate)} {own}/{period},{" "}
                        {percentInput(r.availability)}%)
                      </span>
                    </summary>
                    <div className="mt-2 space-y-2 rounded-md bg-slate-50 p-2">
                      <ActionForm
                        action={updateResourceAction}
                        org={org}
                        hidden={{ resourceId: r.id }}
                        className="space-y-2"
                      >
                        <ResourceFields resource={r} unit={own} />
                        <SubmitButton variant="secondary">Save resource</SubmitButton>
                      </ActionForm>
                      <ConfirmAction
                        action={removeResourceAction}
                        org={org}
                        hidden={{ resourceId: r.id }}
                        trigger="Remove resource"
                        title={`Remove ${r.name}?`}
                        confirmLabel="Remove"
                      >
                        The stage loses {formatQuantity(r.quantity * r.rate * r.availability)} {own}/{period} of
                        capacity.
                      </ConfirmAction>
                    </div>
                  </details>
                ) : (
                  <span>
                    {r.quantity} × {r.name}{" "}
                    <span className="text-slate-500">
                      ({resourceKindLabels[r.kind]}, {formatQuantity(r.rate)} {own}/{period},{" "}
                      {percentInput(r.availability)}%)
                    </span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {editable && (
        <div className="mt-auto space-y-2 border-t border-slate-100 pt-3">
          <Disclosure summary="Add a resource" size="xs">
            <ActionForm action={addResourceAction} org={org} hidden={{ stageId: stage.id }} className="mt-2 space-y-2">
              <ResourceFields unit={own} />
              <SubmitButton variant="secondary">Add resource</SubmitButton>
            </ActionForm>
          </Disclosure>
          <Disclosure summary="Edit stage" size="xs">
            <ActionForm action={updateStageAction} org={org} hidden={{ stageId: stage.id }} className="mt-2 space-y-2">
              <StageFields teams={teams} stage={stage} streamUnit={unit} />
              <SubmitButton variant="secondary">Save stage</SubmitButton>
            </ActionForm>
          </Disclosure>
          <div className="flex flex-wrap gap-2">
            <ActionForm
              action={moveStageAction}
              org={org}
              hidden={{ stageId: stage.id, direction: "up" }}
              className=""
              showSuccess={false}
            >
              <SubmitButton
                variant="secondary"
                className="px-2 py-1 text-xs"
                disabled={first}
                aria-label={`Move ${stage.name} earlier`}
              >
                ← Earlier
              </SubmitButton>
            </ActionForm>
            <ActionForm
              action={moveStageAction}
              org={org}
              hidden={{ stageId: stage.id, direction: "down" }}
              className=""
              showSuccess={false}
            >
              <SubmitButton
                variant="secondary"
                className="px-2 py-1 text-xs"
                disabled={last}
                aria-label={`Move ${stage.name} later`}
              >
                Later →
              </SubmitButton>
            </ActionForm>
            <ConfirmAction
              action={removeStageAction}
              org={org}
              hidden={{ stageId: stage.id }}
              trigger="Remove"
              title={`Remove ${stage.name}?`}
              confirmLabel="Remove stage"
            >
              Its resources are removed too; KPIs measured at this stage stay in the stream.
            </ConfirmAction>
          </div>
        </div>
      )}
    </li>
  );
}
