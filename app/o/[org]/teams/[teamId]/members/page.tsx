import { Breadcrumb } from "@/components/ui/breadcrumb";
import { TeamTabs } from "@/components/teams/team-tabs";
import { notFound } from "next/navigation";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, Field, SelectField, SubmitButton } from "@/components/ui/form";
import { getPageContext } from "@/lib/auth/context";
import { can, roleLabels } from "@/lib/auth/permissions";
import { getTeam } from "@/lib/data/teams";
import { orNotFound } from "@/lib/pages/or-not-found";
import { idSchema } from "@/lib/validations/team";
import { addTeamMemberAction, deleteTeamAction, removeTeamMemberAction, renameTeamAction } from "../../actions";

export default async function TeamMembersPage({ params }: { params: Promise<{ org: string; teamId: string }> }) {
  const { org, teamId } = await params;
  const ctx = await getPageContext(org);
  if (!idSchema.safeParse(teamId).success) notFound();
  const team = await orNotFound(getTeam(ctx, teamId));
  const manage = can(ctx.role, "teams.manage");
  const slug = ctx.org.slug;
  return (
    <>
      <Breadcrumb href={`/o/${slug}/teams`}>Teams</Breadcrumb>
      <PageHeader
        title={team.name}
        description={`${team.members.length} ${team.members.length === 1 ? "member" : "members"}`}
        actions={
          manage && (
            <ConfirmAction
              action={deleteTeamAction}
              org={slug}
              hidden={{ teamId: team.id }}
              trigger="Delete team"
              title={`Delete ${team.name}?`}
              confirmLabel="Delete team"
            >
              The team and its memberships are deleted. People stay in the organisation. This cannot be undone.
            </ConfirmAction>
          )
        }
      />
      <TeamTabs org={slug} teamId={team.id} current="members" />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card title="Members">
          {team.members.length === 0 ? (
            <EmptyState title="Nobody is in this team yet">
              {manage && "Add people from the organisation with the form beside this list."}
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {team.members.map((m) => (
                <li key={m.userId} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div>
                    <p className="font-medium text-slate-900">{m.name ?? m.email}</p>
                    <p className="text-sm text-slate-500">
                      {m.email} · <Badge>{roleLabels[m.role]}</Badge>
                    </p>
                  </div>
                  {manage && (
                    <ConfirmAction
                      action={removeTeamMemberAction}
                      org={slug}
                      hidden={{ teamId: team.id, userId: m.userId }}
                      trigger="Remove"
                      title={`Remove ${m.name ?? m.email} from ${team.name}?`}
                      confirmLabel="Remove from team"
                    >
                      They stay a member of the organisation.
                    </ConfirmAction>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {manage && (
          <div className="space-y-6">
            <Card title="Add a member">
              {team.candidates.length === 0 ? (
                <p className="text-sm text-slate-600">Everyone in the organisation is already in this team.</p>
              ) : (
                <ActionForm action={addTeamMemberAction} org={slug} hidden={{ teamId: team.id }}>
                  <SelectField
                    name="userId"
                    label="Person"
                    options={team.candidates.map((c) => ({
                      value: c.userId,
                      label: c.name ? `${c.name} (${c.email})` : c.email,
                    }))}
                  />
                  <SubmitButton pendingLabel="Adding…">Add to team</SubmitButton>
                </ActionForm>
              )}
            </Card>
            <Card title="Rename">
              <ActionForm action={renameTeamAction} org={slug} hidden={{ teamId: team.id }}>
                <Field name="name" label="Team name" defaultValue={team.name} required />
                <SubmitButton>Save name</SubmitButton>
              </ActionForm>
            </Card>
          </div>
        )}
      </div>
    </>
  );
}
