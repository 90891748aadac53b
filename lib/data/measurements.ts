import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpis, measurements, measurementVersions } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan } from "@/lib/auth/permissions";
import type { MeasurementRow } from "@/lib/csv";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { now } from "@/lib/clock";
import { groupBy } from "@/lib/group-by";
import { findKpi } from "./kpis";
import { currentValues, valueHistory, valuesKnownAt, type PeriodRange } from "./measurement-history";
import {
  checkMeasurements,
  deleteMeasurementValue,
  formulaNotRecordable,
  resolveRecordableKpis,
  writeMeasurements,
  type KpiLookup,
  type MeasurementProblem,
  type RecordableKpi,
} from "./measurement-writes";
import { findStream } from "./streams";
import { findTeam } from "./teams";
import { audit, withTenant } from "./tenant";

const cannotRecord = () => forbidden("You can record values only for KPIs of your teams or of streams you own.");

/** The KPI a lookup found, or why the actor can't record for it: not found, or forbidden. */
function recordable(lookup: KpiLookup): RecordableKpi {
  if (lookup.ok) return lookup.kpi;
  if (lookup.code === "kpi_formula") throw invalid(formulaNotRecordable(lookup.kpi.key), "value");
  throw lookup.code === "kpi_not_recordable" ? cannotRecord() : notFound("That KPI");
}

async function findRecordableKpi(tx: Tx, ctx: OrgContext, kpiId: string): Promise<RecordableKpi> {
  return recordable((await resolveRecordableKpis(tx, ctx, [kpiId]))(kpiId));
}

/** Records a value for the period holding `date`; a second value for a period replaces the first. */
export async function recordMeasurement(
  ctx: OrgContext,
  input: { kpiId: string; date: string; value: number; note?: string },
) {
  return withTenant(ctx, async (tx) => {
    const kpiOf = await resolveRecordableKpis(tx, ctx, [input.kpiId]);
    const kpi = recordable(kpiOf(input.kpiId));
    const { rows, problems } = checkMeasurements(kpiOf, [
      { kpi: input.kpiId, date: input.date, value: input.value, note: input.note },
    ]);
    const [problem] = problems;
    if (problem) throw invalid(problem.message, problem.field);
    const row = rows[0]!;
    const outcome = await writeMeasurements(tx, ctx, rows, { previous: true });
    const previous = outcome.previous[0];
    const replaced = outcome.replaced > 0;
    await audit(
      tx,
      ctx,
      replaced ? "measurement.replaced" : "measurement.recorded",
      { type: "kpi", id: kpi.id },
      {
        key: kpi.key,
        period: row.period,
        value: row.value,
        note: row.note,
        ...(previous ? { previous: { value: previous.value, note: previous.note } } : {}),
      },
    );
    return { period: row.period, replaced };
  });
}

export async function deleteMeasurement(ctx: OrgContext, input: { kpiId: string; period: string }) {
  await withTenant(ctx, async (tx) => {
    const kpi = await findRecordableKpi(tx, ctx, input.kpiId);
    const removed = await deleteMeasurementValue(tx, ctx, kpi.id, input.period);
    if (!removed) throw notFound("That value");
    await audit(
      tx,
      ctx,
      "measurement.deleted",
      { type: "kpi", id: kpi.id },
      {
        key: kpi.key,
        period: removed.period,
        previous: { value: removed.value, note: removed.note },
      },
    );
  });
}

export interface RowError {
  line: number;
  field: "kpi" | "date" | "value" | "note" | "row";
  message: string;
}

export type ImportResult =
  { ok: true; applied: boolean; count: number; replaced: number; kpiCount: number } | { ok: false; errors: RowError[] };

/**
 * Checks every row (KPI known in this organisation and recordable by the user, date, value, note, one
 * value per KPI and period) and, when `apply` and every row is valid, writes them all in one
 * transaction. One bad row means nothing is written.
 */
export async function importMeasurements(
  ctx: OrgContext,
  rows: MeasurementRow[],
  options: { apply: boolean },
): Promise<ImportResult> {
  assertCan(ctx, "measurements.write");
  return withTenant(ctx, async (tx) => {
    const kpiOf = await resolveRecordableKpis(
      tx,
      ctx,
      rows.map((r) => r.kpi),
    );
    const checked = checkMeasurements(kpiOf, rows);
    const errors = checked.problems.map((p) => rowError(p, rows));
    if (rows.length === 0) errors.push({ line: 1, field: "row", message: "The file has no rows to import." });
    if (errors.length) return { ok: false, errors };
    const kpiCount = new Set(checked.rows.map((r) => r.kpiId)).size;
    const count = checked.rows.length;
    if (!options.apply) return { ok: true, applied: false, count, replaced: 0, kpiCount };
    const outcome = await writeMeasurements(tx, ctx, checked.rows, { previous: true });
    await audit(
      tx,
      ctx,
      "measurements.imported",
      { type: "organisation", id: ctx.org.id },
      { count, kpis: kpiCount, replaced: outcome.previous },
    );
    return { ok: true, applied: true, count, replaced: outcome.replaced, kpiCount };
  });
}

/** A problem as the import page shows it: by the file's line. */
function rowError(problem: MeasurementProblem, rows: MeasurementRow[]): RowError {
  const line = rows[problem.index]!.line;
  if (problem.code !== "duplicate") return { line, field: problem.field, message: problem.message };
  return {
    line,
    field: "row",
    message: `${problem.kpi.key} already has a value for the period starting ${problem.period} on line ${rows[problem.first]!.line}.`,
  };
}

/**
 * Every value of the KPIs of a stream or a team, as rows for CSV (kpi key, date, value, note): of the
 * periods starting on or before `asOf` (absent: all), as known at `knownAt` (absent: now, the current
 * values; given: per period the latest version recorded by then, from the history's index).
 */
export async function exportMeasurements(
  ctx: OrgContext,
  scope: { streamId?: string; teamId?: string },
  time: { asOf?: string; knownAt?: Date } = {},
) {
  return withTenant(ctx, async (tx) => {
    // A stream or team that is not this organisation's is not found, rather than an empty file.
    if (scope.streamId) await findStream(tx, ctx, scope.streamId);
    if (scope.teamId) await findTeam(tx, ctx, scope.teamId);
    const where = [eq(kpis.orgId, ctx.org.id), isNull(kpis.archivedAt)];
    if (scope.streamId) where.push(eq(kpis.streamId, scope.streamId));
    if (scope.teamId) where.push(eq(kpis.teamId, scope.teamId));
    const inScope = tx
      .select({ id: kpis.id })
      .from(kpis)
      .where(and(...where));
    const source = time.knownAt
      ? tx
          .selectDistinctOn([measurementVersions.kpiId, measurementVersions.period], {
            orgId: measurementVersions.orgId,
            kpiId: measurementVersions.kpiId,
            period: measurementVersions.period,
            value: measurementVersions.value,
            note: measurementVersions.note,
          })
          .from(measurementVersions)
          .where(
            and(
              eq(measurementVersions.orgId, ctx.org.id),
              inArray(measurementVersions.kpiId, inScope),
              time.asOf ? lte(measurementVersions.period, time.asOf) : undefined,
              lte(measurementVersions.recordedAt, time.knownAt),
            ),
          )
          .orderBy(
            measurementVersions.kpiId,
            measurementVersions.period,
            desc(measurementVersions.recordedAt),
            desc(measurementVersions.seq),
          )
          .as("m")
      : tx
          .select({
            orgId: measurements.orgId,
            kpiId: measurements.kpiId,
            period: measurements.period,
            value: measurements.value,
            note: measurements.note,
          })
          .from(measurements)
          .where(
            and(
              eq(measurements.orgId, ctx.org.id),
              inArray(measurements.kpiId, inScope),
              time.asOf ? lte(measurements.period, time.asOf) : undefined,
            ),
          )
          .as("m");
    const rows = await tx
      .select({
        kpi: kpis.key,
        name: kpis.name,
        kind: kpis.kind,
        unit: kpis.unit,
        date: source.period,
        value: source.value,
        note: source.note,
      })
      .from(source)
      .innerJoin(kpis, and(eq(kpis.orgId, source.orgId), eq(kpis.id, source.kpiId)))
      // A deletion known by then (a tombstone) leaves the period out.
      .where(and(eq(kpis.orgId, ctx.org.id), isNotNull(source.value)))
      // MKT-2 before MKT-10: by prefix, then by number.
      .orderBy(
        asc(sql`regexp_replace(${kpis.key}, '[0-9]+$', '')`),
        asc(sql`nullif(substring(${kpis.key} from '[0-9]+$'), '')::int`),
        asc(source.period),
      );
    return rows as (Omit<(typeof rows)[number], "value"> & { value: number })[];
  });
}

/**
 * A KPI's values (by id or key) whose period overlaps [from, to], oldest first, as known at `knownAt`
 * (absent: as known now, from the current values); with `history`, every version recorded by then,
 * tombstones included, with who recorded it.
 */
export async function listMeasurements(
  ctx: OrgContext,
  idOrKey: string,
  range: PeriodRange = {},
  options: { knownAt?: Date; history?: boolean } = {},
) {
  return withTenant(ctx, async (tx) => {
    const kpi = await findKpi(tx, ctx, idOrKey);
    if (options.history) {
      const versions = await valueHistory(tx, ctx.org.id, kpi, range, options.knownAt ?? now());
      return { kpi, history: true as const, versions };
    }
    const values = options.knownAt
      ? await valuesKnownAt(tx, ctx.org.id, kpi, range, options.knownAt)
      : await currentValues(tx, ctx.org.id, kpi, range);
    return { kpi, history: false as const, measurements: values };
  });
}

/**
 * A KPI's values for its page as of `asOf`: those of periods starting on or before it as known at
 * `knownAt` (absent: now), newest first, and every version of its periods up to `asOf` recorded by
 * then, by period (one KPI's history: its index bounds the read).
 */
export async function getKpiValues(ctx: OrgContext, idOrKey: string, asOf: string, knownAt?: Date) {
  return withTenant(ctx, async (tx) => {
    const kpi = await findKpi(tx, ctx, idOrKey);
    const range = { to: asOf };
    const [values, versions] = await Promise.all([
      knownAt ? valuesKnownAt(tx, ctx.org.id, kpi, range, knownAt) : currentValues(tx, ctx.org.id, kpi, range),
      valueHistory(tx, ctx.org.id, kpi, range, knownAt ?? now()),
    ]);
    return { values: values.reverse(), history: groupBy(versions, (v) => v.period) };
  });
}
