/** Types for the resource assessment (see DESIGN.md, "Resource assessment"). Pure data, no I/O. */

export type ResourceKind = "people" | "machine" | "tool" | "software" | "ai" | "material";

export interface Resource {
  kind: ResourceKind;
  name: string;
  /** How many of this resource the stage has (≥ 0). */
  quantity: number;
  /** Units one resource handles per stream period (≥ 0). */
  rate: number;
  /** Share of the period the resource is available, 0..1. */
  availability: number;
}

export interface Stage {
  id: string;
  name: string;
  resources: Resource[];
  /** Work in progress (units) at this stage, when known. */
  wip?: number | null;
  /** Process (touch) time per unit, in the stream period's time unit. */
  processTime?: number | null;
  /** Percent complete and accurate, 0..1. */
  pctCA?: number | null;
}

export interface StreamInput {
  /** Expected units per stream period; null when not set. */
  demand: number | null;
  /** Stages in stream order. */
  stages: Stage[];
}

export interface StageAssessment {
  id: string;
  name: string;
  /** Position of the stage in the stream (0-based). */
  index: number;
  /** Σ quantity × rate × availability, units per period. */
  capacity: number;
  /** demand / capacity; null when demand is null; 0 when demand is 0; Infinity when capacity is 0 and demand > 0. */
  utilisation: number | null;
  /** max(0, demand − capacity) per period; null when demand is null. */
  shortfall: number | null;
  /**
   * Extra quantity of the main resource that would close the shortfall:
   * ceil(shortfall / (rate × availability)). 0 when there is no shortfall; null when the shortfall
   * cannot be closed by adding the main resource (no resources, or its rate × availability is 0) or
   * when demand is null.
   */
  extraNeeded: number | null;
  /** The resource contributing most capacity (see `mainResource`); null when the stage has none. */
  mainResource: Resource | null;
  isBottleneck: boolean;
}

export interface StreamAssessment {
  /** The demand as given (null when not set). */
  demand: number | null;
  stages: StageAssessment[];
  /** The same object as the matching entry of `stages`; null when there are no stages. */
  bottleneck: StageAssessment | null;
  /** Expected units per period: min(demand, min capacity); min capacity when there is no demand; null with no stages. */
  pace: number | null;
  /** Σ WIP of the stages that give one / pace, in periods; null when no WIP is given or pace is 0/null. */
  leadTime: number | null;
  /** True when leadTime is computed but some stages gave no WIP (the figure is a lower bound). */
  leadTimePartial: boolean;
  /** Σ process time of the stages that give one / leadTime; null when either is missing or leadTime is 0. */
  flowEfficiency: number | null;
  /** Π %C&A of the stages that give one; null when none does. */
  rolledPctCA: number | null;
}

/** Words for the explanation sentence: e.g. unit "orders", period "week", resource "fitters". */
export interface ExplainNames {
  unit: string;
  period: string;
  /**
   * The main resource of the bottleneck, as it should read after "2 more …". A string is used as is;
   * `{ one, other }` picks the singular when exactly 1 is needed. Default: the resource's own name.
   */
  resource?: string | { one: string; other: string };
}
