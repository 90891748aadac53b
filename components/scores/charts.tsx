import { ChartPoints } from "@/components/charts/chart-points";
import { haloText, HorizontalLine, Legend, pct, Plot, TimeTickLabels, ValueGridlines } from "@/components/charts/plot";
import { timeAxis } from "@/lib/charts/time-axis";
import { valueAxis } from "@/lib/charts/value-axis";
import type { TrendPoint } from "@/lib/scoring";

/**
 * A tiny line of recent values (no axes: the card's figures and the KPI page have the numbers),
 * spaced by date so a gap in recording shows as a gap. Fixed pixel size, so nothing scales.
 */
export function Sparkline({ points, label }: { points: { period: string; value: number }[]; label: string }) {
  if (points.length < 2)
    return <span className="text-xs text-slate-500">{points.length === 1 ? "one value" : "no values"}</span>;
  const w = 120;
  const h = 32;
  const time = timeAxis(points.map((p) => p.period));
  const value = valueAxis(points.map((p) => p.value));
  const d = points
    .map((p, i) => {
      const x = 2 + (time.x(p.period) / 100) * (w - 4);
      const y = 3 + (value.y(p.value) / 100) * (h - 6);
      return `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      role="img"
      aria-label={`${label}: last ${points.length} values, from ${points[0]!.value} on ${points[0]!.period} to ${points.at(-1)!.value} on ${points.at(-1)!.period}`}
    >
      <path d={d} fill="none" strokeWidth={1.75} className="stroke-brand-600" />
    </svg>
  );
}

const scoreText = (v: number) => v.toFixed(2);

/**
 * The value score V over the trend's dates (DESIGN "Trend": the last day of each of the 11 months
 * before D, then D) on a time axis, against the quadrant threshold θ.
 */
export function TrendChart({ points, threshold }: { points: TrendPoint[]; threshold: number }) {
  const time = timeAxis(points.map((p) => p.asOf));
  const value = valueAxis([], { fixed: [0, 1], count: 5 });
  const placed = points.flatMap((p) => (p.value === null ? [] : [{ ...p, value: p.value }]));
  const missing = points.length - placed.length;
  // The line breaks where a date has no score rather than bridging it.
  const segments = points.slice(1).flatMap((p, i) => {
    const before = points[i]!;
    return p.value === null || before.value === null ? [] : [{ from: before, to: p }];
  });
  return (
    <figure>
      <p className="text-xs text-slate-600" aria-hidden>
        Value score (V, 0 to 1)
      </p>
      <Plot
        className="h-40"
        gutter="ml-9 mr-3"
        overlay={
          <ChartPoints
            label="Value score by date"
            points={placed.map((p) => ({
              x: time.x(p.asOf),
              y: value.y(p.value),
              tone: p.value >= threshold ? "brand" : "slate",
              label: `${p.asOf}: V = ${scoreText(p.value)}${p.value >= threshold ? "" : ` (below ${threshold})`}`,
            }))}
          />
        }
      >
        <ValueGridlines ticks={value.ticks} />
        <TimeTickLabels ticks={time.ticks} />
        <HorizontalLine y={value.y(threshold)} strokeDasharray="6 4" strokeWidth={1.5} className="stroke-amber-600" />
        <g className="stroke-brand-600" strokeWidth={2}>
          {segments.map(({ from, to }) => (
            <line
              key={to.asOf}
              x1={pct(time.x(from.asOf))}
              y1={pct(value.y(from.value!))}
              x2={pct(time.x(to.asOf))}
              y2={pct(value.y(to.value!))}
            />
          ))}
        </g>
      </Plot>
      <Legend
        label="Legend of the value score trend"
        items={[
          { swatch: "line", tone: "stroke-brand-600", label: "Value score over time" },
          { swatch: "dot", tone: "fill-brand-600", label: `At or above the quadrant threshold` },
          { swatch: "dot", tone: "fill-slate-500", label: "Below it" },
          { swatch: "dashed", tone: "stroke-amber-600", label: `Quadrant threshold θ = ${threshold}` },
        ]}
      />
      {missing > 0 && (
        <p className="mt-1 text-xs text-slate-600">
          {missing} of {points.length} dates have no score (no KPI had data then): the line breaks there.
        </p>
      )}
      <figcaption className="sr-only">
        {`Value score on ${points.length} dates from ${points[0]?.asOf} to ${points.at(-1)?.asOf}: `}
        {points.map((p) => `${p.asOf} ${p.value === null ? "no score" : scoreText(p.value)}`).join("; ")}
        {`. Quadrant threshold ${threshold}.`}
      </figcaption>
    </figure>
  );
}

interface QuadrantTeam {
  name: string;
  output: number | null;
  outcome: number | null;
}

/** Why a team has no place in the plot, in words (DESIGN 5: blind spot = no outcome data). */
function unplacedReason(t: QuadrantTeam): string {
  if (t.output === null && t.outcome === null) return "no data yet";
  if (t.outcome === null) return `blind spot: output ${scoreText(t.output!)}, but no outcome KPI has data`;
  return `outcome ${scoreText(t.outcome)}, but no output KPI has data`;
}

const corners = [
  { label: "creating value", x: "100%", y: "0", anchor: "end", dx: -6, dy: "1.3em", tone: "fill-emerald-700" },
  { label: "outcome at risk", x: "0", y: "0", anchor: "start", dx: 6, dy: "1.3em", tone: "fill-sky-700" },
  { label: "output trap", x: "100%", y: "100%", anchor: "end", dx: -6, dy: "-0.6em", tone: "fill-amber-700" },
  { label: "stalled", x: "0", y: "100%", anchor: "start", dx: 6, dy: "-0.6em", tone: "fill-red-700" },
] as const;

/**
 * Teams placed by output score (x) and outcome score (y), with the quadrant threshold. Points are
 * numbered and the names listed beside, so no name is clipped at any width; teams without both
 * scores are listed under the plot with the reason.
 */
export function QuadrantChart({ teams, threshold }: { teams: QuadrantTeam[]; threshold: number }) {
  const axis = valueAxis([], { fixed: [0, 1], count: 2 });
  const placed = teams.flatMap((t) =>
    t.output !== null && t.outcome !== null ? [{ ...t, output: t.output, outcome: t.outcome }] : [],
  );
  const unplaced = teams.filter((t) => t.output === null || t.outcome === null);
  const x = (v: number) => 100 - axis.y(v);
  return (
    <figure className="space-y-3">
      <div className="mx-auto max-w-xs">
        <p className="text-xs text-slate-600" aria-hidden>
          Outcome score (C) ↑
        </p>
        <Plot
          className="aspect-square"
          gutter="ml-8 mr-2"
          overlay={
            <ChartPoints
              label="Teams by output and outcome score"
              points={placed.map((t, i) => ({
                x: x(t.output),
                y: axis.y(t.outcome),
                mark: String(i + 1),
                label: `${i + 1}. ${t.name}: output ${scoreText(t.output)}, outcome ${scoreText(t.outcome)}`,
              }))}
            />
          }
        >
          <rect x="0" y="0" width="100%" height="100%" className="fill-white stroke-slate-300" />
          {axis.ticks.map((t) => (
            <g key={t.value}>
              <text x={-6} y={pct(t.y)} dy="0.32em" textAnchor="end" className="fill-slate-600 tabular-nums">
                {t.label}
              </text>
              <text
                x={pct(x(t.value))}
                y="100%"
                dy="1.4em"
                textAnchor={t.value === 0 ? "start" : t.value === 1 ? "end" : "middle"}
                className="fill-slate-600 tabular-nums"
              >
                {t.label}
              </text>
            </g>
          ))}
          <g strokeDasharray="6 4" strokeWidth={1.5} className="stroke-amber-600">
            <line x1={pct(x(threshold))} x2={pct(x(threshold))} y1="0" y2="100%" />
            <line x1="0" x2="100%" y1={pct(axis.y(threshold))} y2={pct(axis.y(threshold))} />
          </g>
          {corners.map((c) => (
            <text
              key={c.label}
              x={c.x}
              y={c.y}
              dx={c.dx}
              dy={c.dy}
              textAnchor={c.anchor}
              className={`${c.tone} ${haloText}`}
            >
              {c.label}
            </text>
          ))}
        </Plot>
        <p className="-mt-1 text-right text-xs text-slate-600" aria-hidden>
          Output score (O) →
        </p>
      </div>
      <Legend
        label="Legend of the quadrant chart"
        items={[
          { swatch: "dot", tone: "fill-brand-600", label: "A team, numbered as in the list" },
          { swatch: "dashed", tone: "stroke-amber-600", label: `Quadrant threshold θ = ${threshold}` },
        ]}
      />
      {placed.length > 0 && (
        <ol className="space-y-1 text-sm">
          {placed.map((t, i) => (
            <li key={t.name} className="flex items-baseline gap-2">
              <span className="flex size-5 shrink-0 items-center justify-center rounded-full bg-brand-600 text-[11px] font-semibold text-white">
                {i + 1}
              </span>
              <span className="min-w-0 break-words">{t.name}</span>
              <span className="ml-auto shrink-0 text-xs text-slate-600 tabular-nums">
                O {scoreText(t.output)} · C {scoreText(t.outcome)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {unplaced.length > 0 && (
        <div className="text-sm">
          <p className="font-medium text-slate-800">Not in the plot</p>
          <ul className="mt-1 space-y-1 text-slate-700">
            {unplaced.map((t) => (
              <li key={t.name}>
                <span className="font-medium">{t.name}</span>: {unplacedReason(t)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {teams.length === 0 && <p className="text-sm text-slate-600">No teams to place yet.</p>}
    </figure>
  );
}
