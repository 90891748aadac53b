import { calendarDate } from "./period";
import type {
  IsoDate,
  KpiInput,
  Measurement,
  MeasurementSeries,
  MeasurementsLike,
  PreparedKpi,
  ScoringKpi,
} from "./types";

/**
 * Sort measurements by period once, so every as-of lookup is a binary search.
 * Periods are taken as stored (the start of the KPI's cadence bucket); they must be valid ISO dates,
 * and values finite. Two measurements for the same period throw a RangeError: the database keeps one
 * per (KPI, period), and picking one of two would make scores depend on the input order.
 */
export function prepareMeasurements(measurements: readonly Measurement[]): MeasurementSeries {
  for (const m of measurements) {
    calendarDate(m.period);
    if (!Number.isFinite(m.value))
      throw new RangeError(`Measurement for ${m.period} has a non-finite value: ${m.value}.`);
  }
  const sorted = [...measurements].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const periods: IsoDate[] = new Array<IsoDate>(sorted.length);
  const values: number[] = new Array<number>(sorted.length);
  sorted.forEach((m, i) => {
    if (i > 0 && periods[i - 1] === m.period) throw new RangeError(`Two measurements for period ${m.period}.`);
    periods[i] = m.period;
    values[i] = m.value;
  });
  return { periods, values };
}

/** The series itself when already prepared, else the measurements sorted. */
export function asSeries(measurements: MeasurementsLike): MeasurementSeries {
  return isSeries(measurements) ? measurements : prepareMeasurements(measurements);
}

function isSeries(measurements: MeasurementsLike): measurements is MeasurementSeries {
  return !Array.isArray(measurements);
}

function isPrepared(kpi: ScoringKpi): kpi is PreparedKpi {
  return "series" in kpi;
}

/** A KPI's definition versions checked, as measurements are: real dates and recording instants. */
export function checkVersions(kpi: KpiInput): void {
  for (const v of kpi.versions ?? []) {
    calendarDate(v.validFrom);
    for (const date of [v.targetDate, v.planStart]) if (date != null) calendarDate(date);
    if (!(v.recordedAt instanceof Date) || Number.isNaN(v.recordedAt.getTime()))
      throw new RangeError(`The version valid from ${v.validFrom} has no valid recordedAt.`);
  }
}

/**
 * Prepare a KPI once (sorting its measurements, checking its versions) and reuse the result for any
 * number of as-of dates.
 */
export function prepareKpi(kpi: ScoringKpi): PreparedKpi {
  if (isPrepared(kpi)) return kpi;
  try {
    checkVersions(kpi.kpi);
    return { kpi: kpi.kpi, series: prepareMeasurements(kpi.measurements) };
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(`KPI ${kpi.kpi.key}: ${error.message}`);
    throw error;
  }
}

export function prepareKpis(kpis: readonly ScoringKpi[]): PreparedKpi[] {
  return kpis.map(prepareKpi);
}

/**
 * Index of the latest period starting on or before `asOf`, or -1 when there is none.
 * ISO date strings with 4-digit years sort as text, so no parsing is needed here.
 */
export function indexAsOf(series: MeasurementSeries, asOf: IsoDate): number {
  const { periods } = series;
  let lo = 0;
  let hi = periods.length; // first index whose period is after asOf lies in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((periods[mid] as IsoDate) <= asOf) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
