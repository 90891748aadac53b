import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { AsOfControl } from "@/components/scores/as-of-control";
import { ButtonLink } from "@/components/ui/button";
import { KpiCard } from "@/components/scores/kpi-card";
import { ScoreSummary } from "@/components/scores/score-summary";
import { LeverageList } from "@/components/scores/leverage-list";
import { TeamTabs } from "@/components/teams/team-tabs";
import { Callout, EmptyState, PageHeader, PageSection } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/context";
import { asOfParams, resolveAsOf } from "@/lib/scoring/as-of";
import { getTeamDashboard } from "@/lib/data/dashboards";
import { orNotFound } from "@/lib/pages/or-not-found";
import { idSchema } from "@/lib/validations/team";

export const metadata = { title: "Team dashboard · Flowline" };

export default async function TeamDashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; teamId: string }>;
  searchParams: Promise<{ asOf?: string; known?: string }>;
}) {
  const { org, teamId } = await params;
  const ctx = await getPageContext(org);
  if (!idSchema.safeParse(teamId).success) notFound();
  const query = await searchParams;
  const asOf = resolveAsOf(query.asOf, query.known);
  const d = await orNotFound(getTeamDashboard(ctx, teamId, asOf.asOf, asOf.knownAt));
  const slug = ctx.org.slug;
  const path = `/o/${slug}/teams/${teamId}`;
  const groups = (["output", "outcome"] as const).map((kind) => ({
    kind,
    cards: d.cards.filter((c) => c.kind === kind),
  }));
  const stale = d.cards.filter((c) => c.stale);
  return (
    <>
      <Breadcrumb href={`/o/${slug}/teams`}>Teams</Breadcrumb>
      <PageHeader
        title={d.team.name}
        description={asOf.isToday ? "Today" : `As it was on ${asOf.asOf}`}
        actions={
          <div className="flex flex-wrap items-end gap-2">
            <AsOfControl state={asOf} path={path} />
            <ButtonLink
              variant="secondary"
              href={`/o/${slug}/export?${new URLSearchParams(`team=${teamId}&${asOfParams(asOf)}`)}`}
              prefetch={false}
            >
              Export CSV
            </ButtonLink>
          </div>
        }
      />
      <TeamTabs org={slug} teamId={teamId} current="dashboard" />
      {d.cards.length === 0 ? (
        <EmptyState title="This team has no KPIs yet">
          A process owner assigns KPIs to the team on a value stream&apos;s KPI page.
        </EmptyState>
      ) : (
        <div className="space-y-8">
          <ScoreSummary
            result={d.score}
            trend={d.trend}
            explainHref={`/o/${slug}/explain?team=${teamId}&asOf=${asOf.asOf}${asOf.knownThen ? "&known=then" : ""}`}
          />
          {stale.length > 0 && (
            <Callout tone="warning">
              {stale.length} {stale.length === 1 ? "KPI is" : "KPIs are"} stale (no value for the last period):{" "}
              {stale.map((c) => c.key).join(", ")}.
            </Callout>
          )}
          {groups.map(({ kind, cards }) => (
            <PageSection
              key={kind}
              id={kind}
              className="space-y-3"
              title={
                <>
                  {kind === "output" ? "Output KPIs" : "Outcome KPIs"}{" "}
                  <span className="text-sm font-normal text-slate-500">({cards.length})</span>
                </>
              }
            >
              {cards.length === 0 ? (
                <p className="text-sm text-slate-600">
                  {kind === "outcome"
                    ? "No outcome KPI: this team's output can't be judged as value (blind spot)."
                    : "No output KPI."}
                </p>
              ) : (
                <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
                  {cards.map((c) => (
                    <KpiCard
                      key={c.id}
                      org={slug}
                      card={c}
                      canRecord={c.canRecord}
                      asOf={asOf.asOf}
                      asOfIsToday={asOf.isToday}
                    />
                  ))}
                </ul>
              )}
            </PageSection>
          ))}
          <LeverageList org={slug} items={d.leverage} />
        </div>
      )}
    </>
  );
}
