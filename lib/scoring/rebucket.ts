import { periodStart } from "./period";
import { prepareMeasurements } from "./series";
import type { Cadence, IsoDate, Measurement } from "./types";

/**
 * Cadence changes (DESIGN "Time"): every stored value is re-bucketed into the new cadence, and each
 * value's new period is the one holding its old period's *start*:
 * - coarser (week → month → quarter): a new period takes the value of the latest old period inside it;
 * - finer (quarter → month → week): each old value goes to the new period holding its old period's start.
 * Weeks do not nest in months or quarters: a week belongs to the month or quarter its Monday is in (the
 * week of Monday 29 June 2026 counts for June although most of it is in July), and a month or quarter
 * moving to weeks lands in the ISO week of its first day, which may begin in the month before (1 July
 * 2026 is a Wednesday: its week starts on 29 June).
 */

export interface RebucketPreview {
  /** Values before and after. */
  before: number;
  after: number;
  /** Old values that share their new period with other values: only the latest of each group remains. */
  merged: number;
  /** Old values alone in their new period whose period date changes. */
  moved: number;
  /** Old values alone in their new period on the same date. */
  stayed: number;
  /** Old values no longer stored, replaced by a later one of their new period (`before − after`). */
  dropped: number;
}

export interface RebucketResult {
  /** The series in the new cadence, sorted by period. */
  values: Measurement[];
  preview: RebucketPreview;
  /**
   * The writes that turn the old series into the new one (as new measurement versions): values to
   * record for new periods whose value differs from what the old series holds there, and tombstones
   * for old periods that are no period of the new series.
   */
  writes: { record: Measurement[]; remove: IsoDate[] };
}

/**
 * Re-bucket a KPI's values from cadence `from` to `to`. Every old period must be the start of a
 * `from` period, with one value per period (a RangeError otherwise: the series would already be
 * ambiguous). The same cadence returns the values unchanged.
 */
export function rebucket(values: readonly Measurement[], from: Cadence, to: Cadence): RebucketResult {
  const series = prepareMeasurements(values);
  const groups = new Map<IsoDate, { old: IsoDate[]; value: number }>();
  series.periods.forEach((period, i) => {
    if (periodStart(period, from) !== period)
      throw new RangeError(`Period ${period} is not the start of a ${from}: the values do not match the cadence.`);
    const target = periodStart(period, to);
    const group = groups.get(target);
    // Old periods come in ascending order: the last one seen is the latest inside the new period.
    if (group) {
      group.old.push(period);
      group.value = series.values[i] as number;
    } else groups.set(target, { old: [period], value: series.values[i] as number });
  });

  const oldValue = new Map(series.periods.map((p, i) => [p, series.values[i] as number]));
  const next: Measurement[] = [];
  const record: Measurement[] = [];
  let merged = 0;
  let moved = 0;
  let stayed = 0;
  for (const [period, group] of groups) {
    next.push({ period, value: group.value });
    if (oldValue.get(period) !== group.value) record.push({ period, value: group.value });
    if (group.old.length > 1) merged += group.old.length;
    else if (group.old[0] === period) stayed++;
    else moved++;
  }
  const remove = series.periods.filter((p) => !groups.has(p));
  const byPeriod = (a: Measurement, b: Measurement) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0);

  return {
    values: next.sort(byPeriod),
    preview: {
      before: series.periods.length,
      after: next.length,
      merged,
      moved,
      stayed,
      dropped: series.periods.length - next.length,
    },
    writes: { record: record.sort(byPeriod), remove },
  };
}
