import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { listTeams } from "@/lib/data/teams";
import { createTeamAction } from "./actions";

export const metadata = { title: "Teams · Flowline" };

export default async function TeamsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const teams = await listTeams(ctx);
  const manage = can(ctx.role, "teams.manage");
  return (
    <>
      <PageHeader title="Teams" description="Teams own stages and KPIs. People can belong to several teams." />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card title={`${teams.length} ${teams.length === 1 ? "team" : "teams"}`}>
          {teams.length === 0 ? (
            <EmptyState title="No teams yet">
              {manage ? "Create the first team with the form beside this list." : "An admin can create teams."}
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {teams.map((team) => (
                <li key={team.id}>
                  <Link
                    href={`/o/${ctx.org.slug}/teams/${team.id}`}
                    className="flex items-center justify-between gap-4 rounded px-2 py-3 hover:bg-slate-50"
                  >
                    <span className="font-medium text-slate-900">{team.name}</span>
                    <span className="text-sm text-slate-500">
                      {team.memberCount} {team.memberCount === 1 ? "member" : "members"}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        {manage && (
          <Card title="New team">
            <ActionForm action={createTeamAction} org={ctx.org.slug}>
              <Field name="name" label="Team name" placeholder="e.g. Assembly" required />
              <SubmitButton pendingLabel="Creating…">Create team</SubmitButton>
            </ActionForm>
          </Card>
        )}
      </div>
    </>
  );
}
