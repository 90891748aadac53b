import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/context";
import { formatAmount } from "@/lib/capacity";
import { can, roleLabels } from "@/lib/auth/permissions";
import { listMembers } from "@/lib/data/members";
import { listTeams } from "@/lib/data/teams";
import { AsOfControl } from "@/components/scores/as-of-control";
import { ScoreSummary } from "@/components/scores/score-summary";
import { resolveAsOf, todayIso } from "@/lib/scoring/as-of";
import { InboxCard } from "@/components/inbox";
import { getInbox } from "@/lib/data/inbox";
import { getOrgScores } from "@/lib/data/dashboards";
import { getValueChain } from "@/lib/data/value-chain";
import { ValueChainMap } from "@/components/value-chain/value-chain-map";

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ asOf?: string; known?: string }>;
}) {
  const ctx = await getPageContext((await params).org);
  const query = await searchParams;
  const asOf = resolveAsOf(query.asOf, query.known);
  const [teams, members, scores, inbox, chain] = await Promise.all([
    listTeams(ctx),
    listMembers(ctx),
    getOrgScores(ctx, asOf.asOf, asOf.knownAt),
    getInbox(ctx, todayIso()),
    getValueChain(ctx, asOf.asOf),
  ]);
  const base = `/o/${ctx.org.slug}`;
  return (
    <>
      <PageHeader
        title={ctx.org.name}
        description={`You are ${roleLabels[ctx.role].toLowerCase()} here. ${asOf.isToday ? "Scores as of today." : `Scores as they were on ${asOf.asOf}.`}`}
        actions={<AsOfControl state={asOf} path={base} />}
      />
      {chain.chain.streams.length > 0 && <ValueChainMap org={ctx.org.slug} chain={chain} />}
      <div className="mb-8">
        <InboxCard org={ctx.org.slug} inbox={inbox} />
      </div>
      {scores.cards.length > 0 ? (
        <div className="mb-8">
          <ScoreSummary
            result={scores.score}
            trend={scores.trend}
            explainHref={`${base}/explain?asOf=${asOf.asOf}${asOf.knownThen ? "&known=then" : ""}`}
          />
        </div>
      ) : (
        <div className="mb-8">
          <EmptyState title="No scores yet">
            Scores appear once value streams have KPIs with recorded values.{" "}
            <Link href={`${base}/streams`} className="text-brand-600 hover:underline">
              Go to value streams
            </Link>
          </EmptyState>
        </div>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <Card
          title="Teams"
          actions={
            <Link href={`${base}/teams`} className="text-sm text-brand-600 hover:underline">
              All teams
            </Link>
          }
        >
          {teams.length === 0 ? (
            <EmptyState title="No teams yet">
              {can(ctx.role, "teams.manage") ? (
                <ButtonLink href={`${base}/teams`} className="mt-2">
                  Create a team
                </ButtonLink>
              ) : (
                "An admin can create teams."
              )}
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {teams.slice(0, 8).map((t) => (
                <li key={t.id} className="flex justify-between py-2 text-sm">
                  <Link href={`${base}/teams/${t.id}`} className="font-medium text-slate-900 hover:underline">
                    {t.name}
                  </Link>
                  <span className="text-slate-500">{formatAmount(t.memberCount, "members")}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card
          title="People"
          actions={
            <Link href={`${base}/members`} className="text-sm text-brand-600 hover:underline">
              All members
            </Link>
          }
        >
          <p className="text-3xl font-semibold">{members.length}</p>
          <p className="text-sm text-slate-600">
            {members.length === 1 ? "member" : "members"} in {ctx.org.name}
          </p>
        </Card>
      </div>
    </>
  );
}
