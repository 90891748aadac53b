import { assessStream, clearlyGreater } from "./assess";
import { describeConversion } from "./conversion";
import type { ExplainNames, Resource, Stage, StageAssessment, StreamAssessment, StreamInput } from "./types";
import { formatPercent, formatQuantity } from "./units";

/** A figure today and in the draft; `difference` is draft − current when both are finite numbers. */
export interface FigureDelta {
  current: number | null;
  draft: number | null;
  difference: number | null;
  /** False when both are null or equal within float noise. */
  changed: boolean;
}

export interface StageRef {
  id: string;
  name: string;
}

export interface StageComparison {
  id: string;
  /** The draft's name, or today's for a removed stage. */
  name: string;
  status: "kept" | "added" | "removed";
  current: StageAssessment | null;
  draft: StageAssessment | null;
  utilisation: FigureDelta;
  capacityInStreamUnits: FigureDelta;
  extraNeeded: FigureDelta;
}

type StageField = "name" | "unit" | "conversion" | "wip" | "processTime" | "pctCA";
type ResourceField = "kind" | "name" | "quantity" | "rate" | "availability";

/** One difference between the two setups' inputs, for the "what changed" list. */
export type SetupChange =
  | { kind: "demand"; from: number | null; to: number | null }
  | { kind: "stage_added"; stageId: string; name: string }
  | { kind: "stage_removed"; stageId: string; name: string }
  | { kind: "stage_moved"; stageId: string; name: string; from: number; to: number }
  | {
      kind: "stage_field";
      stageId: string;
      name: string;
      field: StageField;
      from: string | number | null;
      to: string | number | null;
      /** The draft stage's unit (null: the stream's), to name a conversion. */
      stageUnit: string | null;
    }
  | { kind: "resource_added"; stageId: string; stageName: string; resource: Resource }
  | { kind: "resource_removed"; stageId: string; stageName: string; resource: Resource }
  | {
      kind: "resource_field";
      stageId: string;
      stageName: string;
      resourceName: string;
      field: ResourceField;
      from: string | number;
      to: string | number;
    };

export interface SetupComparison {
  current: StreamAssessment;
  draft: StreamAssessment;
  pace: FigureDelta;
  capacity: FigureDelta;
  leadTime: FigureDelta;
  flowEfficiency: FigureDelta;
  rolledPctCA: FigureDelta;
  bottleneck: { current: StageRef | null; draft: StageRef | null; moved: boolean };
  /** Stages matched by id: the draft's in its order, then the stages the draft removed. */
  stages: StageComparison[];
  /** What the draft changes in the inputs, in stream order (demand first). */
  changes: SetupChange[];
}

function delta(current: number | null | undefined, draft: number | null | undefined): FigureDelta {
  const c = current ?? null;
  const d = draft ?? null;
  const bothFinite = c !== null && d !== null && Number.isFinite(c) && Number.isFinite(d);
  const changed =
    c === null || d === null ? c !== d : !Object.is(c, d) && (clearlyGreater(c, d) || clearlyGreater(d, c));
  return { current: c, draft: d, difference: bothFinite ? d - c : null, changed };
}

const ref = (s: StageAssessment | null): StageRef | null => (s ? { id: s.id, name: s.name } : null);

/** Resources matched by id when given, else by kind and name (the n-th of the same name to the n-th). */
function resourceKeys(resources: Resource[]): Map<string, Resource> {
  const seen = new Map<string, number>();
  const keyed = new Map<string, Resource>();
  for (const r of resources) {
    const base = r.id ?? `${r.kind}:${r.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    keyed.set(`${base}#${n}`, r);
  }
  return keyed;
}

const stageFields: StageField[] = ["name", "unit", "conversion", "wip", "processTime", "pctCA"];
const resourceFields: ResourceField[] = ["kind", "name", "quantity", "rate", "availability"];

function stageValue(stage: Stage, field: StageField): string | number | null {
  if (field === "conversion") return stage.conversion ?? 1;
  return stage[field] ?? null;
}

function stageChanges(before: Stage, after: Stage): SetupChange[] {
  const changes: SetupChange[] = [];
  for (const field of stageFields) {
    const from = stageValue(before, field);
    const to = stageValue(after, field);
    if (from === to) continue;
    const stageUnit = after.unit ?? null;
    changes.push({ kind: "stage_field", stageId: after.id, name: after.name, field, from, to, stageUnit });
  }
  const was = resourceKeys(before.resources);
  const now = resourceKeys(after.resources);
  for (const [key, r] of now) {
    const old = was.get(key);
    if (!old) {
      changes.push({ kind: "resource_added", stageId: after.id, stageName: after.name, resource: r });
      continue;
    }
    for (const field of resourceFields) {
      if (old[field] !== r[field]) {
        const common = { stageId: after.id, stageName: after.name, resourceName: r.name };
        changes.push({ kind: "resource_field", ...common, field, from: old[field], to: r[field] });
      }
    }
  }
  for (const [key, r] of was) {
    if (!now.has(key))
      changes.push({ kind: "resource_removed", stageId: after.id, stageName: after.name, resource: r });
  }
  return changes;
}

function inputChanges(current: StreamInput, draft: StreamInput): SetupChange[] {
  const changes: SetupChange[] = [];
  if (current.demand !== draft.demand) changes.push({ kind: "demand", from: current.demand, to: draft.demand });
  const before = new Map(current.stages.map((s) => [s.id, s]));
  const draftIds = new Set(draft.stages.map((s) => s.id));
  const keptBefore = current.stages.filter((s) => draftIds.has(s.id)).map((s) => s.id);
  const keptAfter = draft.stages.filter((s) => before.has(s.id)).map((s) => s.id);
  for (const stage of draft.stages) {
    const old = before.get(stage.id);
    if (!old) {
      changes.push({ kind: "stage_added", stageId: stage.id, name: stage.name });
      continue;
    }
    const from = keptBefore.indexOf(stage.id);
    const to = keptAfter.indexOf(stage.id);
    if (from !== to) changes.push({ kind: "stage_moved", stageId: stage.id, name: stage.name, from, to });
    changes.push(...stageChanges(old, stage));
  }
  for (const stage of current.stages) {
    if (!draftIds.has(stage.id)) changes.push({ kind: "stage_removed", stageId: stage.id, name: stage.name });
  }
  return changes;
}

function compareStage(id: string, current: StageAssessment | null, draft: StageAssessment | null): StageComparison {
  return {
    id,
    name: (draft ?? current)!.name,
    status: current && draft ? "kept" : draft ? "added" : "removed",
    current,
    draft,
    utilisation: delta(current?.utilisation, draft?.utilisation),
    capacityInStreamUnits: delta(current?.capacityInStreamUnits, draft?.capacityInStreamUnits),
    extraNeeded: delta(current?.extraNeeded, draft?.extraNeeded),
  };
}

/**
 * Today's setup beside a draft (the "Plan a change" page): both assessed, the stream figures and each
 * stage's utilisation, capacity and extra resources side by side (stages matched by id), where the
 * bottleneck goes, and what the draft changes in the inputs.
 */
export function compareSetups(current: StreamInput, draft: StreamInput): SetupComparison {
  const a = assessStream(current);
  const b = assessStream(draft);
  const now = new Map(a.stages.map((s) => [s.id, s]));
  const next = new Set(b.stages.map((s) => s.id));
  const stages = [
    ...b.stages.map((s) => compareStage(s.id, now.get(s.id) ?? null, s)),
    ...a.stages.filter((s) => !next.has(s.id)).map((s) => compareStage(s.id, s, null)),
  ];
  return {
    current: a,
    draft: b,
    pace: delta(a.pace, b.pace),
    capacity: delta(a.capacity, b.capacity),
    leadTime: delta(a.leadTime, b.leadTime),
    flowEfficiency: delta(a.flowEfficiency, b.flowEfficiency),
    rolledPctCA: delta(a.rolledPctCA, b.rolledPctCA),
    bottleneck: {
      current: ref(a.bottleneck),
      draft: ref(b.bottleneck),
      moved: (a.bottleneck?.id ?? null) !== (b.bottleneck?.id ?? null),
    },
    stages,
    changes: inputChanges(current, draft),
  };
}

const stageFieldLabels: Record<StageField, string> = {
  name: "name",
  unit: "unit",
  conversion: "conversion",
  wip: "work in progress",
  processTime: "process time",
  pctCA: "%C&A",
};

function show(value: string | number | null, field: StageField | ResourceField): string {
  if (value === null) return "not set";
  if (typeof value === "string") return value;
  if (field === "availability" || field === "pctCA") return formatPercent(value);
  return formatQuantity(value);
}

/** One change in words: "Write content: content writer quantity 2 → 3", "Demand 400 → 450". */
export function describeSetupChange(change: SetupChange, names: Pick<ExplainNames, "unit">): string {
  switch (change.kind) {
    case "demand":
      return `Demand ${change.from === null ? "not set" : formatQuantity(change.from)} → ${change.to === null ? "not set" : formatQuantity(change.to)}`;
    case "stage_added":
      return `New stage: ${change.name}`;
    case "stage_removed":
      return `Stage removed: ${change.name}`;
    case "stage_moved":
      return `${change.name} moves from position ${change.from + 1} to ${change.to + 1}`;
    case "stage_field": {
      if (change.field === "conversion" && typeof change.from === "number" && typeof change.to === "number") {
        const unit = change.stageUnit ?? names.unit;
        return `${change.name}: ${describeConversion(change.from, unit, names.unit)} → ${describeConversion(change.to, unit, names.unit)}`;
      }
      const label = stageFieldLabels[change.field];
      return `${change.name}: ${label} ${show(change.from, change.field)} → ${show(change.to, change.field)}`;
    }
    case "resource_added":
      return `${change.stageName}: adds ${formatQuantity(change.resource.quantity)} × ${change.resource.name}`;
    case "resource_removed":
      return `${change.stageName}: removes ${change.resource.name}`;
    case "resource_field":
      return `${change.stageName}: ${change.resourceName} ${change.field} ${show(change.from, change.field)} → ${show(change.to, change.field)}`;
  }
}
