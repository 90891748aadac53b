import { ChartPoints } from "@/components/charts/chart-points";
import {
  haloText,
  HorizontalLine,
  Legend,
  pct,
  Plot,
  TimeTickLabels,
  ValueGridlines,
  type LegendItem,
} from "@/components/charts/plot";
import type { KpiAnalysisResponse } from "@/lib/analysis/kpi-analysis";
import { stepSegments, targetSteps } from "@/lib/charts/target-steps";
import { timeAxis } from "@/lib/charts/time-axis";
import { valueAxis } from "@/lib/charts/value-axis";
import type { KpiDefinitionVersion } from "@/lib/scoring";

/** XmR centre line and limits, as the KPI's analysis reports them (the chart draws, never computes, them). */
export type ProcessLimits = NonNullable<KpiAnalysisResponse["limits"]>;

/**
 * A KPI's values on a real time axis with the target as it changed (a step on each change's
 * validFrom), the baseline and, when given, the process limits. Server-rendered SVG; only the points
 * (value on hover, focus or tap) are a client leaf.
 */
export function KpiChart({
  points,
  baseline,
  target,
  versions = [],
  limits = null,
  unit,
  label,
}: {
  /** Oldest first; `period` is the first day of the value's period. */
  points: { period: string; value: number }[];
  baseline: number | null;
  /** The current target: used for every date when the KPI has no definition versions. */
  target: number;
  versions?: readonly KpiDefinitionVersion[];
  limits?: ProcessLimits | null;
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
  const first = points[0]!.period;
  // The first definition is drawn from the left edge: values recorded before it (a backfill) are
  // still read against the first target the KPI had.
  const steps = targetSteps(versions, target).map((s, i) => (i === 0 ? { ...s, from: null } : s));
  // A target change planned after the last value widens the axis so the step shows where it falls.
  const laterSteps = steps.flatMap((s) => (s.from !== null && s.from > first ? [s.from] : []));
  const time = timeAxis([...points.map((p) => p.period), ...laterSteps]);
  const segments = stepSegments(steps, time.domain, time.x);
  const value = valueAxis([
    ...points.map((p) => p.value),
    ...segments.map((s) => s.target),
    ...(baseline === null ? [] : [baseline]),
    ...(limits ? [limits.upper, limits.lower] : []),
  ]);
  const fmt = value.format;
  const withUnit = (v: number) => `${fmt(v)}${unit ? ` ${unit}` : ""}`;
  const targetOn = (period: string) =>
    steps.findLast((s) => s.from === null || s.from <= period)?.target ?? steps[0]!.target;
  const at = points.map((p) => ({ ...p, x: time.x(p.period), y: value.y(p.value) }));
  const current = segments.at(-1);
  const limitsX = limits ? Math.max(0, time.x(limits.from)) : 0;
  const changes = steps.filter((s, i) => i > 0 && s.from !== null);

  const legend: LegendItem[] = [
    { swatch: "line", tone: "stroke-brand-600", label: `Values (${unit || "no unit"})` },
    {
      swatch: "dashed",
      tone: "stroke-emerald-600",
      label: changes.length > 0 ? "Target, stepping where it changed" : "Target",
    },
    ...(baseline === null ? [] : [{ swatch: "dotted" as const, tone: "stroke-slate-500", label: "Baseline" }]),
    ...(limits
      ? [
          { swatch: "line" as const, tone: "stroke-violet-500", label: "Centre line (mean)" },
          { swatch: "dashed" as const, tone: "stroke-violet-400", label: "Process limits" },
        ]
      : []),
  ];

  return (
    <figure>
      <p className="text-xs text-slate-600" aria-hidden>
        {unit || "Value"}
      </p>
      <Plot
        overlay={
          <ChartPoints
            label={`${label}: values`}
            points={at.map((p) => ({
              x: p.x,
              y: p.y,
              label: `${p.period}: ${withUnit(p.value)} (target ${fmt(targetOn(p.period))})`,
            }))}
          />
        }
      >
        <ValueGridlines ticks={value.ticks} />
        <TimeTickLabels ticks={time.ticks} />
        {limits && (
          <g className="stroke-violet-400" strokeWidth={1.5}>
            <HorizontalLine from={limitsX} y={value.y(limits.mean)} className="stroke-violet-500" />
            {[limits.upper, limits.lower].map((l, i) => (
              <HorizontalLine key={i} from={limitsX} y={value.y(l)} strokeDasharray="6 4" />
            ))}
          </g>
        )}
        {baseline !== null && (
          <g>
            <HorizontalLine y={value.y(baseline)} strokeDasharray="2 4" strokeWidth={2} className="stroke-slate-500" />
            <text x={12} y={pct(value.y(baseline))} dy="-0.45em" className={`fill-slate-700 ${haloText}`}>
              Baseline {fmt(baseline)}
            </text>
          </g>
        )}
        <g className="stroke-emerald-600" strokeWidth={2} strokeDasharray="6 4">
          {segments.map((s, i) => (
            <g key={i}>
              <line x1={pct(s.x1)} x2={pct(s.x2)} y1={pct(value.y(s.target))} y2={pct(value.y(s.target))} />
              {i > 0 && (
                <line
                  x1={pct(s.x1)}
                  x2={pct(s.x1)}
                  y1={pct(value.y(segments[i - 1]!.target))}
                  y2={pct(value.y(s.target))}
                />
              )}
            </g>
          ))}
        </g>
        {current && (
          <text
            x="100%"
            dx={-12}
            y={pct(value.y(current.target))}
            dy="-0.45em"
            textAnchor="end"
            className={`fill-emerald-800 font-medium ${haloText}`}
          >
            Target {fmt(current.target)}
          </text>
        )}
        <g className="stroke-brand-600" strokeWidth={2}>
          {at.slice(1).map((p, i) => (
            <line key={p.period} x1={pct(at[i]!.x)} y1={pct(at[i]!.y)} x2={pct(p.x)} y2={pct(p.y)} />
          ))}
        </g>
      </Plot>
      <Legend items={legend} label={`Legend of the ${label} chart`} />
      <figcaption className="sr-only">
        {`${label}: ${points.length} ${points.length === 1 ? "value" : "values"} from ${first} to ${points.at(-1)!.period}, the latest ${withUnit(points.at(-1)!.value)}. `}
        {changes.length === 0
          ? `Target ${withUnit(steps[0]!.target)}.`
          : `Target ${withUnit(steps[0]!.target)}, then ${changes.map((c) => `${withUnit(c.target)} from ${c.from}`).join(", ")}.`}
        {baseline !== null && ` Baseline ${withUnit(baseline)}.`}
        {limits && ` Process limits ${fmt(limits.lower)} to ${fmt(limits.upper)} around ${fmt(limits.mean)}.`}
      </figcaption>
      {/* A table ignores sr-only's 1 px width: the wrapper hides it without widening the page. */}
      <div className="sr-only">
        <table>
          <caption>{`${label}: values and the target in force`}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Value</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.period}>
                <td>{p.period}</td>
                <td>{withUnit(p.value)}</td>
                <td>{withUnit(targetOn(p.period))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
