import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpis, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, canRecordMeasurement } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { periodStart } from "@/lib/scoring/period";
import { idSchema } from "@/lib/validations/team";
import { runIdempotent } from "./idempotency";
import { memberTeamIds } from "./kpis";
import { audit, withTenant } from "./tenant";

/** One value to write: `kpiId` is a KPI's id or key; `date` any day of the period (already validated). */
export interface IngestItem {
  kpiId: string;
  date: string;
  value: number;
  note?: string | null;
}

export interface ItemProblem {
  index: number;
  field: "kpiId" | "date" | "value" | "note";
  message: string;
}

/** Some items can't be written: nothing was. */
export class ItemsInvalid extends AppError {
  constructor(readonly problems: ItemProblem[]) {
    super(
      "validation",
      `${problems.length === 1 ? "1 measurement is" : `${problems.length} measurements are`} invalid; nothing was written.`,
    );
  }
}

export interface IngestResult {
  /** Values written. */
  count: number;
  /** Of those, values for a (KPI, period) that had none. */
  inserted: number;
  /** Of those, values that replaced the period's previous value. */
  replaced: number;
  /** Distinct KPIs written to. */
  kpis: number;
}

/**
 * Writes every item or none, in the caller's transaction: each KPI must be this organisation's and
 * recordable by the actor, and a request may hold one value per (KPI, period). One statement writes
 * them all (rows travel as one JSON parameter, so Postgres's 65,535-parameter limit never applies),
 * and one audit entry records the batch with the token that sent it.
 */
export async function ingestInTransaction(
  tx: Tx,
  ctx: OrgContext,
  items: IngestItem[],
  idempotencyKey?: string,
): Promise<IngestResult> {
  assertCan(ctx, "measurements.write");
  const refOf = (item: IngestItem) => item.kpiId.trim().toUpperCase();
  const refs = [...new Set(items.map(refOf))];
  const isId = (r: string) => idSchema.safeParse(r.toLowerCase()).success;
  const ids = refs.filter(isId).map((r) => r.toLowerCase());
  const keys = refs.filter((r) => !isId(r));
  const [known, teamIds] = await Promise.all([
    tx
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
      ),
    ctx.role === "owner" || ctx.role === "admin" ? Promise.resolve(new Set<string>()) : memberTeamIds(tx, ctx),
  ]);
  const byRef = new Map(known.flatMap((k) => [[k.key.toUpperCase(), k] as const, [k.id.toUpperCase(), k] as const]));
  const problems: ItemProblem[] = [];
  const rows: { kpi_id: string; period: string; value: number; note: string | null }[] = [];
  const seen = new Map<string, number>();
  // Bulk data repeats dates across KPIs: compute each (date, cadence) period once.
  const periods = new Map<string, string>();
  const periodOf = (date: string, cadence: "week" | "month" | "quarter") => {
    const key = `${cadence}|${date}`;
    let period = periods.get(key);
    if (period === undefined) periods.set(key, (period = periodStart(date, cadence)));
    return period;
  };
  items.forEach((item, index) => {
    const kpi = byRef.get(refOf(item));
    if (!kpi)
      return void problems.push({ index, field: "kpiId", message: `No KPI “${item.kpiId}” in this organisation.` });
    if (!canRecordMeasurement(ctx, kpi, teamIds)) {
      return void problems.push({
        index,
        field: "kpiId",
        message: `This token's creator can't record values for ${kpi.key}.`,
      });
    }
    const period = periodOf(item.date, kpi.cadence);
    const pair = `${kpi.id}|${period}`;
    const first = seen.get(pair);
    if (first !== undefined) {
      return void problems.push({
        index,
        field: "date",
        message: `${kpi.key} already has a value for the period starting ${period} in item ${first}.`,
      });
    }
    seen.set(pair, index);
    rows.push({ kpi_id: kpi.id, period, value: item.value, note: item.note || null });
  });
  if (problems.length) throw new ItemsInvalid(problems);

  const result = await tx.execute<{ total: number; inserted: number }>(sql`
    with upserted as (
      insert into measurements (org_id, kpi_id, period, value, note, recorded_by, updated_at)
      select ${ctx.org.id}::uuid, x.kpi_id, x.period, x.value, x.note, ${ctx.user.id}, now()
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(kpi_id uuid, period date, value double precision, note text)
      on conflict (org_id, kpi_id, period) do update
        set value = excluded.value, note = excluded.note, recorded_by = excluded.recorded_by, updated_at = now()
      returning (xmax = 0) as inserted
    )
    select count(*)::int as total, (count(*) filter (where inserted))::int as inserted from upserted`);
  const counts = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as {
    total: number;
    inserted: number;
  };
  const outcome: IngestResult = {
    count: Number(counts.total),
    inserted: Number(counts.inserted),
    replaced: Number(counts.total) - Number(counts.inserted),
    kpis: new Set(rows.map((r) => r.kpi_id)).size,
  };
  await audit(
    tx,
    ctx,
    "measurements.ingested",
    { type: "organisation", id: ctx.org.id },
    { ...outcome, idempotencyKey: idempotencyKey ?? null },
  );
  return outcome;
}

/**
 * Bulk ingestion for the API: all items or none. Answers the status and JSON text to send; with an
 * idempotency key the first answer is kept and replayed for the same request (see runIdempotent).
 */
export async function ingestMeasurements(
  ctx: OrgContext,
  items: IngestItem[],
  idempotency?: { key: string; requestHash: string },
): Promise<{ status: number; body: string; replayed: boolean }> {
  if (!idempotency) {
    const result = await withTenant(ctx, (tx) => ingestInTransaction(tx, ctx, items));
    return { status: 200, body: JSON.stringify(result), replayed: false };
  }
  return runIdempotent(ctx, idempotency, async (tx) => ({
    status: 200,
    body: JSON.stringify(await ingestInTransaction(tx, ctx, items, idempotency.key)),
  }));
}
