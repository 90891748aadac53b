import { Field, NumberField, SelectField } from "@/components/ui/form";
import { options, periodLabels, streamKindLabels } from "@/lib/labels";

/** The fields of a value stream, shared by the create and edit forms. */
export function StreamFields({
  owners,
  defaults,
  blankOwnerLabel = "Me",
}: {
  owners: { userId: string; name: string }[];
  /** What leaving the owner blank means: "Me" on create, keeping the current owner on edit. */
  blankOwnerLabel?: string;
  defaults: {
    name?: string;
    kind: string;
    customerNeed?: string | null;
    ownerId?: string | null;
    demandAmount?: number | null;
    demandUnit?: string | null;
    demandPeriod: string;
  };
}) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="name" label="Name" defaultValue={defaults.name} placeholder="e.g. Orders to delivery" required />
        <SelectField name="kind" label="Kind" defaultValue={defaults.kind} options={options(streamKindLabels)} />
      </div>
      <Field
        name="customerNeed"
        label="Customer need it serves"
        defaultValue={defaults.customerNeed ?? undefined}
        hint="The stream's input in value terms: what a customer needs from it."
      />
      {owners.length > 0 && (
        <SelectField
          name="ownerId"
          label="Process owner"
          defaultValue={defaults.ownerId ?? undefined}
          options={[{ value: "", label: blankOwnerLabel }, ...owners.map((o) => ({ value: o.userId, label: o.name }))]}
        />
      )}
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField
          name="demandAmount"
          label="Demand"
          min={0}
          defaultValue={defaults.demandAmount ?? undefined}
          hint="Units expected per period."
        />
        <Field name="demandUnit" label="Unit" defaultValue={defaults.demandUnit ?? undefined} placeholder="orders" />
        <SelectField
          name="demandPeriod"
          label="Per"
          defaultValue={defaults.demandPeriod}
          options={options(periodLabels)}
        />
      </div>
    </>
  );
}
