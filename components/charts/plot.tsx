import type { ReactNode, SVGProps } from "react";
import type { TimeTick } from "@/lib/charts/time-axis";
import type { ValueTick } from "@/lib/charts/value-axis";

/** A length in percent of the plot, as SVG takes it. */
export const pct = (n: number) => `${Number(n.toFixed(3))}%`;

/**
 * The plot area of a chart. The SVG has no viewBox: its coordinates are percentages of the box and
 * its text is page text, so lines stretch to any width while labels stay at the page's 12 px (a
 * scaled viewBox shrank them to ~4 px on a phone). The gutters hold the axis labels; `overlay`
 * (the points) sits over the same box in the same percent coordinates.
 */
export function Plot({
  children,
  overlay,
  className = "h-56 sm:h-64",
  gutter = "ml-12 mr-3",
}: {
  children: ReactNode;
  overlay?: ReactNode;
  className?: string;
  gutter?: string;
}) {
  return (
    <div className={`relative mt-3 mb-7 ${gutter} ${className}`}>
      <svg aria-hidden className="absolute inset-0 h-full w-full overflow-visible text-xs">
        {children}
      </svg>
      {overlay}
    </div>
  );
}

/** Text drawn over lines inside the plot: a white halo keeps it legible where a line crosses it. */
/** A horizontal line across the plot at `y`, from `from` to the right edge (both in percent of the plot, as `pct`). */
export function HorizontalLine({ y, from = 0, ...style }: { y: number; from?: number } & SVGProps<SVGLineElement>) {
  return <line x1={pct(from)} x2="100%" y1={pct(y)} y2={pct(y)} {...style} />;
}

export const haloText = "stroke-white [paint-order:stroke] [stroke-linejoin:round] [stroke-width:3px]";

/** Horizontal grid lines with their values in the left gutter. */
export function ValueGridlines({ ticks }: { ticks: ValueTick[] }) {
  return (
    <g>
      {ticks.map((t) => (
        <g key={t.value}>
          <line x1="0" x2="100%" y1={pct(t.y)} y2={pct(t.y)} className="stroke-slate-200" />
          <text x={-6} y={pct(t.y)} dy="0.32em" textAnchor="end" className="fill-slate-600 tabular-nums">
            {t.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Date ticks under the plot: all from `sm` up, the sparser set on a phone. */
export function TimeTickLabels({ ticks }: { ticks: TimeTick[] }) {
  return (
    <g>
      {ticks.map((t) => (
        <g key={t.at.getTime()} className={t.narrow ? undefined : "max-sm:hidden"}>
          <line x1={pct(t.x)} x2={pct(t.x)} y1="0" y2="100%" className="stroke-slate-100" />
          <text
            x={pct(t.x)}
            y="100%"
            dy="1.4em"
            textAnchor={t.x < 6 ? "start" : t.x > 94 ? "end" : "middle"}
            className="fill-slate-600"
          >
            {t.narrowLabel === t.label ? (
              t.label
            ) : (
              <>
                <tspan className="max-sm:hidden">{t.label}</tspan>
                <tspan className="sm:hidden">{t.narrowLabel}</tspan>
              </>
            )}
          </text>
        </g>
      ))}
    </g>
  );
}

export type Swatch = "line" | "dashed" | "dotted" | "dot" | "bar";

export interface LegendItem {
  swatch: Swatch;
  /** Tailwind stroke/fill classes of the mark, as drawn in the chart. */
  tone: string;
  label: ReactNode;
}

/** What each mark of the chart means, with the mark drawn as in the chart. */
export function Legend({ items, label = "Legend" }: { items: LegendItem[]; label?: string }) {
  return (
    <ul aria-label={label} className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
      {items.map((item, i) => (
        <li key={i} className="flex items-center gap-1.5">
          <svg aria-hidden width="20" height="10" className="shrink-0">
            {item.swatch === "bar" ? (
              <rect x="4" y="0" width="12" height="10" rx="2" className={item.tone} />
            ) : item.swatch === "dot" ? (
              <circle cx="10" cy="5" r="4" className={item.tone} />
            ) : (
              <line
                x1="0"
                x2="20"
                y1="5"
                y2="5"
                strokeWidth={2}
                strokeDasharray={item.swatch === "dashed" ? "5 3" : item.swatch === "dotted" ? "2 3" : undefined}
                className={item.tone}
              />
            )}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}
