import type { Resource, Stage, StageAssessment, StreamAssessment, StreamInput } from "./types";

/**
 * Inputs are assumed validated at the boundary (quantity, rate ≥ 0; availability in 0..1;
 * demand ≥ 0 or null). These functions do not clamp or throw.
 */

/** Relative tolerance used to absorb floating-point noise (e.g. 1.1 / 0.1 = 11.000000000000002). */
const EPSILON = 1e-9;

const tolerance = (x: number): number => EPSILON * Math.max(1, Math.abs(x));

/**
 * a > b beyond float noise, relative to their size (0.6666666666666667 does not beat
 * 0.6666666666666666), for ranking: a tiny capacity still ranks above 0.
 */
export function clearlyGreater(a: number, b: number): boolean {
  if (a === b) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a > b;
  return a - b > EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

/** ceil that ignores float noise just above an integer: ceilTolerant(11.000000000000002) = 11. */
export function ceilTolerant(x: number): number {
  const c = Math.ceil(x - tolerance(x));
  return c === 0 ? 0 : c; // avoid -0
}

/** Capacity one resource line adds to its stage: quantity × rate × availability. */
export function resourceCapacity(resource: Resource): number {
  return resource.quantity * resource.rate * resource.availability;
}

/** Capacity a single extra unit of this resource would add: rate × availability. */
export function unitCapacity(resource: Resource): number {
  return resource.rate * resource.availability;
}

/** Stage capacity: Σ quantity × rate × availability (0 for a stage without resources). */
export function stageCapacity(stage: Pick<Stage, "resources">): number {
  let total = 0;
  for (const r of stage.resources) total += resourceCapacity(r);
  return total;
}

/**
 * The stage's main resource: the largest quantity × rate × availability; ties go to the larger
 * rate × availability (so a line with quantity 0 but a usable rate beats one with rate 0), then to
 * the earlier resource. Null when the stage has no resources.
 *
 * DESIGN says only "ties: the first listed"; the middle rule refines it for equal contributions
 * whose rate × availability differ, so the remedy names a resource that adding can actually help.
 */
export function mainResource(stage: Pick<Stage, "resources">): Resource | null {
  let best: Resource | null = null;
  for (const r of stage.resources) {
    if (
      best === null ||
      resourceCapacity(r) > resourceCapacity(best) ||
      (resourceCapacity(r) === resourceCapacity(best) && unitCapacity(r) > unitCapacity(best))
    ) {
      best = r;
    }
  }
  return best;
}

/**
 * Utilisation u = demand / capacity.
 * - demand null → null (unknown);
 * - demand 0 → 0 (also when capacity is 0);
 * - capacity 0 with demand > 0 → Infinity.
 */
export function utilisation(demand: number | null, capacity: number): number | null {
  if (demand === null) return null;
  if (demand <= 0) return 0;
  if (capacity <= 0) return Infinity;
  return demand / capacity;
}

/** Shortfall per period, max(0, demand − capacity); differences within float noise count as 0. Null demand → null. */
export function shortfall(demand: number | null, capacity: number): number | null {
  if (demand === null) return null;
  const gap = demand - capacity;
  return gap > tolerance(demand) ? gap : 0;
}

/**
 * Extra units of `resource` needed to cover `gap`: ceil(gap / (rate × availability)).
 * 0 when gap ≤ 0; null when gap is null, there is no resource, or its rate × availability is 0.
 */
export function extraNeeded(gap: number | null, resource: Resource | null): number | null {
  if (gap === null) return null;
  if (gap <= 0) return 0;
  if (resource === null) return null;
  const unit = unitCapacity(resource);
  if (!(unit > 0)) return null;
  return ceilTolerant(gap / unit);
}

/** f of a stage: its conversion, 1 when none is given. */
export function conversionOf(stage: Pick<Stage, "conversion">): number {
  return stage.conversion ?? 1;
}

/** A demand of null or 0 gives no basis for utilisation ranking. */
const hasDemand = (demand: number | null): demand is number => demand !== null && demand > 0;

function assessStage(stage: Stage, index: number, demand: number | null): StageAssessment {
  const f = conversionOf(stage);
  const capacity = stageCapacity(stage);
  const stageDemand = demand === null ? null : demand * f;
  const main = mainResource(stage);
  const gap = shortfall(stageDemand, capacity);
  return {
    id: stage.id,
    name: stage.name,
    index,
    unit: stage.unit ?? null,
    conversion: f,
    capacity,
    capacityInStreamUnits: capacity / f,
    demand: stageDemand,
    demandInStreamUnits: demand,
    utilisation: utilisation(stageDemand, capacity),
    shortfall: gap,
    shortfallInStreamUnits: gap === null ? null : gap / f,
    extraNeeded: extraNeeded(gap, main),
    mainResource: main,
    isBottleneck: false,
  };
}

/**
 * With demand > 0, the highest utilisation; otherwise (null or 0) the lowest capacity in stream units,
 * which is the stage that would reach the highest utilisation at any demand. Ties (within float
 * noise) go to the earliest stage.
 */
function findBottleneck(stages: StageAssessment[], demand: number | null): StageAssessment | null {
  let best: StageAssessment | null = null;
  for (const s of stages) {
    if (best === null) best = s;
    // utilisation is a number (never null) when demand is given.
    else if (
      hasDemand(demand)
        ? clearlyGreater(s.utilisation ?? 0, best.utilisation ?? 0)
        : clearlyGreater(best.capacityInStreamUnits, s.capacityInStreamUnits)
    )
      best = s;
  }
  return best;
}

/**
 * Assess a stream's stages against its demand (DESIGN "Resource assessment"). Each stage counts in its
 * own unit with conversion f (default 1): dᵢ = demand × fᵢ, capᵢ = Σ quantity × rate × availability,
 * uᵢ = dᵢ / capᵢ, capacity in stream units capᵢ / fᵢ.
 * - Bottleneck: see `findBottleneck`. None with zero stages.
 * - Capacity: minᵢ capᵢ / fᵢ. Pace: min(demand, capacity); 0 with demand 0; capacity with no demand;
 *   null with zero stages.
 * - Lead time (Little's law, a steady-state estimate): Σ WIPᵢ / fᵢ of the stages that give one / pace;
 *   null when none gives WIP or pace is 0. `leadTimePartial` flags that some stages gave no WIP.
 * - Flow efficiency: Σ process time (stages that give one) / lead time; null when none is given or
 *   lead time is null or 0.
 * - Rolled %C&A: Π %C&A, a stage without one counting as 100 % (listed in `pctCAAssumed`); null when
 *   no stage gives one.
 */
export function assessStream(input: StreamInput): StreamAssessment {
  const { demand } = input;
  const stages = input.stages.map((stage, index) => assessStage(stage, index, demand));

  const bottleneck = findBottleneck(stages, demand);
  if (bottleneck) bottleneck.isBottleneck = true;

  const capacity = stages.length > 0 ? Math.min(...stages.map((s) => s.capacityInStreamUnits)) : null;
  let pace: number | null = null;
  if (capacity !== null) pace = demand === null ? capacity : Math.min(Math.max(demand, 0), capacity);

  let wipSum = 0;
  let wipGiven = 0;
  let processSum = 0;
  let processGiven = 0;
  let pctProduct = 1;
  const pctCAAssumed: string[] = [];
  for (const st of input.stages) {
    if (st.wip != null) {
      wipSum += st.wip / conversionOf(st);
      wipGiven++;
    }
    if (st.processTime != null) {
      processSum += st.processTime;
      processGiven++;
    }
    if (st.pctCA != null) pctProduct *= st.pctCA;
    else pctCAAssumed.push(st.id);
  }

  const leadTime = wipGiven > 0 && pace !== null && pace > 0 ? wipSum / pace : null;
  const flowEfficiency = processGiven > 0 && leadTime !== null && leadTime > 0 ? processSum / leadTime : null;

  return {
    demand,
    stages,
    bottleneck,
    capacity,
    pace,
    leadTime,
    leadTimePartial: leadTime !== null && wipGiven < input.stages.length,
    leadTimeIsEstimate: leadTime !== null,
    flowEfficiency,
    rolledPctCA: pctCAAssumed.length < input.stages.length ? pctProduct : null,
    pctCAAssumed,
  };
}
