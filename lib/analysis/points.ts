import { asSeries, calendarDate, indexAsOf, type IsoDate, type MeasurementsLike } from "@/lib/scoring";

/** One measured period of a KPI. */
export interface Point {
  period: IsoDate;
  value: number;
}

/** The measurements of periods starting on or before `asOf`, oldest first (DESIGN: "values on or before D"). */
export function pointsAsOf(measurements: MeasurementsLike, asOf: IsoDate): Point[] {
  calendarDate(asOf);
  const series = asSeries(measurements);
  const last = indexAsOf(series, asOf);
  const points: Point[] = new Array<Point>(last + 1);
  for (let i = 0; i <= last; i++)
    points[i] = { period: series.periods[i] as IsoDate, value: series.values[i] as number };
  return points;
}
