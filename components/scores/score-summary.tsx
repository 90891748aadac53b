import Link from "next/link";
import { QUADRANT_READINGS, type ScoreResult, type TrendPoint } from "@/lib/scoring";
import { QuadrantBadge } from "./badges";
import { TrendChart } from "./charts";
import { percent, score } from "./format";

/** V, O, C, outcome focus and coverage with the quadrant's reading and the trend; every number explainable. */
export function ScoreSummary({
  result,
  trend,
  explainHref,
}: {
  result: ScoreResult;
  trend: TrendPoint[];
  explainHref: string;
}) {
  const tiles = [
    {
      label: "Value score",
      symbol: "V",
      text: score(result.value),
      hint: `α = ${result.settings.outcomeWeight} on outcomes`,
    },
    { label: "Outcome score", symbol: "C", text: score(result.outcome), hint: "What changed for customers" },
    { label: "Output score", symbol: "O", text: score(result.output), hint: "What the work produced" },
    { label: "Outcome focus", symbol: "", text: percent(result.outcomeFocus), hint: "Weight on outcome KPIs" },
    { label: "Coverage", symbol: "", text: percent(result.coverage), hint: "KPIs with fresh data" },
  ];
  return (
    <section aria-label="Scores" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <QuadrantBadge quadrant={result.quadrant} />
        <p className="text-sm text-slate-800">{QUADRANT_READINGS[result.quadrant]}</p>
        <Link href={explainHref} className="ml-auto text-sm font-medium text-brand-600 hover:underline">
          How is this computed?
        </Link>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {tiles.map((t) => (
          <div key={t.label} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-500">
              {t.label} {t.symbol && <span className="font-mono">({t.symbol})</span>}
            </dt>
            <dd>
              <Link
                href={explainHref}
                className="text-2xl font-semibold tabular-nums hover:underline"
                aria-label={`${t.label}: ${t.text}. Explain`}
              >
                {t.text}
              </Link>
              <p className="text-xs text-slate-500">{t.hint}</p>
            </dd>
          </div>
        ))}
      </dl>
      {trend.length > 0 && (
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="mb-2 text-sm font-medium text-slate-800">Value score, last 12 months</h3>
          <TrendChart points={trend} threshold={result.settings.quadrantThreshold} />
        </div>
      )}
    </section>
  );
}
