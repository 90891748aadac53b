/** A server-rendered SVG line chart of a KPI's values with its baseline and target: no client JavaScript. */
export function KpiChart({
  points,
  baseline,
  target,
  unit,
  label,
}: {
  points: { period: string; value: number }[];
  baseline: number | null;
  target: number;
  unit: string;
  label: string;
}) {
  if (points.length === 0) {
    return (
      <p className="rounded-md bg-slate-50 px-4 py-10 text-center text-sm text-slate-600">
        No values yet. Record the first one to see the chart.
      </p>
    );
  }
  const width = 720;
  const height = 240;
  const pad = { left: 48, right: 16, top: 16, bottom: 28 };
  const values = [...points.map((p) => p.value), target, ...(baseline === null ? [] : [baseline])];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const span = max - min;
  min -= span * 0.08;
  max += span * 0.08;
  const x = (i: number) =>
    pad.left +
    (points.length === 1
      ? (width - pad.left - pad.right) / 2
      : (i / (points.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const fmt = (v: number) => v.toLocaleString("en", { maximumSignificantDigits: 4 });
  const ticks = [min + (max - min) * 0.1, (min + max) / 2, max - (max - min) * 0.1];
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${points.length} values from ${points[0]!.period} to ${points.at(-1)!.period}; target ${fmt(target)} ${unit}`}
      className="h-auto w-full"
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="stroke-slate-100" />
          <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
            {fmt(t)}
          </text>
        </g>
      ))}
      <line
        x1={pad.left}
        x2={width - pad.right}
        y1={y(target)}
        y2={y(target)}
        className="stroke-emerald-500"
        strokeDasharray="6 4"
        strokeWidth={1.5}
      />
      <text x={width - pad.right} y={y(target) - 4} textAnchor="end" className="fill-emerald-700 text-[10px]">
        target {fmt(target)}
      </text>
      {baseline !== null && (
        <>
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={y(baseline)}
            y2={y(baseline)}
            className="stroke-slate-400"
            strokeDasharray="2 4"
            strokeWidth={1.5}
          />
          <text x={pad.left + 4} y={y(baseline) - 4} className="fill-slate-600 text-[10px]">
            baseline {fmt(baseline)}
          </text>
        </>
      )}
      <path d={path} fill="none" className="stroke-brand-600" strokeWidth={2} />
      {points.map((p, i) => (
        <circle key={p.period} cx={x(i)} cy={y(p.value)} r={points.length > 40 ? 1.5 : 3} className="fill-brand-600">
          <title>{`${p.period}: ${fmt(p.value)} ${unit}`}</title>
        </circle>
      ))}
      {points.map((p, i) =>
        i % labelEvery === 0 ? (
          <text
            key={`l-${p.period}`}
            x={x(i)}
            y={height - 8}
            textAnchor={
              points.length > 1 && i === points.length - 1 ? "end" : i === 0 && points.length > 1 ? "start" : "middle"
            }
            className="fill-slate-500 text-[10px]"
          >
            {p.period.slice(0, 7)}
          </text>
        ) : null,
      )}
    </svg>
  );
}
