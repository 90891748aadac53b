import "server-only";
import type { Tx } from "@/db/client";
import type { OrgContext } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import { runIdempotent } from "./idempotency";
import {
  checkMeasurements,
  resolveRecordableKpis,
  writeMeasurements,
  type MeasurementProblem,
  type WriteOutcome,
} from "./measurement-writes";
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

export type IngestResult = Omit<WriteOutcome, "previous">;

/** A problem as the API names it: `measurements.<index>.<field>`, worded for a token. */
function itemProblem(problem: MeasurementProblem): ItemProblem {
  const { index } = problem;
  switch (problem.code) {
    case "kpi_not_recordable":
      return { index, field: "kpiId", message: `This token's creator can't record values for ${problem.kpi.key}.` };
    case "duplicate":
      return { index, field: "date", message: problem.message };
    default:
      return { index, field: problem.field === "kpi" ? "kpiId" : problem.field, message: problem.message };
  }
}

/**
 * Writes every item or none, in the caller's transaction (see measurement-writes.ts), and records the
 * batch in one audit entry with the token that sent it.
 */
export async function ingestInTransaction(
  tx: Tx,
  ctx: OrgContext,
  items: IngestItem[],
  idempotencyKey?: string,
): Promise<IngestResult> {
  const kpiOf = await resolveRecordableKpis(
    tx,
    ctx,
    items.map((item) => item.kpiId),
  );
  const { rows, problems } = checkMeasurements(
    kpiOf,
    items.map((item) => ({ kpi: item.kpiId, date: item.date, value: item.value, note: item.note })),
  );
  if (problems.length) throw new ItemsInvalid(problems.map(itemProblem));
  const { count, inserted, replaced, kpis } = await writeMeasurements(tx, ctx, rows);
  const outcome = { count, inserted, replaced, kpis };
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
