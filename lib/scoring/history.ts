import { END_OF_TIME } from "../time/known-at";
import { definitionAsOf } from "./definition";
import { calendarDate } from "./period";
import type { IsoDate, KpiDefinition, KpiDefinitionVersion, VersionAuthor } from "./types";

/** What a KPI page shows of its definition's history (DESIGN "Time"): what changed, from when, by whom. */

export type DefinitionField = keyof Required<KpiDefinition>;

/** The versioned fields, in the order a history lists them. */
export const DEFINITION_FIELDS: readonly DefinitionField[] = [
  "kind",
  "direction",
  "baseline",
  "target",
  "targetDate",
  "planStart",
  "weight",
  "teamId",
  "stageId",
  "archived",
];

type FieldValue = string | number | boolean | null;

export interface FieldChange {
  field: DefinitionField;
  from: FieldValue;
  to: FieldValue;
}

export interface DefinitionChange {
  version: KpiDefinitionVersion;
  validFrom: IsoDate;
  recordedAt: Date;
  author: VersionAuthor | null;
  /** What the version changed against the definition it replaced on its validFrom; empty for the first. */
  changes: FieldChange[];
  /** True for the KPI's first version as recorded (nothing was in force on its validFrom before). */
  created: boolean;
}

const valueOf = (d: KpiDefinition, field: DefinitionField): FieldValue => {
  const value = d[field];
  if (value === undefined) return field === "archived" ? false : null;
  return value;
};

/**
 * Every version with what it changed, in recording order: each against the definition that was in
 * force on its validFrom as known just before it was recorded (so a planned change lists what it will
 * change, and a correction of the past what it corrected).
 */
export function definitionChanges(versions: readonly KpiDefinitionVersion[]): DefinitionChange[] {
  const ordered = versions
    .map((version, index) => ({ version, index }))
    .sort((a, b) => a.version.recordedAt.getTime() - b.version.recordedAt.getTime() || a.index - b.index);
  return ordered.map(({ version }, i) => {
    const before = definitionAsOf(
      ordered.slice(0, i).map((o) => o.version),
      version.validFrom,
      END_OF_TIME,
    );
    const changes: FieldChange[] = [];
    if (before !== null) {
      for (const field of DEFINITION_FIELDS) {
        const from = valueOf(before, field);
        const to = valueOf(version, field);
        if (from !== to) changes.push({ field, from, to });
      }
    }
    return {
      version,
      validFrom: version.validFrom,
      recordedAt: version.recordedAt,
      author: version.author ?? null,
      changes,
      created: before === null,
    };
  });
}

export interface TargetStep {
  /** The first day of the step (`from` for the first one). */
  from: IsoDate;
  /** Null while the KPI did not exist or was archived: the target line breaks there. */
  target: number | null;
  /** The set baseline; null when the earliest measurement serves (or there is no target). */
  baseline: number | null;
  targetDate: IsoDate | null;
}

/**
 * The target as it was over [from, to], as known at `knownAt`, for a chart's target line: a step from
 * `from` and one from each known validFrom inside the range where target, baseline or target date
 * change. Empty when `from` is after `to`.
 */
export function targetSteps(
  versions: readonly KpiDefinitionVersion[],
  from: IsoDate,
  to: IsoDate,
  knownAt: Date = END_OF_TIME,
): TargetStep[] {
  calendarDate(from);
  calendarDate(to);
  if (from > to) return [];
  const starts = new Set<IsoDate>([from]);
  for (const v of versions)
    if (v.validFrom > from && v.validFrom <= to && v.recordedAt.getTime() <= knownAt.getTime()) starts.add(v.validFrom);
  const steps: TargetStep[] = [];
  for (const day of [...starts].sort()) {
    const d = definitionAsOf(versions, day, knownAt);
    const live = d !== null && !d.archived;
    const step: TargetStep = {
      from: day,
      target: live ? d.target : null,
      baseline: live ? d.baseline : null,
      targetDate: live ? (d.targetDate ?? null) : null,
    };
    const last = steps.at(-1);
    if (last?.target !== step.target || last.baseline !== step.baseline || last.targetDate !== step.targetDate)
      steps.push(step);
  }
  return steps;
}
