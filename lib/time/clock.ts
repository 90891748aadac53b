/**
 * What "now" is. Code that needs the time takes a Clock instead of calling `new Date()`, so a test
 * can say which day it is (DESIGN "knownAt": scores computed on day D must equal the scores redrawn
 * later as known at D; a test proves it by moving a fixed clock, never by sleeping).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers `at` (a Date or an ISO timestamp). */
export function fixedClock(at: Date | string): Clock {
  const time = (at instanceof Date ? at : new Date(at)).getTime();
  if (Number.isNaN(time)) throw new RangeError(`Invalid instant for a clock: ${String(at)}.`);
  return { now: () => new Date(time) };
}

/** The UTC calendar date of an instant, 'YYYY-MM-DD'. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
