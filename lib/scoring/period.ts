import type { Cadence, IsoDate } from "./types";

/**
 * Calendar arithmetic on ISO date strings ('YYYY-MM-DD', UTC).
 * `parseIsoDate` / `assertIsoDate` are the strict validators for dates coming from outside (years
 * 1900..2200: API, CSV, settings). Inside lib/scoring every date only has to be a real date with a
 * year from 1000 to 9999 (`calendarDate`), so stepping back from an early date (a trend as of
 * January 1900) or forward from a late one still works; anything else throws a RangeError.
 */

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

export interface CalendarDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 'YYYY-MM-DD' naming a real calendar day (any 4-digit year), else null. */
function parseCalendarDate(text: string): CalendarDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Strict: exactly 'YYYY-MM-DD', a real calendar day, year 1900..2200; otherwise null. */
export function parseIsoDate(text: string): CalendarDate | null {
  const d = parseCalendarDate(text);
  return d !== null && d.year >= MIN_YEAR && d.year <= MAX_YEAR ? d : null;
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

/** parseIsoDate that throws a RangeError instead of returning null. */
export function assertIsoDate(text: string): CalendarDate {
  const parts = parseIsoDate(text);
  if (parts === null) {
    throw new RangeError(
      `Invalid date "${text}": expected a real date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}.`,
    );
  }
  return parts;
}

/** Input of the arithmetic functions: a real date, year 1000..9999 (Date.UTC misreads years below 100). */
export function calendarDate(text: string): CalendarDate {
  const d = parseCalendarDate(text);
  if (d === null || d.year < 1000) throw new RangeError(`Invalid date "${text}": expected a real date YYYY-MM-DD.`);
  return d;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

const dayNumber = (d: CalendarDate): number => Date.UTC(d.year, d.month - 1, d.day) / MS_PER_DAY;

function fromDayNumber(days: number): IsoDate {
  const date = new Date(days * MS_PER_DAY);
  return formatIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Days since Monday: 0 for Monday … 6 for Sunday (1970-01-01, day 0, was a Thursday). */
const isoWeekday = (days: number): number => (((days + 3) % 7) + 7) % 7;

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(calendarDate(date)) + days);
}

/** First month (1..12) of the quarter holding `month`. */
const quarterStartMonth = (month: number): number => month - ((month - 1) % 3);

/** The first month of the period `months` months after (year, month); month is 1..12. */
function shiftMonth(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The start of the cadence bucket holding `date`: the ISO week's Monday, the first of the month or quarter. */
export function periodStart(date: IsoDate, cadence: Cadence): IsoDate {
  const d = calendarDate(date);
  switch (cadence) {
    case "week": {
      const days = dayNumber(d);
      return fromDayNumber(days - isoWeekday(days));
    }
    case "month":
      return formatIsoDate(d.year, d.month, 1);
    case "quarter":
      return formatIsoDate(d.year, quarterStartMonth(d.month), 1);
  }
}

/** Start of the period `count` periods after (negative: before) the one holding `date`. */
export function shiftPeriod(date: IsoDate, cadence: Cadence, count: number): IsoDate {
  const d = calendarDate(date);
  if (cadence === "week") {
    const days = dayNumber(d);
    return fromDayNumber(days - isoWeekday(days) + 7 * count);
  }
  const first = cadence === "month" ? d.month : quarterStartMonth(d.month);
  const step = cadence === "month" ? 1 : 3;
  const m = shiftMonth(d.year, first, step * count);
  return formatIsoDate(m.year, m.month, 1);
}

/** Start of the period after the one holding `date` (normally given a period start). */
export function nextPeriod(date: IsoDate, cadence: Cadence): IsoDate {
  return shiftPeriod(date, cadence, 1);
}

/** Start of the period before the one holding `date`. */
export function previousPeriod(date: IsoDate, cadence: Cadence): IsoDate {
  return shiftPeriod(date, cadence, -1);
}

/** Last day of the period holding `date`: Sunday of its ISO week, last day of its month or quarter. */
export function periodEnd(date: IsoDate, cadence: Cadence): IsoDate {
  const d = calendarDate(date);
  switch (cadence) {
    case "week": {
      const days = dayNumber(d);
      return fromDayNumber(days - isoWeekday(days) + 6);
    }
    case "month":
      return formatIsoDate(d.year, d.month, daysInMonth(d.year, d.month));
    case "quarter": {
      const last = quarterStartMonth(d.month) + 2;
      return formatIsoDate(d.year, last, daysInMonth(d.year, last));
    }
  }
}

/** Last day of the month holding `date`. */
export function lastDayOfMonth(date: IsoDate): IsoDate {
  return periodEnd(date, "month");
}

/**
 * Starts of every period from the one holding `from` to the one holding `to`, both included,
 * oldest first; empty when `from` is after `to`.
 */
export function periodsBetween(from: IsoDate, to: IsoDate, cadence: Cadence): IsoDate[] {
  const last = periodStart(to, cadence);
  const result: IsoDate[] = [];
  for (let p = periodStart(from, cadence); p <= last; p = nextPeriod(p, cadence)) result.push(p);
  return result;
}
