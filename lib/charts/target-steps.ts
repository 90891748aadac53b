import { dateOf } from "./time-axis";
import { definitionAsOf, type IsoDate, type KpiDefinitionVersion } from "@/lib/scoring";

export interface TargetStep {
  /** The first day this target applies; null: from before any version (a KPI without history). */
  from: IsoDate | null;
  target: number;
}

/**
 * The target as it changed over time, as known now: at every version's validFrom the target in force
 * from that day (later corrections to the same day win, as in scoring), consecutive equal targets
 * merged. A KPI without versions has one step: its current target, for every date.
 */
export function targetSteps(versions: readonly KpiDefinitionVersion[], currentTarget: number): TargetStep[] {
  if (versions.length === 0) return [{ from: null, target: currentTarget }];
  const days = [...new Set(versions.map((v) => v.validFrom))].sort();
  const steps: TargetStep[] = [];
  for (const day of days) {
    const target = definitionAsOf(versions, day)?.target;
    if (target === undefined || steps.at(-1)?.target === target) continue;
    steps.push({ from: day, target });
  }
  return steps;
}

export interface StepSegment {
  /** Percent across the plot where this target starts and ends. */
  x1: number;
  x2: number;
  target: number;
  /** Where it starts, when that is inside the plot (a change drawn as a step on that day). */
  from: IsoDate | null;
}

/**
 * The horizontal pieces of the target line across a time domain: each step from its own day (or the
 * plot's left edge) to the next step's day (or the right edge). Steps after the domain are not drawn;
 * the one in force at the start is drawn from the left edge.
 */
export function stepSegments(
  steps: readonly TargetStep[],
  domain: readonly [Date, Date],
  x: (at: IsoDate | Date) => number,
): StepSegment[] {
  const [start, end] = domain;
  const startX = x(start);
  const endX = x(end);
  const segments: StepSegment[] = [];
  steps.forEach((step, i) => {
    if (step.from !== null && dateOf(step.from) > end) return;
    const next = steps[i + 1]?.from ?? null;
    const x1 = step.from === null ? startX : Math.max(startX, x(step.from));
    const x2 = next === null ? endX : Math.min(endX, x(next));
    // A step wholly before the plot is replaced by the next; the last one may be a point at the edge.
    if (x2 < x1 || (x2 === x1 && next !== null)) return;
    segments.push({
      x1,
      x2,
      target: step.target,
      from: step.from !== null && x(step.from) > startX ? step.from : null,
    });
  });
  return segments;
}
