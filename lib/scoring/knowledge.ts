import { calendarDate } from "./period";
import type { IsoDate, Measurement, VersionAuthor } from "./types";

/**
 * Measurement history (DESIGN "Time"): a write never overwrites, each (KPI, period) keeps every value
 * with its recordedAt; a delete is a recorded tombstone. This is the reference model of what the data
 * layer loads in SQL ("the latest version recorded at or before knownAt, per period"), kept here so
 * property tests can hold the query to it.
 */
export interface MeasurementVersion {
  /** The start of the KPI's cadence bucket. */
  period: IsoDate;
  /** The value recorded; null for a tombstone (the value was deleted). */
  value: number | null;
  recordedAt: Date;
  author?: VersionAuthor | null;
  note?: string | null;
}

/**
 * The series as known at `knownAt`: per period, the latest version recorded at or before `knownAt`
 * (versions recorded at the same instant: the later one in the array), periods whose latest version
 * is a tombstone left out; sorted by period. Versions recorded after `knownAt` are never read.
 */
export function seriesAsKnown(versions: readonly MeasurementVersion[], knownAt: Date): Measurement[] {
  const k = knownAt.getTime();
  const latest = new Map<IsoDate, MeasurementVersion>();
  for (const v of versions) {
    calendarDate(v.period);
    const at = v.recordedAt.getTime();
    if (Number.isNaN(at)) throw new RangeError(`The value for ${v.period} has no valid recordedAt.`);
    if (at > k) continue;
    const best = latest.get(v.period);
    if (best === undefined || at >= best.recordedAt.getTime()) latest.set(v.period, v);
  }
  const series: Measurement[] = [];
  for (const v of latest.values()) if (v.value !== null) series.push({ period: v.period, value: v.value });
  return series.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}
