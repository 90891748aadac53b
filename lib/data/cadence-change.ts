import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpiCadenceVersions, measurements } from "@/db/schema";
import { now } from "@/lib/clock";
import type { OrgContext } from "@/lib/auth/org-context";
import { conflict, invalid } from "@/lib/errors";
import { periodStart, rebucket, type Cadence, type RebucketPreview } from "@/lib/scoring";
import { deleteMeasurementValues, writeMeasurements } from "./measurement-writes";

/*
 * A cadence change re-buckets the whole series (DESIGN "Time"): each old value goes to the new period
 * holding its old period's start, the latest old value of a new period wins. The database refuses a
 * value whose period is not the start of a bucket of its KPI's cadence (migration 0008), so the values
 * leave first (tombstones for the periods that go), the KPI's cadence changes, then the new values are
 * written as new versions: all in the caller's transaction, through the one write path.
 */

/** What a cadence change does to a KPI's values: the counts and a few examples old → new. */
export interface CadencePreview extends RebucketPreview {
  examples: { from: string; to: string; value: number }[];
}

const EXAMPLES = 3;

async function storedValues(tx: Tx, ctx: OrgContext, kpiId: string) {
  return tx
    .select({ period: measurements.period, value: measurements.value, note: measurements.note })
    .from(measurements)
    .where(and(eq(measurements.orgId, ctx.org.id), eq(measurements.kpiId, kpiId)))
    .orderBy(asc(measurements.period));
}

/** What re-bucketing `values` from `from` to `to` does (pure: the edit page previews it without a query). */
export function cadencePreview(
  values: { period: string; value: number }[],
  from: Cadence,
  to: Cadence,
): CadencePreview {
  const { preview } = rebucket(values, from, to);
  // The latest values are the ones a reader recognises.
  const examples = [...values]
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
    .slice(-EXAMPLES)
    .map((v) => ({ from: v.period, to: periodStart(v.period, to), value: v.value }));
  return { ...preview, examples };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Starts a KPI's change to cadence `to`: refuses it (409 `cadence_has_values`) when the KPI has values
 * and `confirmed` is not true, and refuses `confirmed` on a KPI without values (422 naming `rebucket`).
 * Otherwise moves the values out of the way and answers the step to run once the KPI's cadence is
 * changed, which writes the re-bucketed values, with what was done (null when nothing was).
 */
export async function startCadenceChange(
  tx: Tx,
  ctx: OrgContext,
  kpi: { id: string; key: string; cadence: Cadence },
  to: Cadence,
  confirmed: boolean | undefined,
): Promise<() => Promise<CadencePreview | null>> {
  const values = await storedValues(tx, ctx, kpi.id);
  if (values.length === 0) {
    if (confirmed) throw invalid(`${kpi.key} has no values: there is nothing to re-bucket.`, "rebucket");
    return async () => null;
  }
  if (to === kpi.cadence) return async () => null;
  const preview = cadencePreview(values, kpi.cadence, to);
  if (!confirmed) {
    throw conflict(
      `${kpi.key} has ${plural(values.length, "value")} by ${kpi.cadence}: changing its cadence to ${to} re-buckets them into ${plural(preview.after, "period")}. Confirm the re-bucketing (in the API: "rebucket": true) to change it.`,
      "cadence",
      "cadence_has_values",
    );
  }
  const { writes } = rebucket(values, kpi.cadence, to);
  // A new period takes the value, and the note, of the latest old period inside it.
  const noteOf = new Map<string, string | null>();
  for (const v of values) noteOf.set(periodStart(v.period, to), v.note);
  // Periods whose value changes are rewritten after the cadence changes; those that go get tombstones now.
  await deleteMeasurementValues(tx, ctx, kpi.id, writes.remove);
  return async () => {
    await writeMeasurements(
      tx,
      ctx,
      writes.record.map((m) => ({
        kpiId: kpi.id,
        period: m.period,
        value: m.value,
        note: noteOf.get(m.period) ?? null,
      })),
    );
    return preview;
  };
}

/**
 * Records a KPI's new cadence with its knowledge time (now), and the first time also the cadence it had
 * from its creation, so scores as known before the change keep the old cadence (DESIGN "knownAt").
 */
export async function recordCadence(
  tx: Tx,
  ctx: OrgContext,
  kpi: { id: string; cadence: Cadence; createdAt: Date },
  to: Cadence,
): Promise<void> {
  if (to === kpi.cadence) return;
  const known = await tx
    .select({ seq: kpiCadenceVersions.seq })
    .from(kpiCadenceVersions)
    .where(and(eq(kpiCadenceVersions.orgId, ctx.org.id), eq(kpiCadenceVersions.kpiId, kpi.id)))
    .limit(1);
  const at = now();
  // The creation time is the database's; a clock set back (tests, a host's skew) must not put it after the change.
  const created = new Date(Math.min(kpi.createdAt.getTime(), at.getTime()));
  await tx
    .insert(kpiCadenceVersions)
    .values([
      ...(known.length ? [] : [{ orgId: ctx.org.id, kpiId: kpi.id, cadence: kpi.cadence, recordedAt: created }]),
      { orgId: ctx.org.id, kpiId: kpi.id, cadence: to, recordedAt: at },
    ]);
}
