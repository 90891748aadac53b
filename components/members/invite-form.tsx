import { ActionForm, SelectField, SubmitButton } from "@/components/ui/form";
import { Field } from "@/components/ui/form";
import { inviteAction } from "@/app/o/[org]/members/actions";

export function InviteForm({
  org,
  roles,
  teams,
}: {
  org: string;
  roles: { value: string; label: string }[];
  teams: { id: string; name: string }[];
}) {
  return (
    <ActionForm action={inviteAction} org={org}>
      <Field
        name="emails"
        label="Email addresses"
        placeholder="ada@example.com, grace@example.com"
        hint="Separate several with commas or spaces."
        required
      />
      <SelectField name="role" label="Role" defaultValue="member" options={roles} />
      {teams.length > 0 && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Teams (optional)</legend>
          <input type="hidden" name="teamIds[]" value="" />
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {teams.map((t) => (
              <label key={t.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="teamIds[]" value={t.id} /> {t.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <SubmitButton pendingLabel="Inviting…">Send invitations</SubmitButton>
    </ActionForm>
  );
}
