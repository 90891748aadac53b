/**
 * Bitemporal selection (DESIGN "Time: definitions and knowledge have history"). Every fact has a
 * knowledge time, `recordedAt`: the instant Flowline learned it. A definition also has a valid time,
 * `validFrom`: the first day it applies to. Reading "as known at K" ignores everything recorded after
 * K, so a later correction or backfill never changes what was known then.
 */

/** 'YYYY-MM-DD'; ISO dates with 4-digit years sort as text. */
type IsoDate = string;

export interface Recorded {
  recordedAt: Date;
}

export interface ValidFrom extends Recorded {
  validFrom: IsoDate;
}

/** Whether a version was recorded at or before `knownAt`. */
export function isKnownAt(version: Recorded, knownAt: Date): boolean {
  return version.recordedAt.getTime() <= knownAt.getTime();
}

/**
 * The latest version recorded at or before `knownAt`; null when none was. Versions recorded at the
 * same instant: the later one in the array (give them in recording order).
 */
export function latestKnown<T extends Recorded>(versions: readonly T[], knownAt: Date): T | null {
  const k = knownAt.getTime();
  let best: T | null = null;
  for (const v of versions) {
    const at = v.recordedAt.getTime();
    if (at <= k && (best === null || at >= best.recordedAt.getTime())) best = v;
  }
  return best;
}

/**
 * The version in force on `asOf` as known at `knownAt`: among the versions recorded at or before
 * `knownAt`, the one with the latest `validFrom` on or before `asOf`; ties on `validFrom` go to the
 * latest recorded, exact ties to the later one in the array. Null when no known version applies yet.
 */
export function inForce<T extends ValidFrom>(versions: readonly T[], asOf: IsoDate, knownAt: Date): T | null {
  const k = knownAt.getTime();
  let best: T | null = null;
  for (const v of versions) {
    const at = v.recordedAt.getTime();
    if (at > k || v.validFrom > asOf) continue;
    if (
      best === null ||
      v.validFrom > best.validFrom ||
      (v.validFrom === best.validFrom && at >= best.recordedAt.getTime())
    )
      best = v;
  }
  return best;
}
