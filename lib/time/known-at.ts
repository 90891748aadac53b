import { invalid } from "../errors";
import { parseIsoDate } from "../scoring/period";

/**
 * Knowledge time (DESIGN "knownAt"): the instant up to which recorded facts count. Every score,
 * dashboard and explanation takes one; the default is now.
 */

/** Later than any instant a fact can be recorded at: "everything recorded" (the largest Date). */
export const END_OF_TIME = new Date(8.64e15);

/** The last millisecond of a UTC calendar day: what `knownAt=2026-11-15` means. */
export function endOfDayUtc(date: string): Date {
  const d = parseIsoDate(date);
  if (d === null) throw new RangeError(`Invalid date "${date}": expected a real date YYYY-MM-DD.`);
  return new Date(Date.UTC(d.year, d.month - 1, d.day, 23, 59, 59, 999));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 date-time; seconds and the zone may be left out. A space before the offset is a '+' that a
// query string decoded as a space (`?knownAt=2026-11-15T10:00+01:00` arrives as "…T10:00 01:00").
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+\- ]\d{2}:\d{2})?$/;

const message = (field: string) =>
  `${field} must be a date (2026-11-15, meaning the end of that day UTC) or a timestamp (2026-11-15T09:30:00Z).`;

/** The instant a timestamp names, or null when it is not one. Without a zone it is UTC, like every date here. */
function parseTimestamp(text: string): Date | null {
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [, date, hh, mm, ss, fraction, zone] = match;
  const d = parseIsoDate(date as string);
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = ss === undefined ? 0 : Number(ss);
  if (d === null || hours > 23 || minutes > 59 || seconds > 59) return null;
  // Postgres keeps microseconds, a Date milliseconds: further digits are cut, not rounded up past the instant.
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(Date.UTC(d.year, d.month - 1, d.day, hours, minutes, seconds, ms) - offsetMinutes * 60_000);
}

/**
 * The knowledge time a request asks for (`?knownAt=`): absent or empty → `now`; an ISO date → the end
 * of that day UTC (23:59:59.999); an ISO timestamp → that instant (UTC when it names no zone).
 * Anything else, or the parameter given twice, throws a validation error naming `field` (a 422 in the
 * API, a field message in the UI).
 *
 * A knownAt after `now` is answered with today's knowledge (clamped to `now`), not refused: nothing
 * can be known later than now, so "as known at a future instant" is "as known now" — and "as known
 * then" for today's date asks for the end of today, which has not come yet. Refusing would turn that
 * everyday request into an error. The clamped instant is what the answer must report as its knownAt.
 */
export function parseKnownAt(param: string | readonly string[] | null | undefined, now: Date, field = "knownAt"): Date {
  if (param === undefined || param === null || param === "") return now;
  if (typeof param !== "string") throw invalid(`Give ${field} once.`, field);
  const text = param.trim();
  let at: Date | null;
  if (DATE.test(text)) at = parseIsoDate(text) === null ? null : endOfDayUtc(text);
  else at = parseTimestamp(text);
  if (at === null) throw invalid(message(field), field);
  return at.getTime() > now.getTime() ? now : at;
}

/** The UTC calendar date of an instant, 'YYYY-MM-DD'. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
