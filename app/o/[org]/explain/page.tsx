import { Table } from "@/components/ui/table";
import { notFound } from "next/navigation";
import { AsOfControl } from "@/components/scores/as-of-control";
import { QuadrantBadge } from "@/components/scores/badges";
import { score, value } from "@/components/scores/format";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/context";
import { resolveAsOf } from "@/lib/scoring/as-of";
import { getExplanation } from "@/lib/data/dashboards";
import { orNotFound } from "@/lib/pages/or-not-found";
import type { TermExplanation } from "@/lib/scoring";
import { idSchema } from "@/lib/validations/team";
import { possessive } from "@/lib/plural";

export const metadata = { title: "How the scores are computed · Flowline" };

type Formulas = Awaited<ReturnType<typeof getExplanation>>["formulas"];

/** A formula KPI's value as its division: the latest period on or before the as-of date that has one. */
function FormulaDivision({ formula, asOf }: { formula: NonNullable<ReturnType<Formulas["get"]>>; asOf: string }) {
  const latest = formula.periods.findLast((p) => p.period <= asOf && p.value !== null);
  if (!latest) return null;
  return (
    <span className="block font-mono text-[11px] text-slate-500">
      = {formula.numeratorKey} ÷ {formula.denominatorKey} = {value(latest.numerator!)} ÷ {value(latest.denominator!)} (
      {latest.period})
    </span>
  );
}

function Term({ term, formulas, asOf }: { term: TermExplanation; formulas: Formulas; asOf: string }) {
  const name = term.kind === "output" ? "Output score" : "Outcome score";
  return (
    <Card
      title={`${name} (${term.symbol}) = ${score(term.score)}`}
      description={<span className="font-mono text-xs">{term.formula}</span>}
    >
      {term.rows.length === 0 ? (
        <p className="text-sm text-slate-600">
          No {term.kind} KPI has data as of this date, so {term.symbol} is not defined.
        </p>
      ) : (
        <Table
          minWidth="44rem"
          columns={["KPI", "Value v", "Baseline b", "Target t", "Attainment a", "Weight w", "w·a"]}
          footer={
            <tr>
              <td className="px-5 py-2" colSpan={5}>
                Sums
              </td>
              <td className="px-5 py-2 tabular-nums">Σw = {value(term.sumWeights)}</td>
              <td className="px-5 py-2 tabular-nums">Σw·a = {score(term.sumWeighted)}</td>
            </tr>
          }
        >
          {term.rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="px-5 py-2">
                <span className="font-mono text-xs text-slate-500">{r.key}</span> {r.name}
              </td>
              <td className="px-5 py-2 tabular-nums">
                {value(r.value)}
                {formulas.has(r.id) && <FormulaDivision formula={formulas.get(r.id)!} asOf={asOf} />}
              </td>
              <td className="px-5 py-2 tabular-nums">{value(r.baseline)}</td>
              <td className="px-5 py-2 tabular-nums">{value(r.target)}</td>
              <td className="px-5 py-2 tabular-nums">
                {score(r.attainment)}
                <span className="block font-mono text-[11px] text-slate-500">{r.attainmentFormula}</span>
              </td>
              <td className="px-5 py-2 tabular-nums">{r.weight}</td>
              <td className="px-5 py-2 tabular-nums">{score(r.weighted)}</td>
            </tr>
          ))}
        </Table>
      )}
      {term.withoutData.length > 0 && (
        <p className="mt-3 text-xs text-slate-600">
          Not counted (no data as of this date): {term.withoutData.map((k) => `${k.key} ${k.name}`).join(", ")}.
        </p>
      )}
    </Card>
  );
}

export default async function ExplainPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ team?: string; stream?: string; asOf?: string; known?: string }>;
}) {
  const ctx = await getPageContext((await params).org);
  const search = await searchParams;
  for (const id of [search.team, search.stream]) if (id !== undefined && !idSchema.safeParse(id).success) notFound();
  const asOf = resolveAsOf(search.asOf, search.known);
  const {
    label,
    explanation: e,
    formulas,
  } = await orNotFound(getExplanation(ctx, { teamId: search.team, streamId: search.stream }, asOf.asOf, asOf.knownAt));
  return (
    <>
      <PageHeader
        title={`How ${possessive(label)} scores are computed`}
        description={`As of ${e.asOf}. Each KPI's attainment a is how far its current value v has moved from the baseline b toward the target t, between 0 and 1.`}
        actions={
          <AsOfControl
            state={asOf}
            path={`/o/${ctx.org.slug}/explain`}
            keep={{ team: search.team, stream: search.stream }}
          />
        }
      />
      <div className="space-y-6">
        <Card
          title={`Value score (V) = ${score(e.value.score)}`}
          description={<span className="font-mono text-xs">{e.value.formula}</span>}
        >
          <p className="text-sm text-slate-700">
            α = {e.value.outcomeWeight} is the organisation&apos;s outcome weight: outcomes count{" "}
            {Math.round(e.value.outcomeWeight * 100)}% because output alone is not value.
          </p>
        </Card>
        <Term term={e.outcome} formulas={formulas} asOf={e.asOf} />
        <Term term={e.output} formulas={formulas} asOf={e.asOf} />
        <Card title="Quadrant" description={`Threshold θ = ${e.quadrant.threshold}`}>
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <QuadrantBadge quadrant={e.quadrant.quadrant} /> {e.quadrant.reason}
          </p>
          <p className="mt-2 text-sm text-slate-700">{e.quadrant.reading}</p>
        </Card>
        <div className="grid gap-6 md:grid-cols-2">
          <Card title="Outcome focus" description={<span className="font-mono text-xs">{e.outcomeFocus.formula}</span>}>
            <p className="text-sm text-slate-700">The share of KPI weight on outcomes.</p>
          </Card>
          <Card title="Coverage" description={<span className="font-mono text-xs">{e.coverage.formula}</span>}>
            <p className="text-sm text-slate-700">
              The share of KPIs with data that is not stale.
              {e.coverage.stale.length > 0 &&
                ` Stale or without data: ${e.coverage.stale.map((k) => k.key).join(", ")}.`}
            </p>
          </Card>
        </div>
        <Card title={asOf.knownThen ? "As known then" : "As known now"}>
          <p className="mb-2 text-sm text-slate-700">
            Flowline keeps two dates for every fact. Its <em>valid time</em> is the date it applies to: the period a
            value is for, the day a new target starts. Its <em>knowledge time</em> is when Flowline learned it: nothing
            is overwritten, so a value backfilled or corrected later, or a cadence changed later, never changes what was
            known before.
          </p>
          <p className="text-sm text-slate-700">
            Every KPI is scored with its definition as it applied on {e.asOf} (target, baseline, weight, kind and team
            change from the date they apply).{" "}
            {asOf.knownThen
              ? `Only what Flowline had recorded by the end of ${e.asOf} counts: this is the page as anyone saw it that day.`
              : `What Flowline knows now counts, including values recorded or corrected after ${e.asOf}; choose “as known then” to see the page as it was that day.`}
          </p>
        </Card>
      </div>
    </>
  );
}
