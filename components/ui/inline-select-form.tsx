import type { ComponentProps } from "react";
import { ActionForm, SelectField, SubmitButton } from "./form";

/**
 * One select and a small button on a line (a status in a list): the select's label is for screen readers,
 * and a success is shown by the list itself, not by a message.
 */
export function InlineSelectForm({
  action,
  org,
  hidden,
  name,
  label,
  defaultValue,
  options,
  submitLabel,
}: Pick<ComponentProps<typeof ActionForm>, "action" | "org" | "hidden"> &
  Pick<ComponentProps<typeof SelectField>, "name" | "label" | "defaultValue" | "options"> & { submitLabel: string }) {
  return (
    <ActionForm
      action={action}
      org={org}
      hidden={hidden}
      className="flex items-start gap-2 [&_select]:mt-0"
      showSuccess={false}
    >
      <SelectField name={name} label={label} hideLabel defaultValue={defaultValue} options={options} />
      <SubmitButton variant="secondary" className="px-2 py-1.5 text-xs">
        {submitLabel}
      </SubmitButton>
    </ActionForm>
  );
}
