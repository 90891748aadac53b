import { scaleUtc } from "d3-scale";
import { utcDay, utcMonth, utcYear } from "d3-time";
import { utcFormat } from "d3-time-format";
import type { IsoDate } from "@/lib/scoring";

/** A calendar date (YYYY-MM-DD) as the UTC midnight that starts it. */
export function dateOf(iso: IsoDate): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

export interface TimeTick {
  at: Date;
  /** Position across the plot, 0 (left) to 100 (right), in percent of its width. */
  x: number;
  label: string;
  /** Also labelled on a narrow screen (the sparser set of ticks); the others only from `sm` up. */
  narrow: boolean;
  /** The label on a narrow screen, where the first narrow tick names the year. */
  narrowLabel: string;
}

export interface TimeAxis {
  domain: [Date, Date];
  /** Percent across the plot for a date: proportional to time, not to the index of a value. */
  x: (at: Date | IsoDate) => number;
  ticks: TimeTick[];
}

const formatDay = utcFormat("%b %-d");
const formatMonth = utcFormat("%b");
const formatMonthYear = utcFormat("%b %Y");
const formatYear = utcFormat("%Y");

/** d3's multi-scale reading, compacted: a year at its start, a month by name, a day as "Mar 2". */
function tickLabel(at: Date, first: boolean): string {
  if (utcMonth.floor(at) < at) return formatDay(at);
  if (utcYear.floor(at) < at) return first ? formatMonthYear(at) : formatMonth(at);
  return formatYear(at);
}

/**
 * A time axis over the dates given (at least one). A single date gets a fortnight either side so it
 * sits in the middle of a real time span. Ticks are d3's round calendar intervals (days, weeks,
 * months, quarters, years) spanning the domain; `wide` of them are labelled on a wide plot and the
 * sparser `narrow` set on a phone.
 */
export function timeAxis(dates: readonly (Date | IsoDate)[], { wide = 8, narrow = 4 } = {}): TimeAxis {
  if (dates.length === 0) throw new RangeError("timeAxis needs at least one date");
  const times = dates.map((d) => (typeof d === "string" ? dateOf(d) : d).getTime());
  let start = new Date(Math.min(...times));
  let end = new Date(Math.max(...times));
  if (start.getTime() === end.getTime()) {
    start = utcDay.offset(start, -14);
    end = utcDay.offset(end, 14);
  }
  const scale = scaleUtc().domain([start, end]).range([0, 100]);
  const wideTicks = scale.ticks(wide);
  const sparse = sparseTicks(wideTicks, scale.ticks(narrow), narrow);
  const firstNarrow = wideTicks.find((t) => sparse.has(t.getTime()));
  const ticks = wideTicks.map((at, i) => ({
    at,
    x: scale(at),
    label: tickLabel(at, i === 0),
    narrow: sparse.has(at.getTime()),
    narrowLabel: tickLabel(at, at === firstNarrow),
  }));
  return {
    domain: [start, end],
    x: (at) => scale(typeof at === "string" ? dateOf(at) : at),
    ticks,
  };
}

/**
 * The wide ticks also labelled on a phone: d3's sparser ticks where they are among the wide ones
 * (calendar intervals mostly nest: quarters in months), thinned to about `count` (d3 may answer the
 * same interval for both counts on a short span).
 */
function sparseTicks(wide: Date[], sparser: Date[], count: number): Set<number> {
  const wideTimes = new Set(wide.map((t) => t.getTime()));
  const shared = sparser.map((t) => t.getTime()).filter((t) => wideTimes.has(t));
  const base = shared.length >= 2 ? shared : [...wideTimes];
  const every = Math.ceil(base.length / count);
  return new Set(base.filter((_, i) => i % every === 0));
}
