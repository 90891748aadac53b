import { atLeast } from "./format";
import { calendarDate } from "./period";
import type { IsoDate, KpiStatus, PaceTolerances } from "./types";

/** DESIGN "Target dates and pace": on_track within 0.05 of e(D), at_risk within 0.15 (organisation settings). */
export const DEFAULT_PACE_TOLERANCES: PaceTolerances = { onTrack: 0.05, atRisk: 0.15 };

const MS_PER_DAY = 86_400_000;
const dayNumber = (date: IsoDate): number => {
  const d = calendarDate(date);
  return Date.UTC(d.year, d.month - 1, d.day) / MS_PER_DAY;
};

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Expected attainment e(D) = clamp((D − S) / (T − S), 0, 1), in days: 0 on the plan's first day, 1
 * from the target date on. With T = S the plan is due at once: 0 before T, 1 from T on. A target date
 * before its plan start is refused when saved (`definitionIssues`) and throws here.
 */
export function expectedAttainment(asOf: IsoDate, planStart: IsoDate, targetDate: IsoDate): number {
  const span = daysBetween(planStart, targetDate);
  if (span < 0) throw new RangeError(`Target date ${targetDate} is before its plan start ${planStart}.`);
  const elapsed = daysBetween(planStart, asOf);
  if (span === 0) return elapsed < 0 ? 0 : 1;
  return Math.min(1, Math.max(0, elapsed / span));
}

/**
 * Pace status of a KPI with a target date: on_track when a ≥ e − onTrack, at_risk when
 * a ≥ e − atRisk, else off_track; no_data without attainment. It replaces the status of DESIGN 4
 * for that KPI; scores still use a.
 */
export function paceStatus(
  a: number | null,
  expected: number,
  tolerances: PaceTolerances = DEFAULT_PACE_TOLERANCES,
): KpiStatus {
  if (a === null) return "no_data";
  if (atLeast(a, expected - tolerances.onTrack)) return "on_track";
  if (atLeast(a, expected - tolerances.atRisk)) return "at_risk";
  return "off_track";
}
