import { Table } from "@/components/ui/table";
import Link from "next/link";
import { AsOfControl } from "@/components/scores/as-of-control";
import { QuadrantBadge, StatusBadge } from "@/components/scores/badges";
import { QuadrantChart } from "@/components/scores/charts";
import { percent, score, value } from "@/components/scores/format";
import { Card, EmptyState, PageHeader, PageSection } from "@/components/ui/card";
import { Pagination, paginate } from "@/components/ui/pagination";
import { getPageContext } from "@/lib/auth/context";
import { resolveAsOf } from "@/lib/scoring/as-of";
import { filterKpis, readFilters, sortTeams } from "@/lib/scoring/cross-team";
import { kpiKindLabels, reviewStatusLabels } from "@/lib/labels";
import { withParams } from "@/lib/url";
import { getReview } from "@/lib/data/dashboards";
import { counted } from "@/lib/plural";

export const metadata = { title: "Cross-team review · Flowline" };

type Search = Record<string, string | undefined>;

export default async function ReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Search>;
}) {
  const ctx = await getPageContext((await params).org);
  const search = await searchParams;
  const asOf = resolveAsOf(search.asOf, search.known);
  const filters = readFilters(search);
  const review = await getReview(ctx, asOf.asOf, asOf.knownAt);
  const slug = ctx.org.slug;
  const path = `/o/${slug}/cross-team`;
  const teams = sortTeams(review.teams, filters);
  const streams = [...new Map(review.kpis.map((k) => [k.meta.streamId, k.meta.streamName])).entries()].sort((a, b) =>
    a[1].localeCompare(b[1]),
  );
  const kpis = filterKpis(review.kpis, filters);
  const page = paginate(kpis, search.page, 50);
  const offTrack = review.kpis.filter((k) => k.status === "off_track");
  const stale = review.kpis.filter((k) => k.stale);
  const asOfParam = asOf.isToday ? undefined : asOf.asOf;
  const teamHref = (id: string | null) =>
    id ? `/o/${slug}/teams/${id}${asOfParam ? `?asOf=${asOfParam}` : ""}` : undefined;
  const sortLink = (column: typeof filters.sort, label: string) => {
    const active = filters.sort === column;
    const dir = active && filters.dir === "desc" ? "asc" : "desc";
    return (
      <Link
        href={`${path}${withParams(search, { sort: column, dir, page: undefined })}`}
        className="inline-flex items-center gap-1 hover:text-slate-900"
        aria-label={`Sort by ${label}${active ? `, now ${filters.dir === "desc" ? "descending" : "ascending"}` : ""}`}
      >
        {label}
        {active && <span aria-hidden="true">{filters.dir === "desc" ? "↓" : "↑"}</span>}
      </Link>
    );
  };
  if (review.kpis.length === 0) {
    return (
      <>
        <PageHeader title="Cross-team review" />
        <EmptyState title="No KPIs to review yet">
          Create a value stream with KPIs, assign them to teams and record values.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Cross-team review"
        description={
          asOf.isToday
            ? "Every team's scores side by side, today."
            : `Every team's scores as they were on ${asOf.asOf}.`
        }
        actions={
          <AsOfControl
            state={asOf}
            path={path}
            keep={{
              stream: filters.stream,
              kind: filters.kind,
              status: filters.status,
              stale: filters.stale ? "1" : undefined,
              sort: search.sort,
              dir: search.dir,
            }}
          />
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[1fr_20rem]">
        <Card title="Teams">
          <Table
            bleed="xy"
            minWidth="44rem"
            columns={[
              { key: "name", label: sortLink("name", "Team") },
              "Quadrant",
              ...(["value", "outcome", "output", "focus", "coverage"] as const).map((c) => ({
                key: c,
                label: sortLink(
                  c,
                  { value: "Value", outcome: "Outcome", output: "Output", focus: "Focus", coverage: "Coverage" }[c],
                ),
                align: "right" as const,
              })),
            ]}
          >
            {teams.map((t) => (
              <tr key={t.teamId ?? "none"}>
                <td className="px-5 py-2 font-medium">
                  {t.teamId ? (
                    <Link href={teamHref(t.teamId)!} className="hover:underline">
                      {t.teamName}
                    </Link>
                  ) : (
                    t.teamName
                  )}
                </td>
                <td className="px-5 py-2">
                  <QuadrantBadge quadrant={t.score.quadrant} />
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{score(t.score.value)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{score(t.score.outcome)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{score(t.score.output)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{percent(t.score.outcomeFocus)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{percent(t.score.coverage)}</td>
              </tr>
            ))}
          </Table>
        </Card>
        <Card title="Quadrants">
          <QuadrantChart
            teams={review.teams.map((t) => ({ name: t.teamName, output: t.score.output, outcome: t.score.outcome }))}
            threshold={review.settings.quadrantThreshold}
          />
        </Card>
      </div>

      <PageSection id="kpis" title="KPIs across teams" className="mt-8 space-y-3">
        <form
          method="get"
          action={path}
          className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
          aria-label="Filter KPIs"
        >
          {asOfParam && <input type="hidden" name="asOf" value={asOfParam} />}
          {search.sort && <input type="hidden" name="sort" value={search.sort} />}
          {search.dir && <input type="hidden" name="dir" value={search.dir} />}
          <FilterSelect
            label="Stream"
            name="stream"
            value={filters.stream}
            options={[["", "All streams"], ...streams]}
          />
          <FilterSelect
            label="Kind"
            name="kind"
            value={filters.kind}
            options={[["", "Both"], ...Object.entries(kpiKindLabels)]}
          />
          <FilterSelect
            label="Status"
            name="status"
            value={filters.status}
            options={[["", "Any"], ...Object.entries(reviewStatusLabels), ["no_data", "No data"]]}
          />
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="stale" value="1" defaultChecked={filters.stale} /> Stale only
          </label>
          <button
            type="submit"
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
          >
            Apply filters
          </button>
          <Link
            href={`${path}${withParams({ asOf: asOfParam }, {})}`}
            className="pb-1.5 text-sm text-brand-600 hover:underline"
          >
            Clear
          </Link>
        </form>
        <Card title={`${kpis.length} of ${counted(review.kpis.length, "KPI")}`}>
          {kpis.length === 0 ? (
            <p className="text-sm text-slate-600">No KPI matches these filters.</p>
          ) : (
            <>
              <Table
                minWidth="48rem"
                columns={["KPI", "Team", "Stream", "Kind", "Value", "Target", "Attainment", "Status"]}
              >
                {page.items.map((k) => (
                  <tr key={k.id}>
                    <td className="px-5 py-2">
                      <Link href={`/o/${slug}/kpis/${k.id}`} className="hover:underline">
                        <span className="font-mono text-xs text-slate-500">{k.key}</span> {k.name}
                      </Link>
                    </td>
                    <td className="px-5 py-2">
                      {k.meta.teamId ? (
                        <Link href={teamHref(k.meta.teamId)!} className="hover:underline">
                          {k.meta.teamName}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="px-5 py-2">{k.meta.streamName}</td>
                    <td className="px-5 py-2">{kpiKindLabels[k.kind]}</td>
                    <td className="px-5 py-2 tabular-nums">
                      {value(k.value)} {k.meta.unit}
                    </td>
                    <td className="px-5 py-2 tabular-nums">{value(k.target)}</td>
                    <td className="px-5 py-2 tabular-nums">{score(k.attainment)}</td>
                    <td className="px-5 py-2">
                      <StatusBadge status={k.status} stale={k.stale} />
                    </td>
                  </tr>
                ))}
              </Table>
              <Pagination page={page} href={(p) => `${path}${withParams(search, { page: String(p) })}`} />
            </>
          )}
        </Card>
      </PageSection>

      <div className="mt-8 grid gap-6 md:grid-cols-2">
        <Card title={`Off track (${offTrack.length})`}>
          <KpiList
            org={slug}
            items={offTrack}
            empty="No KPI is off track."
            more={`${path}${withParams({ asOf: asOfParam }, { status: "off_track" })}#kpis-heading`}
          />
        </Card>
        <Card title={`Stale (${stale.length})`} description="No value for the last period.">
          <KpiList
            org={slug}
            items={stale}
            empty="Every KPI is up to date."
            more={`${path}${withParams({ asOf: asOfParam }, { stale: "1" })}#kpis-heading`}
          />
        </Card>
      </div>
    </>
  );
}

/** One filter of the KPI list: a labelled select whose first option (value "") means no filter. */
function FilterSelect({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly (readonly [value: string, label: string])[];
}) {
  return (
    <label className="text-xs font-medium text-slate-600">
      {label}
      <select
        name={name}
        defaultValue={value ?? ""}
        className="mt-0.5 block rounded-md border-0 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
      >
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}

const LIST_LIMIT = 20;

/** The first few of a list, with a link to the filtered table for the rest: a page stays light at any size. */
function KpiList({
  org,
  items,
  empty,
  more,
}: {
  org: string;
  items: { id: string; key: string; name: string; meta: { teamName: string | null } }[];
  empty: string;
  more: string;
}) {
  if (items.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <>
      <ul className="divide-y divide-slate-100 text-sm">
        {items.slice(0, LIST_LIMIT).map((k) => (
          <li key={k.id} className="flex justify-between gap-3 py-1.5">
            <Link href={`/o/${org}/kpis/${k.id}`} className="hover:underline">
              <span className="font-mono text-xs text-slate-500">{k.key}</span> {k.name}
            </Link>
            <span className="shrink-0 text-slate-500">{k.meta.teamName ?? "No team"}</span>
          </li>
        ))}
      </ul>
      {items.length > LIST_LIMIT && (
        <Link href={more} className="mt-2 inline-block text-sm font-medium text-brand-600 hover:underline">
          All {items.length} in the table above
        </Link>
      )}
    </>
  );
}
