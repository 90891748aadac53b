import { attainmentFromValues, calendarDate, type IsoDate, type KpiInput, type MeasurementsLike } from "@/lib/scoring";
import { SCORE_EPSILON } from "@/lib/scoring/format";
import { pointsAsOf, type Point } from "./points";
import { limitsFromValues, signals, type LimitValues, type Signal } from "./xmr";

/**
 * Countermeasure verdicts (DESIGN "Analysis"): did an action aimed at a KPI move it, judged as of D?
 *
 * Decisions where DESIGN is silent:
 * - Values are placed by their period's start: "before s" are periods starting before s, "in [s, d]" those
 *   starting from s to d. A monthly value for the month an action started mid-way is "before" (an effect
 *   must show in periods that start after the action did).
 * - Order of the checks: `too_early` when d is after D (the verdict is not due); then
 *   `insufficient_history` when fewer than 6 values lie before s (waiting cannot fix that: DESIGN gives no
 *   verdict for it); then `too_early` when fewer than 3 values lie in [s, d] (the follow-up window holds
 *   too few periods; `reason` tells the two too_early cases apart).
 * - `worked` needs an improving signal in [s, d] and mean attainment after > before (by more than 1e-9);
 *   otherwise a worsening signal gives `worsened` (also when an improving one exists but attainment did not
 *   rise); otherwise `no_detectable_effect`.
 * - The rules judge the values in [s, d] against limits from the ≤ 12 values just before s, as on the KPI
 *   chart (xmr.ts), so a run of 8 needs 8 values in [s, d].
 * - Realised change = mean attainment of the values in [s, d] − mean of the (≤ 12) values before s, in
 *   attainment points (×100, as "+10 points"); it is shown whenever both means exist. Whether it met the
 *   expected effect (realised ≥ expected, within 1e-7 points) is answered once the verdict is due (d ≤ D).
 */

export const VERDICTS = ["worked", "no_detectable_effect", "worsened", "too_early", "insufficient_history"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const MAX_VALUES_BEFORE = 12;
export const MIN_VALUES_BEFORE = 6;
export const MIN_VALUES_AFTER = 3;

export type TooEarlyReason = "follow_up_after_as_of" | "too_few_values_after_start";

export interface VerdictInput {
  /** The KPI's direction, baseline and target (attainment of each value); see also `attainmentOf`. */
  kpi: Pick<KpiInput, "direction" | "baseline" | "target">;
  measurements: MeasurementsLike;
  /** The action's start s and follow-up date d (s ≤ d). */
  start: IsoDate;
  followUp: IsoDate;
  asOf: IsoDate;
  /** The expected effect in attainment points (+10 = attainment up by 0.10); null when none was given. */
  expectedPoints?: number | null;
  /**
   * Attainment of one value, when the KPI's definition changed over time (e.g. the version valid in that
   * period). Default: the KPI's baseline, or its earliest value on or before D, and its target.
   */
  attainmentOf?: (point: Point) => number;
}

export interface Window {
  points: Point[];
  /** Mean attainment of the points; null when there are none. */
  meanAttainment: number | null;
}

export interface VerdictResult {
  verdict: Verdict;
  /** For `too_early`: whether the follow-up date is still to come or the window holds too few values. */
  tooEarly: TooEarlyReason | null;
  /** The ≤ 12 values before s (the limits' range). */
  before: Window;
  /** The values in [s, d] on or before D. */
  after: Window;
  /** From the values before s; null with fewer than 6 (or fewer than 2 for the arithmetic). */
  limits: LimitValues | null;
  /** Signals among the values in [s, d]. */
  signals: Signal[];
  /** (mean after − mean before) × 100; null when a window is empty. */
  realisedPoints: number | null;
  expectedPoints: number | null;
  /** realised ≥ expected; null before d, without an expected effect or without a realised change. */
  expectedMet: boolean | null;
}

function meanAttainment(points: readonly Point[], attainmentOf: (p: Point) => number): number | null {
  if (points.length === 0) return null;
  let sum = 0;
  for (const p of points) sum += attainmentOf(p);
  return sum / points.length;
}

/** The verdict on one action aimed at a KPI, as of D. */
export function actionVerdict(input: VerdictInput): VerdictResult {
  const { start, followUp, asOf } = input;
  calendarDate(start);
  calendarDate(followUp);
  if (followUp < start) throw new RangeError(`The follow-up date (${followUp}) is before the start (${start}).`);

  const points = pointsAsOf(input.measurements, asOf);
  const { direction, target } = input.kpi;
  const baseline = input.kpi.baseline ?? points[0]?.value ?? target;
  const attainmentOf = input.attainmentOf ?? ((p: Point) => attainmentFromValues(direction, p.value, baseline, target));

  const beforePoints = points.filter((p) => p.period < start).slice(-MAX_VALUES_BEFORE);
  const afterPoints = points.filter((p) => p.period >= start && p.period <= followUp);
  const before: Window = { points: beforePoints, meanAttainment: meanAttainment(beforePoints, attainmentOf) };
  const after: Window = { points: afterPoints, meanAttainment: meanAttainment(afterPoints, attainmentOf) };

  const realisedPoints =
    before.meanAttainment !== null && after.meanAttainment !== null
      ? (after.meanAttainment - before.meanAttainment) * 100
      : null;
  const expectedPoints = input.expectedPoints ?? null;
  const due = followUp <= asOf;
  const expectedMet =
    due && expectedPoints !== null && realisedPoints !== null ? realisedPoints >= expectedPoints - 1e-7 : null;

  const limits = beforePoints.length >= MIN_VALUES_BEFORE ? limitsFromValues(beforePoints.map((p) => p.value)) : null;
  const found = limits === null ? [] : signals(afterPoints, limits, direction);
  const result = (verdict: Verdict, tooEarly: TooEarlyReason | null = null): VerdictResult => ({
    verdict,
    tooEarly,
    before,
    after,
    limits,
    signals: found,
    realisedPoints,
    expectedPoints,
    expectedMet,
  });

  if (!due) return result("too_early", "follow_up_after_as_of");
  if (limits === null) return result("insufficient_history");
  if (afterPoints.length < MIN_VALUES_AFTER) return result("too_early", "too_few_values_after_start");
  const improved =
    before.meanAttainment !== null &&
    after.meanAttainment !== null &&
    after.meanAttainment > before.meanAttainment + SCORE_EPSILON;
  if (improved && found.some((s) => s.direction === "improving")) return result("worked");
  if (found.some((s) => s.direction === "worsening")) return result("worsened");
  return result("no_detectable_effect");
}

export interface ActionVerdictRow {
  actionId: string;
  /** The action's type (a tag from the organisation's list); null when it has none. */
  type: string | null;
  verdict: Verdict;
}

export interface WhatWorksRow {
  type: string | null;
  total: number;
  counts: Record<Verdict, number>;
  /** The actions behind each count, for links. */
  actionIds: Record<Verdict, string[]>;
  /** worked / (worked + no_detectable_effect + worsened); null when none was decided. */
  workedShare: number | null;
}

const emptyCounts = (): Record<Verdict, number> =>
  Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
const emptyIds = (): Record<Verdict, string[]> =>
  Object.fromEntries(VERDICTS.map((v) => [v, [] as string[]])) as Record<Verdict, string[]>;

/** "What works here": action types × verdicts with counts, by type name (untyped actions last). */
export function whatWorks(rows: readonly ActionVerdictRow[]): WhatWorksRow[] {
  const byType = new Map<string | null, WhatWorksRow>();
  for (const row of rows) {
    let entry = byType.get(row.type);
    if (entry === undefined) {
      entry = { type: row.type, total: 0, counts: emptyCounts(), actionIds: emptyIds(), workedShare: null };
      byType.set(row.type, entry);
    }
    entry.total++;
    entry.counts[row.verdict]++;
    entry.actionIds[row.verdict].push(row.actionId);
  }
  const table = [...byType.values()];
  for (const entry of table) {
    const decided = entry.counts.worked + entry.counts.no_detectable_effect + entry.counts.worsened;
    entry.workedShare = decided > 0 ? entry.counts.worked / decided : null;
  }
  return table.sort((a, b) =>
    a.type === null ? (b.type === null ? 0 : 1) : b.type === null ? -1 : a.type.localeCompare(b.type, "en"),
  );
}
