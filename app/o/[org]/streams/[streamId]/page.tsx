import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { Badge, Callout, Card, EmptyState, PageHeader, PageSection } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { StageCard, StageFields } from "@/components/streams/stage-card";
import { StreamFields } from "@/components/streams/stream-fields";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { explainBottleneck, formatQuantity } from "@/lib/capacity";
import { orNotFound } from "@/lib/pages/or-not-found";
import { getStream, listStreamOwnerCandidates } from "@/lib/data/streams";
import { listTeams } from "@/lib/data/teams";
import { directionLabels, kpiKindLabels, periodLabels, reviewStatusLabels, streamKindLabels } from "@/lib/labels";
import { idSchema } from "@/lib/validations/team";
import { AsOfControl } from "@/components/scores/as-of-control";
import { ScoreSummary } from "@/components/scores/score-summary";
import { asOfParams, resolveAsOf, todayIso } from "@/lib/scoring/as-of";
import { getStreamScores } from "@/lib/data/dashboards";
import { ActionList } from "@/components/reviews/action-list";
import { ControlsCard } from "@/components/streams/controls-card";
import { listActions } from "@/lib/data/action-items";
import { listControls } from "@/lib/data/controls";
import { listMembers } from "@/lib/data/members";
import { listReviews } from "@/lib/data/reviews";
import { getStreamLinks } from "@/lib/data/value-chain";
import { StreamLinksCard } from "@/components/streams/stream-links-card";
import { ScenariosCard } from "@/components/streams/scenarios-card";
import { listScenarios } from "@/lib/data/scenarios";
import {
  addStageAction,
  archiveStreamAction,
  deleteStreamAction,
  restoreStreamAction,
  updateStreamAction,
} from "../actions";

export default async function StreamPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; streamId: string }>;
  searchParams: Promise<{ asOf?: string; known?: string }>;
}) {
  const { org, streamId } = await params;
  const ctx = await getPageContext(org);
  if (!idSchema.safeParse(streamId).success) notFound();
  const query = await searchParams;
  const asOf = resolveAsOf(query.asOf, query.known);
  const today = todayIso();
  // Several loaders take the stream's id and refuse another organisation's: whichever refuses first
  // must end in the not-found page, so the whole set is mapped, not only getStream.
  const [stream, teams, scores, reviewHistory, streamControls, streamActions, members, links, scenarios] =
    await orNotFound(
      Promise.all([
        getStream(ctx, streamId),
        listTeams(ctx),
        getStreamScores(ctx, streamId, asOf.asOf, asOf.knownAt),
        listReviews(ctx, streamId),
        listControls(ctx, { streamId }, today),
        listActions(ctx, { streamId }, today),
        listMembers(ctx),
        getStreamLinks(ctx, streamId),
        listScenarios(ctx, streamId),
      ]),
    );
  const owners = stream.editable && can(ctx.role, "streams.assign") ? await listStreamOwnerCandidates(ctx) : [];
  const slug = ctx.org.slug;
  const unit = stream.demandUnit ?? "units";
  const period = periodLabels[stream.demandPeriod];
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const a = stream.assessment;
  const bottleneckResource = a.bottleneck?.mainResource?.name.toLowerCase();
  const kpiGroups = (["output", "outcome"] as const).map((kind) => ({
    kind,
    kpis: stream.kpis.filter((k) => k.kind === kind && !k.archivedAt),
  }));
  return (
    <>
      <Breadcrumb href={`/o/${slug}/streams`}>Value streams</Breadcrumb>
      <PageHeader
        title={stream.name}
        description={
          <>
            {streamKindLabels[stream.kind]} · owned by{" "}
            {stream.owner ? (stream.owner.name ?? stream.owner.email) : "nobody"}
            {stream.demandAmount !== null && ` · demand ${formatQuantity(stream.demandAmount)} ${unit}/${period}`}
            {stream.archivedAt && (
              <>
                {" "}
                <Badge tone="amber">Archived</Badge>
              </>
            )}
          </>
        }
        actions={
          stream.editable && (
            <>
              <ActionForm
                action={stream.archivedAt ? restoreStreamAction : archiveStreamAction}
                org={slug}
                hidden={{ streamId: stream.id }}
                className=""
                showSuccess={false}
              >
                <SubmitButton variant="secondary">{stream.archivedAt ? "Restore" : "Archive"}</SubmitButton>
              </ActionForm>
              <ConfirmAction
                action={deleteStreamAction}
                org={slug}
                hidden={{ streamId: stream.id }}
                trigger="Delete"
                title={`Delete ${stream.name}?`}
                confirmLabel="Delete stream"
              >
                Its stages, resources, KPIs and every recorded value are deleted. Archive it instead to keep the
                history.
              </ConfirmAction>
            </>
          )
        }
      />
      {stream.customerNeed && (
        <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-700">
          <span className="font-medium">Customer need:</span> {stream.customerNeed}
        </p>
      )}

      <PageSection id="flow" title="Flow" className="space-y-4">
        {a.bottleneck && (
          <Callout tone={a.bottleneck.shortfall ? "alarm" : "calm"}>
            {explainBottleneck(a, { unit, period, resource: bottleneckResource })}
          </Callout>
        )}
        {stream.stages.length === 0 ? (
          <EmptyState title="No stages yet">
            {stream.editable
              ? "Add the first stage below: what goes in, what comes out, and who does it."
              : "The stream's owner can add stages."}
          </EmptyState>
        ) : (
          <ol className="flex gap-3 overflow-x-auto pb-2" aria-label="Stages, in order">
            {stream.stages.map((stage, i) => (
              <StageCard
                key={stage.id}
                org={slug}
                stage={stage}
                assessment={a.stages[i]!}
                teamName={stage.teamId ? (teamName.get(stage.teamId) ?? null) : null}
                teams={teams}
                unit={unit}
                period={period}
                editable={stream.editable}
                first={i === 0}
                last={i === stream.stages.length - 1}
              />
            ))}
          </ol>
        )}
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[
            ["Expected pace", a.pace === null ? "—" : `${formatQuantity(a.pace)} ${unit}/${period}`],
            [
              "Lead time (Little's law)",
              a.leadTime === null ? "—" : `${a.leadTimePartial ? "≥ " : ""}${formatQuantity(a.leadTime)} ${period}s`,
            ],
            ["Flow efficiency", a.flowEfficiency === null ? "—" : `${formatQuantity(a.flowEfficiency * 100)}%`],
            ["Rolled %C&A", a.rolledPctCA === null ? "—" : `${formatQuantity(a.rolledPctCA * 100)}%`],
          ].map(([label, value]) => (
            <div key={label} className="rounded-lg border border-slate-200 bg-white p-3">
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="text-lg font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </PageSection>

      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <ScenariosCard org={slug} streamId={stream.id} scenarios={scenarios} editable={stream.editable} />
        <StreamLinksCard org={slug} stream={stream} links={links} editable={stream.editable && !stream.archivedAt} />
      </div>

      <PageSection
        id="scores"
        title="Scores"
        actions={<AsOfControl state={asOf} path={`/o/${slug}/streams/${stream.id}`} />}
      >
        {scores.cards.length > 0 ? (
          <ScoreSummary
            result={scores.score}
            trend={scores.trend}
            explainHref={`/o/${slug}/explain?stream=${stream.id}&asOf=${asOf.asOf}${asOf.knownThen ? "&known=then" : ""}`}
          />
        ) : (
          <p className="text-sm text-slate-600">No KPI of this stream has been scored yet.</p>
        )}
      </PageSection>

      <PageSection
        id="kpi"
        title="KPIs"
        actions={
          <div className="flex gap-2">
            <ButtonLink
              variant="secondary"
              href={`/o/${slug}/export?${new URLSearchParams(`stream=${stream.id}&${asOfParams(asOf)}`)}`}
              prefetch={false}
            >
              Export CSV
            </ButtonLink>
            {stream.editable && <ButtonLink href={`/o/${slug}/streams/${stream.id}/kpis/new`}>Add KPI</ButtonLink>}
          </div>
        }
      >
        <div className="grid gap-4 md:grid-cols-2">
          {kpiGroups.map(({ kind, kpis }) => (
            <Card
              key={kind}
              title={`${kpiKindLabels[kind]} KPIs`}
              description={kind === "output" ? "What the stream produces." : "What changes for the customer."}
            >
              {kpis.length === 0 ? (
                <p className="text-sm text-slate-600">
                  {kind === "outcome"
                    ? "No outcome KPI: output can't be judged as value (blind spot)."
                    : "No output KPI yet."}
                </p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {kpis.map((k) => (
                    <li key={k.id} className="flex items-baseline justify-between gap-3 py-2 text-sm">
                      <Link href={`/o/${slug}/kpis/${k.id}`} className="hover:underline">
                        <span className="font-mono text-xs text-slate-500">{k.key}</span>{" "}
                        <span className="font-medium">{k.name}</span>
                      </Link>
                      <span className="shrink-0 text-xs text-slate-500">
                        {directionLabels[k.direction].split(" ")[0]} · target {formatQuantity(k.target)} {k.unit}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ))}
        </div>
      </PageSection>

      <section aria-label="Follow-up" className="mt-8 grid gap-6 lg:grid-cols-2">
        <Card
          title="Reviews"
          description="Periodic reviews of the stream by its process owner."
          actions={
            stream.editable && (
              <ButtonLink href={`/o/${slug}/streams/${stream.id}/reviews/new`}>Run a review</ButtonLink>
            )
          }
        >
          {reviewHistory.length === 0 ? (
            <p className="text-sm text-slate-600">No reviews yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {reviewHistory.map((r) => (
                <li key={r.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <Link href={`/o/${slug}/reviews/${r.id}`} className="font-medium hover:underline">
                    {r.periodStart} – {r.periodEnd}
                  </Link>
                  <span className="text-xs text-slate-600">
                    {reviewStatusLabels[r.status]} · {r.author ?? "—"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Actions">
          <ActionList
            org={slug}
            items={streamActions}
            canChange={(a) => stream.editable || a.ownerId === ctx.user.id}
            empty="No follow-up actions on this stream."
          />
        </Card>
        <div className="lg:col-span-2">
          <ControlsCard
            org={slug}
            streamId={stream.id}
            controls={streamControls}
            editable={stream.editable}
            userId={ctx.user.id}
            members={members}
          />
        </div>
      </section>

      {stream.editable && (
        <section className="mt-8 grid gap-6 lg:grid-cols-2">
          <Card title="Add a stage" description="Stages are added at the end; move them with Earlier and Later.">
            <ActionForm action={addStageAction} org={slug} hidden={{ streamId: stream.id }}>
              <StageFields teams={teams} streamUnit={unit} />
              <SubmitButton pendingLabel="Adding…">Add stage</SubmitButton>
            </ActionForm>
          </Card>
          <Card title="Stream details">
            <ActionForm action={updateStreamAction} org={slug} hidden={{ streamId: stream.id }}>
              <StreamFields owners={owners} defaults={stream} blankOwnerLabel="Keep the current owner" />
              <SubmitButton>Save details</SubmitButton>
            </ActionForm>
          </Card>
        </section>
      )}
    </>
  );
}
