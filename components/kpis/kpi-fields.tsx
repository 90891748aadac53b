import type { ReactNode } from "react";
import { Field, SelectField } from "@/components/ui/form";
import type { Kpi } from "@/db/schema/types";
import { cadenceLabels, directionLabels, kpiKindHelp, kpiKindLabels, options } from "@/lib/labels";

const none = (label: string) => ({ value: "", label });

/** The fields of a KPI, shared by the create and edit forms. */
export function KpiFields({
  kpi,
  stages,
  teams,
  members,
  cadenceChange,
  formulaInputs,
  inputKeys,
}: {
  kpi?: Kpi;
  /** Under the cadence: what changing it does to the KPI's values (the edit form). */
  cadenceChange?: ReactNode;
  stages: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  members: { userId: string; name: string | null; email: string }[];
  /** The KPIs a formula may divide (live plain KPIs of the organisation). */
  formulaInputs: { id: string; key: string; name: string; cadence: Kpi["cadence"] }[];
  /** The formula KPIs using this KPI as an input: then it can't become a formula itself. */
  inputKeys?: string[];
}) {
  const inputOptions = formulaInputs
    .filter((k) => k.id !== kpi?.id)
    .map((k) => ({ value: k.id, label: `${k.key} · ${k.name} (${cadenceLabels[k.cadence].toLowerCase()})` }));
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <Field name="name" label="Name" defaultValue={kpi?.name} placeholder="e.g. Qualified pipeline" required />
        <Field
          name="key"
          label="Key"
          defaultValue={kpi?.key}
          placeholder="Automatic"
          hint="Like MKT-3; unique in the organisation."
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Kind</legend>
        <p className="text-xs text-slate-600">{kpiKindHelp}</p>
        <SelectField
          name="kind"
          label="Kind"
          hideLabel
          defaultValue={kpi?.kind ?? ""}
          options={[none("Choose output or outcome…"), ...options(kpiKindLabels)]}
        />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          name="direction"
          label="Direction"
          defaultValue={kpi?.direction ?? "increase"}
          options={options(directionLabels)}
        />
        <Field name="unit" label="Unit" defaultValue={kpi?.unit} placeholder="%, orders, k€" />
        <SelectField
          name="cadence"
          label="Cadence"
          defaultValue={kpi?.cadence ?? "month"}
          options={options(cadenceLabels)}
        />
      </div>
      {cadenceChange}
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium text-slate-800">Formula (optional)</legend>
        {inputKeys && inputKeys.length > 0 ? (
          <p className="text-xs text-slate-600">
            {inputKeys.join(", ")} {inputKeys.length === 1 ? "divides" : "divide"} this KPI: an input stays a KPI whose
            values are recorded, and keeps its cadence.
          </p>
        ) : (
          <>
            <p className="text-xs text-slate-600">
              Compute this KPI as one KPI divided by another of the same cadence (win rate = deals won ÷ opportunities).
              Its values are then computed per period and can&apos;t be recorded; a period where an input is missing or
              the denominator is 0 has no value. Leave both blank for a KPI whose values are recorded.
            </p>
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField
                name="formulaNumerator"
                label="Numerator"
                defaultValue={kpi?.formulaNumeratorId ?? ""}
                options={[none("No formula"), ...inputOptions]}
              />
              <SelectField
                name="formulaDenominator"
                label="Denominator (÷)"
                defaultValue={kpi?.formulaDenominatorId ?? ""}
                options={[none("No formula"), ...inputOptions]}
              />
            </div>
          </>
        )}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          name="baseline"
          label="Baseline"
          type="number"
          step="any"
          defaultValue={kpi?.baseline ?? undefined}
          hint="Blank: the first value recorded."
        />
        <Field name="target" label="Target" type="number" step="any" defaultValue={kpi?.target} required />
        <Field
          name="weight"
          label="Weight"
          type="number"
          step="any"
          min={0}
          defaultValue={kpi?.weight ?? 1}
          hint="Above 0; counts in scores."
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          name="targetDate"
          label="Target date"
          type="date"
          defaultValue={kpi?.targetDate ?? undefined}
          hint="Optional: when the target is to be reached. Then the status says whether it is on pace."
        />
        <Field
          name="planStart"
          label="Plan start"
          type="date"
          defaultValue={kpi?.planStart ?? undefined}
          hint="Blank: the day the change applies from."
        />
        <Field
          name="validFrom"
          label={kpi ? "Applies from" : "Counts from"}
          type="date"
          hint={
            kpi
              ? "Blank: today. A past date corrects history; a future date plans the change (e.g. a new target from next quarter)."
              : "Blank: for every date, so values you import for the past count."
          }
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          name="stageId"
          label="Stage"
          defaultValue={kpi?.stageId ?? ""}
          options={[none("Whole stream"), ...stages.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <SelectField
          name="teamId"
          label="Accountable team"
          defaultValue={kpi?.teamId ?? ""}
          options={[none("No team"), ...teams.map((t) => ({ value: t.id, label: t.name }))]}
        />
        <SelectField
          name="ownerId"
          label="Owner"
          defaultValue={kpi?.ownerId ?? ""}
          options={[none("Nobody"), ...members.map((m) => ({ value: m.userId, label: m.name ?? m.email }))]}
        />
      </div>
      <Field
        name="description"
        label="Description"
        defaultValue={kpi?.description ?? undefined}
        hint="How it is measured, and where the number comes from."
      />
    </>
  );
}
