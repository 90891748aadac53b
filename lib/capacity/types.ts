/** Types for the resource assessment (see DESIGN.md, "Resource assessment"). Pure data, no I/O. */

export type ResourceKind = "people" | "machine" | "tool" | "software" | "ai" | "material";

/** The periods a stream's demand may be counted in. */
export type Period = "day" | "week" | "month" | "quarter";

export interface Resource {
  /** Optional stable id; `compareSetups` matches resources by it when given (else by kind and name). */
  id?: string;
  kind: ResourceKind;
  name: string;
  /** How many of this resource the stage has (≥ 0). */
  quantity: number;
  /** Stage units one resource handles per stream period (≥ 0). */
  rate: number;
  /** Share of the period the resource is available, 0..1. */
  availability: number;
}

export interface Stage {
  id: string;
  name: string;
  resources: Resource[];
  /**
   * The stage's own unit: what its resources' rates, its WIP and its demand count (e.g. "campaign
   * briefs"). Null or omitted: the stream's unit.
   */
  unit?: string | null;
  /**
   * f: how many of the stage's units one unit of the stream's output needs (> 0). Null or omitted: 1.
   * "1 campaign brief brings 60 leads" is f = 1/60; "each order needs 3 machined parts" is f = 3
   * (see `conversionFromEntry`).
   */
  conversion?: number | null;
  /** Work in progress at this stage, in stage units, when known. */
  wip?: number | null;
  /** Process (touch) time per unit, in the stream period's time unit. */
  processTime?: number | null;
  /** Percent complete and accurate, 0..1. */
  pctCA?: number | null;
}

export interface StreamInput {
  /** Expected units (of the stream's output) per stream period; null when not set. */
  demand: number | null;
  /** Stages in stream order. */
  stages: Stage[];
}

export interface StageAssessment {
  id: string;
  name: string;
  /** Position of the stage in the stream (0-based). */
  index: number;
  /** The stage's own unit as given (null: it counts in the stream's unit). */
  unit: string | null;
  /** f used for the figures (1 when none was given). */
  conversion: number;
  /** Σ quantity × rate × availability: stage units per period. */
  capacity: number;
  /** capacity / f: the stream units per period the stage can serve. */
  capacityInStreamUnits: number;
  /** dᵢ = demand × f: stage units per period; null when the stream has no demand. */
  demand: number | null;
  /** The stream's demand (stream units per period), as given; null when not set. */
  demandInStreamUnits: number | null;
  /** dᵢ / capacity; null when demand is null; 0 when demand is 0; Infinity when capacity is 0 and demand > 0. */
  utilisation: number | null;
  /** How far the stage falls behind: max(0, dᵢ − capacity) stage units per period; null when demand is null. */
  shortfall: number | null;
  /** The shortfall in stream units (shortfall / f); null when demand is null. */
  shortfallInStreamUnits: number | null;
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
  /** minᵢ capᵢ / fᵢ: the most the stream can deliver, stream units per period; null with no stages. */
  capacity: number | null;
  /**
   * Expected stream units per period: min(demand, capacity); 0 when demand is 0; `capacity` when there
   * is no demand; null with no stages.
   */
  pace: number | null;
  /**
   * Σ (WIPᵢ / fᵢ) of the stages that give one / pace, in periods (Little's law); null when no WIP is
   * given or pace is 0/null. A steady-state estimate: see `leadTimeIsEstimate`.
   */
  leadTime: number | null;
  /** True when leadTime is computed but some stages gave no WIP (the figure is a lower bound). */
  leadTimePartial: boolean;
  /**
   * True whenever leadTime is a number: Little's law holds for a stream in steady state (arrivals
   * matching departures), so the UI must present the figure as an estimate (`LEAD_TIME_ESTIMATE_LABEL`).
   */
  leadTimeIsEstimate: boolean;
  /** Σ process time of the stages that give one / leadTime; null when either is missing or leadTime is 0. */
  flowEfficiency: number | null;
  /**
   * Π %C&A over the stages, a stage without %C&A counting as 100 % (see `pctCAAssumed`); null when no
   * stage gives one.
   */
  rolledPctCA: number | null;
  /** Ids of the stages without %C&A, counted as 100 % in `rolledPctCA` (in stream order). */
  pctCAAssumed: string[];
}

/** A unit's name: a string is the plural as people type it ("orders"); its singular is derived. */
export type UnitName = string | { one: string; other: string };

/** Words for the explanation sentences: e.g. unit "orders", period "week", resource "fitters". */
export interface ExplainNames {
  /** The stream's unit. */
  unit: UnitName;
  /** The stream's period word: "day", "week", "month", "quarter". */
  period: string;
  /**
   * The main resource of the bottleneck, as it should read after "2 more …". A string is used as is;
   * `{ one, other }` picks the singular when exactly 1 is needed. Default: the resource's own name.
   */
  resource?: string | { one: string; other: string };
}
