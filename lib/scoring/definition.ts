import { END_OF_TIME } from "../time/known-at";
import { inForce } from "../time/versions";
import { directionContradiction } from "./kpi";
import { parseIsoDate } from "./period";
import type { IsoDate, KpiAsOf, KpiDefinition, KpiDefinitionVersion, KpiInput } from "./types";

/**
 * KPI definitions over time (DESIGN "Time: definitions and knowledge have history"): which version
 * of a KPI's kind, direction, baseline, target, target date, weight, team, stage and archived flag
 * applies on a date, as known at an instant.
 */

/** The earliest validFrom a definition change may have (bad input below it, issue 10). */
export const MIN_VALID_FROM = "2000-01-01";

/**
 * The version in force on `asOf` as known at `knownAt`: among the versions recorded at or before
 * `knownAt`, the one with the latest `validFrom ≤ asOf` (ties: the latest recorded). Null when the
 * KPI did not exist yet on `asOf`.
 *
 * "Did not exist yet" is judged with the knowledge of `knownAt` too: the KPI's first version *as known
 * then* starts after `asOf`, or no version was recorded by `knownAt` at all. A version recorded later
 * that backdates the KPI's start therefore shows it as known now, not as known then, and what was
 * computed at `knownAt` can always be computed again.
 */
export function definitionAsOf(
  versions: readonly KpiDefinitionVersion[],
  asOf: IsoDate,
  knownAt: Date = END_OF_TIME,
): KpiDefinitionVersion | null {
  return inForce(versions, asOf, knownAt);
}

function resolved(kpi: KpiInput, definition: KpiDefinition, validFrom: IsoDate | null): KpiAsOf {
  const targetDate = definition.targetDate ?? null;
  const planStart = targetDate === null ? null : (definition.planStart ?? validFrom);
  if (targetDate !== null && planStart === null)
    throw new RangeError(`KPI ${kpi.key}: a target date needs a plan start when the KPI has no versions.`);
  return {
    id: kpi.id,
    key: kpi.key,
    name: kpi.name,
    cadence: kpi.cadence,
    kind: definition.kind,
    direction: definition.direction,
    baseline: definition.baseline,
    target: definition.target,
    weight: definition.weight,
    targetDate,
    planStart,
    teamId: definition.teamId ?? null,
    stageId: definition.stageId ?? null,
    archived: definition.archived ?? false,
    validFrom,
  };
}

/**
 * A KPI as defined on `asOf`, as known at `knownAt`: its current labels with that date's versioned
 * fields. A KPI without versions has one definition for every date (its own fields). Null when the
 * KPI did not exist yet (see `definitionAsOf`); an archived definition is returned with `archived`
 * set, so callers can say why the KPI is not counted.
 */
export function kpiAsOf(kpi: KpiInput, asOf: IsoDate, knownAt: Date = END_OF_TIME): KpiAsOf | null {
  if (kpi.versions === undefined) return resolved(kpi, kpi, null);
  const version = definitionAsOf(kpi.versions, asOf, knownAt);
  return version === null ? null : resolved(kpi, version, version.validFrom);
}

export interface DefinitionIssue {
  /** The form or request field the message belongs to. */
  field: "validFrom" | "targetDate" | "planStart" | "target";
  message: string;
}

/**
 * Why a definition version cannot be saved, one message per field (empty when it can): `validFrom`
 * not a real date or before 2000; a target or plan date that is not a real date; a target date
 * before its plan start (S defaults to validFrom); a direction contradicting the version's set
 * baseline and target (DESIGN Scoring 3, the same check and message as `directionContradiction`).
 * Each version is checked on its own, so a planned future version is held to the same rules. Pass
 * the validFrom the version will get (today when the form leaves "applies from" empty): without one,
 * a target date can only be checked against an explicit plan start.
 */
export function definitionIssues(version: KpiDefinition & { validFrom?: IsoDate | null }): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const validFrom = version.validFrom ?? null;
  const validFromOk = validFrom === null || (parseIsoDate(validFrom) !== null && validFrom >= MIN_VALID_FROM);
  if (!validFromOk)
    issues.push({ field: "validFrom", message: `“Applies from” must be a real date from ${MIN_VALID_FROM} on.` });

  const targetDate = version.targetDate ?? null;
  const planStartGiven = version.planStart ?? null;
  const targetDateOk = targetDate === null || parseIsoDate(targetDate) !== null;
  const planStartOk = planStartGiven === null || parseIsoDate(planStartGiven) !== null;
  if (!targetDateOk) issues.push({ field: "targetDate", message: "The target date is not a real date." });
  if (!planStartOk) issues.push({ field: "planStart", message: "The plan start is not a real date." });

  const planStart = planStartGiven ?? (validFromOk ? validFrom : null);
  if (targetDate !== null && targetDateOk && planStartOk && planStart !== null && targetDate < planStart) {
    const from = planStartGiven === null ? "the date this change applies from" : "its plan start";
    issues.push({
      field: "targetDate",
      message: `The target date (${targetDate}) is before ${from} (${planStart}): choose a later target date or an earlier start.`,
    });
  }

  const contradiction = directionContradiction(version.direction, version.baseline, version.target);
  if (contradiction !== null) issues.push({ field: "target", message: contradiction });
  return issues;
}
