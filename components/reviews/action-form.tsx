import { ActionForm, Field, NumberField, SelectField, SubmitButton } from "@/components/ui/form";
import { MemberSelect, type MemberOption } from "@/components/ui/member-select";
import { createActionItemAction } from "@/app/o/[org]/reviews/actions";

/** A follow-up action, optionally on a KPI with the change of attainment it should bring. */
export function ActionItemForm({
  org,
  hidden,
  members,
  kpis,
  defaultDue,
}: {
  org: string;
  hidden: Record<string, string>;
  members: MemberOption[];
  kpis: { id: string; key: string; name: string; status?: string }[];
  defaultDue: string;
}) {
  const kpiOptions = [
    { value: "", label: "No KPI" },
    ...kpis.map((k) => ({
      value: k.id,
      label: `${k.key} · ${k.name}${k.status ? ` (${k.status.replace("_", " ")})` : ""}`,
    })),
  ];
  return (
    <ActionForm action={createActionItemAction} org={org} hidden={hidden}>
      <Field name="title" label="What will be done" placeholder="e.g. Add a second shift on Assembly" required />
      <div className="grid gap-4 sm:grid-cols-2">
        <MemberSelect name="ownerId" label="Owner" blankLabel="Choose an owner…" members={members} />
        <Field name="dueDate" label="Due" type="date" defaultValue={defaultDue} required />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="kpiId" label="Aimed at KPI (optional)" defaultValue="" options={kpiOptions} />
        <NumberField
          name="expectedEffect"
          label="Expected effect (points)"
          placeholder="+10"
          hint="Change of the KPI's attainment by the due date."
        />
      </div>
      <SubmitButton pendingLabel="Creating…">Create action</SubmitButton>
    </ActionForm>
  );
}
