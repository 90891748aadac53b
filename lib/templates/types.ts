import type { cadences, directions, kpiKinds, periods, resourceKinds, streamKinds } from "@/db/schema/streams";

export interface TemplateResource {
  kind: (typeof resourceKinds)[number];
  name: string;
  quantity: number;
  rate: number;
  availability: number;
}

export interface TemplateStage {
  name: string;
  input: string;
  output: string;
  /** The stage's own unit (what its resources' rates count); omitted: the stream's unit. */
  unit?: string;
  /** f: the stage's units one unit of the stream's output needs; omitted: 1. */
  conversion?: number;
  processTime?: number;
  wip?: number;
  pctCA?: number;
  resources: TemplateResource[];
}

export interface TemplateKpi {
  /** Short, unique within the template; prefixed with the stream's key prefix when created (`MKT-3`). */
  name: string;
  kind: (typeof kpiKinds)[number];
  unit: string;
  direction: (typeof directions)[number];
  baseline: number;
  target: number;
  weight?: number;
  cadence: (typeof cadences)[number];
  /** Index into the template's stages. */
  stage?: number;
  /** Names of the outcome KPIs an output KPI drives. */
  drives?: string[];
  /** A formula KPI: names of two plain KPIs of the template with its cadence; its value is numerator ÷ denominator. */
  formula?: { numerator: string; denominator: string };
}

export interface StreamTemplate {
  kind: (typeof streamKinds)[number];
  name: string;
  description: string;
  keyPrefix: string;
  customerNeed: string;
  demand: { amount: number; unit: string; period: (typeof periods)[number] };
  stages: TemplateStage[];
  kpis: TemplateKpi[];
}
