import { SelectField } from "./form";

export interface MemberOption {
  userId: string;
  name: string | null;
  email: string;
}

/** A select of organisation members by name (or e-mail), with a blank first choice saying what none means. */
export function MemberSelect({
  name,
  label,
  blankLabel,
  members,
}: {
  name: string;
  label: string;
  blankLabel: string;
  members: MemberOption[];
}) {
  return (
    <SelectField
      name={name}
      label={label}
      defaultValue=""
      options={[
        { value: "", label: blankLabel },
        ...members.map((m) => ({ value: m.userId, label: m.name ?? m.email })),
      ]}
    />
  );
}
