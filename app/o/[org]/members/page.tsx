import { Table } from "@/components/ui/table";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, SelectField, SubmitButton } from "@/components/ui/form";
import { roles } from "@/db/schema/tenancy";
import { getPageContext } from "@/lib/auth/context";
import { can, canManageRole, roleLabels } from "@/lib/auth/permissions";
import { listMembers } from "@/lib/data/members";
import { changeRoleAction, removeMemberAction, transferOwnershipAction } from "./actions";
import { InvitationList } from "@/components/members/invitation-list";
import { InviteForm } from "@/components/members/invite-form";
import { listInvitations } from "@/lib/data/invitations";
import { listTeams } from "@/lib/data/teams";

export const metadata = { title: "Members · Flowline" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const manage = can(ctx.role, "members.manage");
  const [members, invitations, teams] = await Promise.all([
    listMembers(ctx),
    manage ? listInvitations(ctx) : Promise.resolve([]),
    manage ? listTeams(ctx) : Promise.resolve([]),
  ]);
  const grantable = roles.filter((r) => canManageRole(ctx.role, r)).map((r) => ({ value: r, label: roleLabels[r] }));
  return (
    <>
      <PageHeader
        title="Members"
        description="Everyone in the organisation and their role. Owners and admins change roles; an organisation always keeps one owner."
      />
      <Card title={`${members.length} ${members.length === 1 ? "member" : "members"}`}>
        <Table columns={["Person", "Teams", "Role", { key: "actions", label: "Actions", hidden: true }]}>
          {members.map((m) => {
            const manageable = canManageRole(ctx.role, m.role);
            const label = m.name ?? m.email;
            return (
              <tr key={m.userId} className="align-top">
                <td className="px-5 py-3">
                  <p className="font-medium text-slate-900">
                    {label} {m.userId === ctx.user.id && <Badge tone="brand">You</Badge>}
                  </p>
                  <p className="text-slate-500">{m.email}</p>
                </td>
                <td className="px-5 py-3 text-slate-600">{m.teams.length ? m.teams.join(", ") : "—"}</td>
                <td className="px-5 py-3">
                  {manageable ? (
                    <ActionForm
                      action={changeRoleAction}
                      org={ctx.org.slug}
                      hidden={{ userId: m.userId }}
                      className="flex flex-wrap items-start gap-2 [&_select]:mt-0"
                    >
                      <SelectField
                        name="role"
                        label={`Role of ${label}`}
                        hideLabel
                        defaultValue={m.role}
                        options={grantable}
                      />
                      <SubmitButton variant="secondary">Change</SubmitButton>
                    </ActionForm>
                  ) : (
                    <Badge>{roleLabels[m.role]}</Badge>
                  )}
                </td>
                <td className="px-5 py-3 text-right">
                  {can(ctx.role, "org.manage") && m.userId !== ctx.user.id && (
                    <ConfirmAction
                      action={transferOwnershipAction}
                      org={ctx.org.slug}
                      hidden={{ userId: m.userId }}
                      trigger="Make owner"
                      title={`Transfer ownership to ${label}?`}
                      confirmLabel="Transfer ownership"
                    >
                      {label} becomes an owner of {ctx.org.name} and you become an admin.
                    </ConfirmAction>
                  )}{" "}
                  {manageable && (
                    <ConfirmAction
                      action={removeMemberAction}
                      org={ctx.org.slug}
                      hidden={{ userId: m.userId }}
                      trigger="Remove"
                      title={`Remove ${label}?`}
                      confirmLabel="Remove member"
                    >
                      {label} loses access to {ctx.org.name} and leaves its teams at once.
                    </ConfirmAction>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      </Card>
      {manage && (
        <div className="mt-6 grid gap-6 lg:grid-cols-[20rem_1fr]">
          <Card title="Invite people" description="They get a link that works once and expires in 7 days.">
            <InviteForm org={ctx.org.slug} roles={grantable} teams={teams} />
          </Card>
          <Card title="Invitations">
            <InvitationList org={ctx.org.slug} invitations={invitations} />
          </Card>
        </div>
      )}
    </>
  );
}
