import "server-only";
import type { Kpi, Resource, Stage } from "@/db/schema/types";
import type { StageAssessment, StreamAssessment, StreamInput } from "@/lib/capacity";
import type { FigureDelta, SetupComparison } from "@/lib/capacity/scenario";
import type { ValueChain } from "@/lib/data/value-chain";
import type { DefinitionChange, ScoreResult } from "@/lib/scoring";

/** Database rows and domain results as the API answers them (see lib/api/schemas.ts). */

/** JSON has no Infinity: a figure that is not finite (utilisation of a stage without capacity) is null. */
const finite = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? null : n);
const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export function teamJson(team: { id: string; name: string; memberCount?: number }) {
  return { id: team.id, name: team.name, memberCount: Number(team.memberCount ?? 0) };
}

export function capacityJson(assessment: StreamAssessment) {
  return {
    demand: finite(assessment.demand),
    pace: finite(assessment.pace),
    bottleneckStageId: assessment.bottleneck?.id ?? null,
    leadTime: finite(assessment.leadTime),
    leadTimePartial: assessment.leadTimePartial,
    flowEfficiency: finite(assessment.flowEfficiency),
    rolledPctCA: finite(assessment.rolledPctCA),
  };
}

interface StreamRow {
  id: string;
  name: string;
  kind: "production" | "delivery" | "marketing" | "sales" | "retention" | "support" | "custom";
  customerNeed?: string | null;
  ownerId: string | null;
  demandAmount: number | null;
  demandUnit: string | null;
  demandPeriod: "day" | "week" | "month" | "quarter";
  archivedAt: Date | null;
  createdAt?: Date;
}

function streamBase(s: StreamRow & { createdAt: Date; customerNeed: string | null }) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    customerNeed: s.customerNeed,
    ownerId: s.ownerId,
    demandAmount: finite(s.demandAmount),
    demandUnit: s.demandUnit,
    demandPeriod: s.demandPeriod,
    archived: s.archivedAt !== null,
    createdAt: iso(s.createdAt),
  };
}

export function streamSummaryJson(
  s: StreamRow & {
    createdAt: Date;
    customerNeed: string | null;
    stageCount: number;
    kpiCount: number;
    assessment: StreamAssessment;
  },
) {
  return {
    ...streamBase(s),
    stageCount: s.stageCount,
    kpiCount: Number(s.kpiCount),
    capacity: capacityJson(s.assessment),
  };
}

function stageJson(stage: Stage & { resources: Resource[] }, figures: StageAssessment | undefined) {
  return {
    id: stage.id,
    position: stage.position,
    name: stage.name,
    teamId: stage.teamId,
    input: stage.input,
    output: stage.output,
    processTime: finite(stage.processTime),
    wip: finite(stage.wip),
    pctCA: finite(stage.pctCA),
    unit: stage.unit,
    conversion: stage.conversion,
    resources: stage.resources.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      quantity: r.quantity,
      rate: r.rate,
      availability: r.availability,
      capacity: finite(r.quantity * r.rate * r.availability) ?? 0,
    })),
    capacity: finite(figures?.capacity) ?? 0,
    capacityInStreamUnits: finite(figures?.capacityInStreamUnits) ?? 0,
    demand: finite(figures?.demand),
    utilisation: finite(figures?.utilisation),
    shortfall: finite(figures?.shortfall),
    extraNeeded: finite(figures?.extraNeeded),
    bottleneck: figures?.isBottleneck ?? false,
  };
}

export function streamJson(
  s: StreamRow & {
    createdAt: Date;
    customerNeed: string | null;
    stages: (Stage & { resources: Resource[] })[];
    assessment: StreamAssessment;
    kpis: Kpi[];
  },
) {
  const figures = new Map(s.assessment.stages.map((a) => [a.id, a]));
  return {
    ...streamBase(s),
    stages: s.stages.map((stage) => stageJson(stage, figures.get(stage.id))),
    capacity: capacityJson(s.assessment),
    kpis: s.kpis.map((k) => ({ id: k.id, key: k.key, name: k.name, kind: k.kind, archived: k.archivedAt !== null })),
  };
}

export function kpiJson(k: Kpi) {
  return {
    id: k.id,
    key: k.key,
    name: k.name,
    description: k.description,
    kind: k.kind,
    unit: k.unit,
    direction: k.direction,
    baseline: k.baseline,
    target: k.target,
    targetDate: k.targetDate,
    planStart: k.planStart,
    weight: k.weight,
    cadence: k.cadence,
    streamId: k.streamId,
    stageId: k.stageId,
    teamId: k.teamId,
    ownerId: k.ownerId,
    archived: k.archivedAt !== null,
    formula:
      k.formulaNumeratorId && k.formulaDenominatorId
        ? { numeratorId: k.formulaNumeratorId, denominatorId: k.formulaDenominatorId }
        : null,
    createdAt: iso(k.createdAt),
  };
}

/** DESIGN.md's scores shape, exactly. */
export function scoresJson(score: ScoreResult, knownAt: Date) {
  return {
    asOf: score.asOf,
    knownAt: knownAt.toISOString(),
    output: score.output,
    outcome: score.outcome,
    value: score.value,
    quadrant: score.quadrant,
    outcomeFocus: score.outcomeFocus,
    coverage: score.coverage,
    kpis: score.kpis.map((k) => ({
      id: k.id,
      key: k.key,
      name: k.name,
      kind: k.kind,
      attainment: k.attainment,
      expected: k.expected,
      status: k.status,
      stale: k.stale,
    })),
  };
}

export function streamLinkJson(l: {
  id: string;
  fromStreamId: string;
  toStreamId: string;
  conversion: number;
  createdAt: Date;
}) {
  return { id: l.id, from: l.fromStreamId, to: l.toStreamId, conversion: l.conversion, createdAt: iso(l.createdAt) };
}

export function valueChainJson({ chain, explanation, scores }: ValueChain, asOf: string) {
  return {
    asOf,
    streams: chain.streams.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind ?? "custom",
      unit: s.unit,
      period: s.period,
      demand: finite(s.demand),
      capacity: finite(s.capacity),
      pace: finite(s.pace),
      requiredDemand: finite(s.required),
      requiredPartial: s.requiredPartial,
      chainUtilisation: finite(s.utilisation),
      chainPace: finite(s.chainPace),
      constraint: s.isConstraint,
      linked: s.linked,
      column: s.column,
      value: finite(scores.get(s.id)?.value),
      quadrant: scores.get(s.id)?.quadrant ?? "no_data",
    })),
    links: chain.links.map((l) => ({
      id: l.id!,
      from: l.from,
      to: l.to,
      conversion: l.conversion,
      required: finite(l.required),
      flow: finite(l.flow),
    })),
    constraint: chain.constraint ? { id: chain.constraint.id, name: chain.constraint.name } : null,
    explanation,
    mismatches: chain.mismatches.map((m) => ({
      streamId: m.streamId,
      demand: m.demand,
      required: m.required,
      sentence: m.sentence,
    })),
  };
}

/** A KPI's definition versions with what each changed (DESIGN "Time"). */
export function kpiVersionsJson(
  kpi: { id: string; key: string },
  history: readonly DefinitionChange[],
  names: Map<string, string | null>,
) {
  return {
    kpi: { id: kpi.id, key: kpi.key },
    data: history.map(({ version: v, changes }) => ({
      validFrom: v.validFrom,
      recordedAt: iso(v.recordedAt),
      author: v.author ? { ...v.author, name: names.get(v.author.id) ?? null } : null,
      kind: v.kind,
      direction: v.direction,
      baseline: v.baseline,
      target: v.target,
      targetDate: v.targetDate ?? null,
      planStart: v.planStart ?? null,
      weight: v.weight,
      teamId: v.teamId ?? null,
      stageId: v.stageId ?? null,
      archived: v.archived ?? false,
      changes,
    })),
  };
}

const deltaJson = (d: FigureDelta) => ({
  current: finite(d.current),
  draft: finite(d.draft),
  difference: finite(d.difference),
  changed: d.changed,
});

export function scenarioSummaryJson(s: { id: string; streamId: string; name: string; createdAt: Date | string }) {
  return { id: s.id, streamId: s.streamId, name: s.name, createdAt: iso(s.createdAt) };
}

export function scenarioJson(
  s: { id: string; streamId: string; name: string; createdAt: Date | string; setup: StreamInput },
  comparison: SetupComparison,
) {
  return {
    ...scenarioSummaryJson(s),
    setup: {
      demand: finite(s.setup.demand),
      stages: s.setup.stages.map((stage) => ({
        id: stage.id,
        name: stage.name,
        unit: stage.unit ?? null,
        conversion: stage.conversion ?? 1,
        resources: stage.resources.map((r) => ({
          id: r.id!,
          kind: r.kind as Resource["kind"],
          name: r.name,
          quantity: r.quantity,
          rate: r.rate,
          availability: r.availability,
        })),
      })),
    },
    comparison: {
      pace: deltaJson(comparison.pace),
      capacity: deltaJson(comparison.capacity),
      leadTime: deltaJson(comparison.leadTime),
      flowEfficiency: deltaJson(comparison.flowEfficiency),
      bottleneck: comparison.bottleneck,
      stages: comparison.stages.map((st) => ({
        id: st.id,
        name: st.name,
        status: st.status,
        utilisation: deltaJson(st.utilisation),
        capacityInStreamUnits: deltaJson(st.capacityInStreamUnits),
        extraNeeded: deltaJson(st.extraNeeded),
      })),
      changes: comparison.changes.length,
    },
  };
}
