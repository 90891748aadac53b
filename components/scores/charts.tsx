import type { TrendPoint } from "@/lib/scoring";

/** A tiny line of recent values (no axes): the shape matters, the table has the numbers. */
export function Sparkline({ points, label }: { points: { period: string; value: number }[]; label: string }) {
  if (points.length < 2)
    return <span className="text-xs text-slate-400">{points.length === 1 ? "one value" : "no values"}</span>;
  const w = 120;
  const h = 32;
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const y = (v: number) => (max === min ? h / 2 : h - 3 - ((v - min) / (max - min)) * (h - 6));
  const d = points
    .map((p, i) => `${i ? "L" : "M"}${((i / (points.length - 1)) * (w - 4) + 2).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(" ");
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      role="img"
      aria-label={`${label}: last ${points.length} values, from ${points[0]!.value} to ${points.at(-1)!.value}`}
    >
      <path d={d} fill="none" strokeWidth={1.75} className="stroke-brand-600" />
    </svg>
  );
}

/** The value score over the last 12 months as bars (0 to 1), with a line at the quadrant threshold. */
export function TrendChart({ points, threshold }: { points: TrendPoint[]; threshold: number }) {
  // Wide and low: it reads as a strip beside the figures, not a poster.
  const w = 960;
  const h = 110;
  const bw = w / points.length;
  const described = points.map((p) => `${p.asOf}: ${p.value === null ? "no data" : p.value.toFixed(2)}`).join("; ");
  return (
    <svg
      viewBox={`0 0 ${w} ${h + 18}`}
      className="h-auto w-full"
      role="img"
      aria-label={`Value score trend. ${described}`}
    >
      <line
        x1={0}
        x2={w}
        y1={h - threshold * h}
        y2={h - threshold * h}
        strokeDasharray="4 4"
        className="stroke-slate-300"
      />
      {points.map((p, i) => (
        <g key={p.asOf}>
          {p.value !== null && (
            <rect
              x={i * bw + 8}
              y={h - p.value * h}
              width={bw - 16}
              height={Math.max(1, p.value * h)}
              rx={2}
              className={p.value >= threshold ? "fill-brand-500" : "fill-slate-300"}
            >
              <title>{`${p.asOf}: V = ${p.value.toFixed(2)}`}</title>
            </rect>
          )}
          <text x={i * bw + bw / 2} y={h + 14} textAnchor="middle" className="fill-slate-500 text-[12px]">
            {i === points.length - 1 ? "as of" : p.asOf.slice(2, 7)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Teams placed by output score (x) and outcome score (y), with the quadrant threshold drawn. */
export function QuadrantChart({
  teams,
  threshold,
}: {
  teams: { name: string; output: number | null; outcome: number | null }[];
  threshold: number;
}) {
  const s = 280;
  const pad = 28;
  const pos = (v: number) => pad + v * (s - 2 * pad);
  const placed = teams.filter((t) => t.output !== null || t.outcome !== null);
  return (
    <svg
      viewBox={`0 0 ${s} ${s}`}
      className="h-auto w-full max-w-sm"
      role="img"
      aria-label={`Quadrant chart: ${placed.map((t) => `${t.name} output ${t.output?.toFixed(2) ?? "none"}, outcome ${t.outcome?.toFixed(2) ?? "none"}`).join("; ")}`}
    >
      <rect x={pad} y={pad} width={s - 2 * pad} height={s - 2 * pad} className="fill-white stroke-slate-200" />
      <line
        x1={pos(threshold)}
        x2={pos(threshold)}
        y1={pad}
        y2={s - pad}
        strokeDasharray="4 4"
        className="stroke-slate-300"
      />
      <line
        x1={pad}
        x2={s - pad}
        y1={s - pos(threshold)}
        y2={s - pos(threshold)}
        strokeDasharray="4 4"
        className="stroke-slate-300"
      />
      <text x={s - pad - 4} y={pad + 12} textAnchor="end" className="fill-emerald-700 text-[9px]">
        creating value
      </text>
      <text x={s - pad - 4} y={s - pad - 6} textAnchor="end" className="fill-amber-700 text-[9px]">
        output trap
      </text>
      <text x={pad + 4} y={pad + 12} className="fill-sky-700 text-[9px]">
        outcome at risk
      </text>
      <text x={pad + 4} y={s - pad - 6} className="fill-red-700 text-[9px]">
        stalled
      </text>
      <text x={s / 2} y={s - 6} textAnchor="middle" className="fill-slate-500 text-[10px]">
        Output score →
      </text>
      <text
        x={10}
        y={s / 2}
        textAnchor="middle"
        transform={`rotate(-90 10 ${s / 2})`}
        className="fill-slate-500 text-[10px]"
      >
        Outcome score →
      </text>
      {placed.map((t) => (
        <g key={t.name}>
          <circle
            cx={pos(t.output ?? 0)}
            cy={s - pos(t.outcome ?? 0)}
            r={5}
            className={t.outcome === null ? "fill-violet-500" : "fill-brand-600"}
          >
            <title>{`${t.name}: O ${t.output?.toFixed(2) ?? "—"}, C ${t.outcome?.toFixed(2) ?? "—"}`}</title>
          </circle>
          <text x={pos(t.output ?? 0) + 7} y={s - pos(t.outcome ?? 0) + 3} className="fill-slate-700 text-[9px]">
            {t.name}
          </text>
        </g>
      ))}
    </svg>
  );
}
