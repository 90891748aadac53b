import { scaleLinear } from "d3-scale";

export interface ValueTick {
  value: number;
  /** Position down the plot, 0 (top) to 100 (bottom), in percent of its height. */
  y: number;
  label: string;
}

export interface ValueAxis {
  domain: [number, number];
  /** Percent down the plot for a value. */
  y: (value: number) => number;
  ticks: ValueTick[];
  format: (value: number) => string;
}

const plain = new Intl.NumberFormat("en", { maximumFractionDigits: 6 });

/**
 * A value axis over every value the chart draws (points, target, baseline, limits): d3's `nice`
 * domain, so the first and last ticks are round numbers at the plot's edges, and about `count` round
 * ticks (1, 2 or 5 × 10ⁿ apart). A little room is left first so no point sits on the frame.
 */
export function valueAxis(
  values: readonly number[],
  { count = 5, fixed }: { count?: number; fixed?: [number, number] } = {},
): ValueAxis {
  let domain: [number, number];
  if (fixed) domain = fixed;
  else {
    if (values.length === 0) throw new RangeError("valueAxis needs at least one value");
    let min = Math.min(...values);
    let max = Math.max(...values);
    if (min === max) {
      const room = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
      min -= room;
      max += room;
    } else {
      const room = (max - min) * 0.05;
      // Values that never go below zero keep zero as their floor rather than a negative tick.
      min = min >= 0 ? Math.max(0, min - room) : min - room;
      max += room;
    }
    domain = [min, max];
  }
  const scale = scaleLinear().domain(domain).range([100, 0]);
  if (!fixed) scale.nice(count);
  const ticks = scale.ticks(count);
  const format = scale.tickFormat(count);
  return {
    domain: scale.domain() as [number, number],
    y: (value) => scale(value),
    ticks: ticks.map((value) => ({ value, y: scale(value), label: format(value) })),
    format: (value) => plain.format(value),
  };
}
