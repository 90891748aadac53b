/**
 * The one place that says what time it is. Everything that needs "now" (today's as-of date, knowledge
 * time, schedules, expiries computed in code) asks this module, so tests move time by injecting a
 * clock instead of sleeping or faking timers.
 */

export type Clock = () => Date;

const systemClock: Clock = () => new Date();

// Kept on globalThis for the same reason as the database handle (db/client.ts): Next bundles
// instrumentation, pages and route handlers apart, and they must agree on the time.
const shared = globalThis as typeof globalThis & { [key: symbol]: Clock | undefined };
const CLOCK = Symbol.for("flowline.clock");

/** The current instant. */
export function now(): Date {
  return (shared[CLOCK] ?? systemClock)();
}

/** Today's calendar date in UTC, 'YYYY-MM-DD'. */
export function todayIso(): string {
  return now().toISOString().slice(0, 10);
}

/** Replaces the clock (tests); returns a function that restores the previous one. */
export function setClock(clock: Clock): () => void {
  const previous = shared[CLOCK];
  shared[CLOCK] = clock;
  return () => {
    shared[CLOCK] = previous;
  };
}

/** A clock frozen at `instant` (an ISO string or Date), for tests. */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Invalid instant for a clock: ${String(instant)}`);
  return () => new Date(at);
}
