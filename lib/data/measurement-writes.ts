import "server-only";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpis, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { now } from "@/lib/clock";
import { assertCan, canRecordMeasurement } from "@/lib/auth/permissions";
import { periodStart, type Cadence } from "@/lib/scoring";
import { measurementFields } from "@/lib/validations/kpi";
import { idSchema } from "@/lib/validations/team";
import { memberTeamIds } from "./kpis";

/*
 * The one way values are written, for the form, the CSV import and the API alike:
 *   1. resolveRecordableKpis: the KPIs named by id or key, in one query, each with whether the actor may record for it;
 *   2. checkMeasurements: every item checked (KPI, date, value, note, one value per KPI and period), as problems
 *      that each caller words for its surface (a field message, a CSV line, an API detail);
 *   3. writeMeasurements: one statement writes them all.
 */

/** A KPI as the write path needs it. */
export interface RecordableKpi {
  id: string;
  key: string;
  cadence: Cadence;
  teamId: string | null;
  streamOwnerId: string | null;
}

export type KpiLookup =
  | { ok: true; kpi: RecordableKpi }
  | { ok: false; code: "kpi_missing" | "kpi_unknown" }
  | { ok: false; code: "kpi_not_recordable"; kpi: RecordableKpi }
  /** A formula KPI: its values are computed from its inputs, never recorded. */
  | { ok: false; code: "kpi_formula"; kpi: RecordableKpi };

const normalise = (ref: string) => ref.trim().toUpperCase();
const isId = (ref: string) => idSchema.safeParse(ref.toLowerCase()).success;

/**
 * Looks the KPIs up by id or key (any case) in one query, and the actor's teams at most once, when a
 * KPI is not recordable without them. Answers a lookup by reference. Throws forbidden for a role that
 * records nothing.
 */
export async function resolveRecordableKpis(
  tx: Tx,
  ctx: OrgContext,
  refs: Iterable<string>,
): Promise<(ref: string) => KpiLookup> {
  assertCan(ctx, "measurements.write");
  // Postgres text can't hold NUL: such a reference names no KPI and is not sent.
  const wanted = [...new Set(Array.from(refs, normalise))].filter((r) => r !== "" && !r.includes("\u0000"));
  // Each reference is looked up as an id or as a key, never both: 50,000 distinct ids stay under
  // Postgres's 65,535 parameters a statement.
  const ids = wanted.filter(isId).map((r) => r.toLowerCase());
  const keys = wanted.filter((r) => !isId(r));
  const known = wanted.length
    ? await tx
        .select({
          id: kpis.id,
          key: kpis.key,
          cadence: kpis.cadence,
          teamId: kpis.teamId,
          streamOwnerId: valueStreams.ownerId,
          formula: sql<boolean>`${kpis.formulaNumeratorId} is not null`,
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
  const none = new Set<string>();
  const needsTeams = known.some((kpi) => !canRecordMeasurement(ctx, kpi, none));
  const teamIds = needsTeams ? await memberTeamIds(tx, ctx) : none;
  const lookups = new Map<string, KpiLookup>();
  for (const { formula, ...kpi } of known) {
    const lookup: KpiLookup = formula
      ? { ok: false, code: "kpi_formula", kpi }
      : canRecordMeasurement(ctx, kpi, teamIds)
        ? { ok: true, kpi }
        : { ok: false, code: "kpi_not_recordable", kpi };
    lookups.set(kpi.key.toUpperCase(), lookup);
    lookups.set(kpi.id.toUpperCase(), lookup);
  }
  return (ref) => {
    const wantedRef = normalise(ref);
    if (wantedRef === "") return { ok: false, code: "kpi_missing" };
    return lookups.get(wantedRef) ?? { ok: false, code: "kpi_unknown" };
  };
}

/** One value as a caller received it: the KPI by id or key, `date` any day of its period. */
export interface MeasurementInput {
  kpi: string;
  date: unknown;
  value: unknown;
  note?: unknown;
}

/** One value to write, filed under its period. */
export interface MeasurementWrite {
  kpiId: string;
  period: string;
  value: number;
  note: string | null;
}

export const formulaNotRecordable = (key: string) =>
  `${key} is a formula KPI: its values are computed from its inputs and can't be recorded.`;

/** What is wrong with an item; `message` is the plain wording, which a caller may say its own way. */
export type MeasurementProblem = { index: number; message: string } & (
  | { field: "kpi"; code: "kpi_missing" | "kpi_unknown"; ref: string }
  | { field: "kpi"; code: "kpi_not_recordable" | "kpi_formula"; kpi: RecordableKpi }
  | { field: "date" | "value" | "note"; code: "invalid" }
  /** A second value for a (KPI, period) in one request: `first` is the index of the item that has it. */
  | { field: "period"; code: "duplicate"; kpi: RecordableKpi; period: string; first: number }
);

function kpiProblem(index: number, ref: string, lookup: Exclude<KpiLookup, { ok: true }>): MeasurementProblem {
  switch (lookup.code) {
    case "kpi_missing":
      return { index, field: "kpi", code: lookup.code, ref, message: "The KPI key or id is missing." };
    case "kpi_unknown":
      return { index, field: "kpi", code: lookup.code, ref, message: `No KPI “${ref}” in this organisation.` };
    case "kpi_not_recordable":
      return {
        index,
        field: "kpi",
        code: lookup.code,
        kpi: lookup.kpi,
        message: `You can't record values for ${lookup.kpi.key}.`,
      };
    case "kpi_formula":
      return { index, field: "kpi", code: lookup.code, kpi: lookup.kpi, message: formulaNotRecordable(lookup.kpi.key) };
  }
}

/**
 * Checks every item: its KPI (known and recordable), date, value and note, and that the request holds
 * one value per (KPI, period). Answers the rows to write, in the items' order, and every problem, item
 * by item (an item's KPI, then date, value and note; a duplicate only for an item otherwise valid).
 */
export function checkMeasurements(
  kpiOf: (ref: string) => KpiLookup,
  items: readonly MeasurementInput[],
): { rows: MeasurementWrite[]; problems: MeasurementProblem[] } {
  const problems: MeasurementProblem[] = [];
  const rows: MeasurementWrite[] = [];
  const seen = new Map<string, number>();
  // Bulk data repeats dates across KPIs: compute each (date, cadence) period once.
  const periods = new Map<string, string>();
  const periodOf = (date: string, cadence: Cadence) => {
    const key = `${cadence}|${date}`;
    let period = periods.get(key);
    if (period === undefined) periods.set(key, (period = periodStart(date, cadence)));
    return period;
  };
  items.forEach((item, index) => {
    const invalid = (field: "date" | "value" | "note", message: string) =>
      problems.push({ index, field, code: "invalid", message });
    const lookup = kpiOf(item.kpi);
    if (!lookup.ok) problems.push(kpiProblem(index, item.kpi, lookup));
    const date = measurementFields.date.safeParse(item.date);
    if (!date.success) invalid("date", date.error.issues[0]!.message);
    const blank = item.value === undefined || item.value === null || item.value === "";
    const value = blank ? undefined : measurementFields.value.safeParse(item.value);
    if (!value) invalid("value", "The value is missing.");
    else if (!value.success) invalid("value", value.error.issues[0]!.message);
    // The note's field rule also refuses NUL, which Postgres text can't hold.
    const note = measurementFields.note.safeParse(item.note ?? undefined);
    if (!note.success) invalid("note", note.error.issues[0]!.message);
    if (!lookup.ok || !date.success || !value?.success || !note.success) return;
    const period = periodOf(date.data, lookup.kpi.cadence);
    const pair = `${lookup.kpi.id}|${period}`;
    const first = seen.get(pair);
    if (first !== undefined) {
      problems.push({
        index,
        field: "period",
        code: "duplicate",
        kpi: lookup.kpi,
        period,
        first,
        message: `${lookup.kpi.key} already has a value for the period starting ${period} in item ${first}.`,
      });
      return;
    }
    seen.set(pair, index);
    rows.push({ kpiId: lookup.kpi.id, period, value: value.data, note: note.data ?? null });
  });
  return { rows, problems };
}

export interface PreviousValue {
  kpiId: string;
  period: string;
  value: number;
  note: string | null;
}

export interface WriteOutcome {
  /** Values written. */
  count: number;
  /** Of those, values for a (KPI, period) that had none. */
  inserted: number;
  /** Of those, values that replaced the period's previous value. */
  replaced: number;
  /** Distinct KPIs written to. */
  kpis: number;
  /** With `previous: true`: the values replaced, as they were (for the audit log). */
  previous: PreviousValue[];
}

const byKpiAndPeriod = (a: MeasurementWrite, b: MeasurementWrite) =>
  a.kpiId < b.kpiId ? -1 : a.kpiId > b.kpiId ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : 0;

/**
 * Writes checked rows (one per KPI and period) in ONE statement, replacing what a period holds now and
 * appending each changed value to the period's history (recorded now, by the actor: a member or a token). Rows
 * travel as one JSON parameter (so Postgres's 65,535-parameter limit never applies) and are written in
 * (KPI, period) order, so two overlapping bulk writes lock rows in the same order and cannot deadlock.
 * With `previous`, the statement also answers the values it replaced, read from the snapshot it started
 * with (a value written by a concurrent request meanwhile is counted as replaced but not listed).
 */
export async function writeMeasurements(
  tx: Tx,
  ctx: OrgContext,
  rows: readonly MeasurementWrite[],
  options: { previous?: boolean } = {},
): Promise<WriteOutcome> {
  if (rows.length === 0) return { count: 0, inserted: 0, replaced: 0, kpis: 0, previous: [] };
  const sorted = [...rows].sort(byKpiAndPeriod);
  const json = JSON.stringify(sorted.map((r) => ({ kpi_id: r.kpiId, period: r.period, value: r.value, note: r.note })));
  const previous = options.previous
    ? sql`, (
        select coalesce(json_agg(json_build_object('kpiId', p.kpi_id, 'period', p.period, 'value', p.value, 'note', p.note)
          order by p.kpi_id, p.period), '[]'::json)
        from measurements p join input i on p.kpi_id = i.kpi_id and p.period = i.period
        where p.org_id = ${ctx.org.id}::uuid
      ) as previous`
    : sql``;
  // Measurement history (DESIGN "Time"): the same statement appends each value it changes as a version
  // recorded now (lib/clock) by the actor, so "as known at K" can be read back exactly. A value written
  // again unchanged (same value and note) is neither updated nor versioned: what is known stays the same.
  const recordedAt = now().toISOString();
  const result = await tx.execute(sql`
    with input as (
      select x.kpi_id, x.period, x.value, x.note
      from json_to_recordset(${json}::json) as x(kpi_id uuid, period date, value double precision, note text)
    ),
    upserted as (
      insert into measurements as m (org_id, kpi_id, period, value, note, recorded_by, updated_at, cadence)
      select ${ctx.org.id}::uuid, input.kpi_id, period, value, note, ${ctx.user.id}, ${recordedAt}::timestamptz, k.cadence
      from input join kpis k on k.org_id = ${ctx.org.id}::uuid and k.id = input.kpi_id
      order by input.kpi_id, period
      on conflict (org_id, kpi_id, period) do update
        set value = excluded.value, note = excluded.note, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at
        where (m.value, m.note) is distinct from (excluded.value, excluded.note)
      returning m.kpi_id, m.period, m.value, m.note, (xmax = 0) as inserted
    ),
    versioned as (
      insert into measurement_versions (org_id, kpi_id, period, value, note, recorded_at, author_user_id, author_token_id)
      select ${ctx.org.id}::uuid, kpi_id, period, value, note, ${recordedAt}::timestamptz, ${ctx.user.id}, ${ctx.tokenId ?? null}::uuid
      from upserted
      order by kpi_id, period
    )
    select (select count(*)::int from input join kpis k on k.org_id = ${ctx.org.id}::uuid and k.id = input.kpi_id) as total,
      (select count(*) filter (where inserted) from upserted)::int as inserted${previous}`);
  const [answer] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    total: number;
    inserted: number;
    previous?: PreviousValue[];
  }[];
  const total = Number(answer!.total);
  const inserted = Number(answer!.inserted);
  return {
    count: total,
    inserted,
    replaced: total - inserted,
    kpis: new Set(sorted.map((r) => r.kpiId)).size,
    previous: answer!.previous ?? [],
  };
}

/**
 * Deletes a period's value in ONE statement: the current value goes, and the history gets a tombstone
 * recorded now, so "as known then" still shows it. Answers the value deleted, or null when there was none.
 */
export async function deleteMeasurementValue(
  tx: Tx,
  ctx: OrgContext,
  kpiId: string,
  period: string,
): Promise<{ period: string; value: number; note: string | null } | null> {
  return (await deleteMeasurementValues(tx, ctx, kpiId, [period]))[0] ?? null;
}

/** Deletes the values of a KPI's periods in ONE statement, each with a tombstone recorded now. Answers those deleted. */
export async function deleteMeasurementValues(
  tx: Tx,
  ctx: OrgContext,
  kpiId: string,
  periods: readonly string[],
): Promise<{ period: string; value: number; note: string | null }[]> {
  if (periods.length === 0) return [];
  const result = await tx.execute(sql`
    with removed as (
      delete from measurements
      where org_id = ${ctx.org.id}::uuid and kpi_id = ${kpiId}::uuid
        and period in (select p::date from json_array_elements_text(${JSON.stringify(periods)}::json) as x(p))
      returning period, value, note
    ),
    tombstone as (
      insert into measurement_versions (org_id, kpi_id, period, value, note, recorded_at, author_user_id, author_token_id)
      select ${ctx.org.id}::uuid, ${kpiId}::uuid, period, null, null, ${now().toISOString()}::timestamptz, ${ctx.user.id}, ${ctx.tokenId ?? null}::uuid
      from removed
    )
    select to_char(period, 'YYYY-MM-DD') as period, value, note from removed order by period`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    period: string;
    value: number;
    note: string | null;
  }[];
}
