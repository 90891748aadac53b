import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpis, measurements, teams, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, canRecordMeasurement } from "@/lib/auth/permissions";
import type { MeasurementRow } from "@/lib/csv";
import { forbidden, notFound } from "@/lib/errors";
import { periodStart } from "@/lib/scoring/period";
import { measurementFields } from "@/lib/validations/kpi";
import { idSchema } from "@/lib/validations/team";
import { findKpi, memberTeamIds } from "./kpis";
import { findStream } from "./streams";
import { audit, withTenant } from "./tenant";

const cannotRecord = () => forbidden("You can record values only for KPIs of your teams or of streams you own.");

async function findRecordableKpi(tx: Tx, ctx: OrgContext, kpiId: string) {
  assertCan(ctx, "measurements.write");
  const kpi = await findKpi(tx, ctx, kpiId);
  if (!canRecordMeasurement(ctx, kpi, await memberTeamIds(tx, ctx))) throw cannotRecord();
  return kpi;
}

interface Upsert {
  kpiId: string;
  period: string;
  value: number;
  note: string | null;
}

/** Writes values, one per (KPI, period), replacing what was there; answers the values replaced. */
async function upsertMeasurements(tx: Tx, ctx: OrgContext, rows: Upsert[]) {
  if (rows.length === 0) return [];
  const kpiIds = [...new Set(rows.map((r) => r.kpiId))];
  const periods = rows.map((r) => r.period).sort();
  const existing = await tx
    .select({
      kpiId: measurements.kpiId,
      period: measurements.period,
      value: measurements.value,
      note: measurements.note,
    })
    .from(measurements)
    .where(
      and(
        eq(measurements.orgId, ctx.org.id),
        inArray(measurements.kpiId, kpiIds),
        gte(measurements.period, periods[0]!),
        lte(measurements.period, periods.at(-1)!),
      ),
    );
  const wanted = new Set(rows.map((r) => `${r.kpiId}|${r.period}`));
  const replaced = existing.filter((e) => wanted.has(`${e.kpiId}|${e.period}`));
  // Postgres takes at most 65,535 parameters a statement: 6 a row.
  for (let i = 0; i < rows.length; i += 5000) {
    await tx
      .insert(measurements)
      .values(rows.slice(i, i + 5000).map((r) => ({ ...r, orgId: ctx.org.id, recordedBy: ctx.user.id })))
      .onConflictDoUpdate({
        target: [measurements.orgId, measurements.kpiId, measurements.period],
        set: {
          value: sql`excluded.value`,
          note: sql`excluded.note`,
          recordedBy: sql`excluded.recorded_by`,
          updatedAt: sql`now()`,
        },
      });
  }
  return replaced;
}

/** Records a value for the period holding `date`; a second value for a period replaces the first. */
export async function recordMeasurement(
  ctx: OrgContext,
  input: { kpiId: string; date: string; value: number; note?: string },
) {
  return withTenant(ctx, async (tx) => {
    const kpi = await findRecordableKpi(tx, ctx, input.kpiId);
    const period = periodStart(input.date, kpi.cadence);
    const [previous] = await upsertMeasurements(tx, ctx, [
      { kpiId: kpi.id, period, value: input.value, note: input.note ?? null },
    ]);
    await audit(
      tx,
      ctx,
      previous ? "measurement.replaced" : "measurement.recorded",
      { type: "kpi", id: kpi.id },
      {
        key: kpi.key,
        period,
        value: input.value,
        note: input.note ?? null,
        ...(previous ? { previous: { value: previous.value, note: previous.note } } : {}),
      },
    );
    return { period, replaced: Boolean(previous) };
  });
}

export async function deleteMeasurement(ctx: OrgContext, input: { kpiId: string; period: string }) {
  await withTenant(ctx, async (tx) => {
    const kpi = await findRecordableKpi(tx, ctx, input.kpiId);
    const [removed] = await tx
      .delete(measurements)
      .where(
        and(eq(measurements.orgId, ctx.org.id), eq(measurements.kpiId, kpi.id), eq(measurements.period, input.period)),
      )
      .returning();
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
    const refs = [...new Set(rows.map((r) => r.kpi.trim().toUpperCase()).filter(Boolean))];
    // Each reference is looked up as an id or as a key, never both: a file of 50,000 distinct ids must
    // stay under Postgres's 65,535 parameters a statement.
    const isId = (r: string) => idSchema.safeParse(r.toLowerCase()).success;
    const ids = refs.filter(isId).map((r) => r.toLowerCase());
    const keys = refs.filter((r) => !isId(r));
    const known = refs.length
      ? await tx
          .select({
            id: kpis.id,
            key: kpis.key,
            cadence: kpis.cadence,
            teamId: kpis.teamId,
            streamOwnerId: valueStreams.ownerId,
          })
          .from(kpis)
          .innerJoin(valueStreams, and(eq(valueStreams.orgId, kpis.orgId), eq(valueStreams.id, kpis.streamId)))
          .where(
            and(
              eq(kpis.orgId, ctx.org.id),
              or(
                keys.length ? inArray(sql`upper(${kpis.key})`, keys) : undefined,
                ids.length ? inArray(kpis.id, ids) : undefined,
              ),
            ),
          )
      : [];
    const byRef = new Map(known.flatMap((k) => [[k.key.toUpperCase(), k] as const, [k.id.toUpperCase(), k] as const]));
    const teamIds = await memberTeamIds(tx, ctx);
    const errors: RowError[] = [];
    const upserts: Upsert[] = [];
    const seen = new Map<string, number>();
    for (const row of rows) {
      const kpi = byRef.get(row.kpi.trim().toUpperCase());
      if (!row.kpi) errors.push({ line: row.line, field: "kpi", message: "The KPI key or id is missing." });
      else if (!kpi)
        errors.push({ line: row.line, field: "kpi", message: `No KPI “${row.kpi}” in this organisation.` });
      else if (!canRecordMeasurement(ctx, kpi, teamIds)) {
        errors.push({ line: row.line, field: "kpi", message: `You can't record values for ${kpi.key}.` });
      }
      const date = measurementFields.date.safeParse(row.date);
      if (!date.success) errors.push({ line: row.line, field: "date", message: date.error.issues[0]!.message });
      const value = row.value === "" ? null : measurementFields.value.safeParse(row.value);
      if (!value || !value.success) {
        errors.push({
          line: row.line,
          field: "value",
          message: value ? value.error.issues[0]!.message : "The value is missing.",
        });
      }
      const note = measurementFields.note.safeParse(row.note);
      if (!note.success) errors.push({ line: row.line, field: "note", message: note.error.issues[0]!.message });
      if (!kpi || !date.success || !value?.success || !note.success) continue;
      const period = periodStart(date.data, kpi.cadence);
      const pair = `${kpi.id}|${period}`;
      const first = seen.get(pair);
      if (first !== undefined) {
        errors.push({
          line: row.line,
          field: "row",
          message: `${kpi.key} already has a value for the period starting ${period} on line ${first}.`,
        });
        continue;
      }
      seen.set(pair, row.line);
      upserts.push({ kpiId: kpi.id, period, value: value.data, note: note.data ?? null });
    }
    if (rows.length === 0) errors.push({ line: 1, field: "row", message: "The file has no rows to import." });
    if (errors.length) return { ok: false, errors };
    const kpiCount = new Set(upserts.map((u) => u.kpiId)).size;
    if (!options.apply) return { ok: true, applied: false, count: upserts.length, replaced: 0, kpiCount };
    const replaced = await upsertMeasurements(tx, ctx, upserts);
    await audit(
      tx,
      ctx,
      "measurements.imported",
      { type: "organisation", id: ctx.org.id },
      {
        count: upserts.length,
        kpis: kpiCount,
        replaced: replaced.map((r) => ({ kpiId: r.kpiId, period: r.period, value: r.value, note: r.note })),
      },
    );
    return { ok: true, applied: true, count: upserts.length, replaced: replaced.length, kpiCount };
  });
}

/** Every value of the KPIs of a stream or a team, as rows for CSV (kpi key, date, value, note). */
export async function exportMeasurements(ctx: OrgContext, scope: { streamId?: string; teamId?: string }) {
  return withTenant(ctx, async (tx) => {
    // A stream or team that is not this organisation's is not found, rather than an empty file.
    if (scope.streamId) await findStream(tx, ctx, scope.streamId);
    if (scope.teamId) {
      const [team] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.orgId, ctx.org.id), eq(teams.id, scope.teamId)));
      if (!team) throw notFound("That team");
    }
    const where = [eq(kpis.orgId, ctx.org.id), isNull(kpis.archivedAt)];
    if (scope.streamId) where.push(eq(kpis.streamId, scope.streamId));
    if (scope.teamId) where.push(eq(kpis.teamId, scope.teamId));
    return (
      tx
        .select({
          kpi: kpis.key,
          name: kpis.name,
          kind: kpis.kind,
          unit: kpis.unit,
          date: measurements.period,
          value: measurements.value,
          note: measurements.note,
        })
        .from(measurements)
        .innerJoin(kpis, and(eq(kpis.orgId, measurements.orgId), eq(kpis.id, measurements.kpiId)))
        .where(and(...where))
        // MKT-2 before MKT-10: by prefix, then by number.
        .orderBy(
          asc(sql`regexp_replace(${kpis.key}, '[0-9]+$', '')`),
          asc(sql`nullif(substring(${kpis.key} from '[0-9]+$'), '')::int`),
          asc(measurements.period),
        )
    );
  });
}

/** A KPI's values (by id or key) whose period overlaps [from, to], oldest first. */
export async function listMeasurements(ctx: OrgContext, idOrKey: string, range: { from?: string; to?: string } = {}) {
  return withTenant(ctx, async (tx) => {
    const kpi = await findKpi(tx, ctx, idOrKey);
    const values = await tx
      .select({
        period: measurements.period,
        value: measurements.value,
        note: measurements.note,
        updatedAt: measurements.updatedAt,
      })
      .from(measurements)
      .where(
        and(
          eq(measurements.orgId, ctx.org.id),
          eq(measurements.kpiId, kpi.id),
          range.from ? gte(measurements.period, periodStart(range.from, kpi.cadence)) : undefined,
          range.to ? lte(measurements.period, range.to) : undefined,
        ),
      )
      .orderBy(asc(measurements.period));
    return { kpi, measurements: values };
  });
}
