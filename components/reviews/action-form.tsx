import { ActionForm, Field, SelectField, SubmitButton } from "@/components/ui/form";
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
  members: { userId: string; name: string | null; email: string }[];
  kpis: { id: string; key: string; name: string; status?: string }[];
  defaultDue: string;
}) {
  return (
    <ActionForm action={createActionItemAction} org={org} hidden={hidden}>
      <Field name="title" label="What will be done" placeholder="e.g. Add a second shift on Assembly" required />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="ownerId"
          label="Owner"
          defaultValue=""
          options={[
            { value: "", label: "Choose an owner…" },
            ...members.map((m) => ({ value: m.userId, label: m.name ?? m.email })),
          ]}
        />
        <Field name="dueDate" label="Due" type="date" defaultValue={defaultDue} required />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="kpiId"
          label="Aimed at KPI (optional)"
          defaultValue=""
          options={[
            { value: "", label: "No KPI" },
            ...kpis.map((k) => ({
              value: k.id,
              label: `${k.key} · ${k.name}${k.status ? ` (${k.status.replace("_", " ")})` : ""}`,
            })),
          ]}
        />
        <Field
          name="expectedEffect"
          label="Expected effect (points)"
          type="number"
          step="any"
          placeholder="+10"
          hint="Change of the KPI's attainment by the due date."
        />
      </div>
      <SubmitButton pendingLabel="Creating…">Create action</SubmitButton>
    </ActionForm>
  );
}
