import "server-only";
import { and, asc, desc, eq, gte, isNotNull, lte, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiTokens, measurements, measurementVersions, users } from "@/db/schema";
import { periodStart, type Cadence } from "@/lib/scoring";

/*
 * One KPI's values as known at an instant, and every version its periods were given (DESIGN
 * "Measurement history"). Both read measurement_versions through its index (org_id, kpi_id, period,
 * recorded_at desc, seq desc): only this KPI's rows in the period range, never the organisation's table.
 */

/** Periods overlapping [from, to]: from the period holding `from`, up to `to`. */
export interface PeriodRange {
  from?: string;
  to?: string;
}

export interface KnownValue {
  period: string;
  value: number;
  note: string | null;
  /** When the value as shown was recorded. */
  updatedAt: Date;
}

export interface ValueVersion {
  period: string;
  /** null: the value was deleted (a tombstone). */
  value: number | null;
  note: string | null;
  recordedAt: Date;
  /** Who recorded it: a member, or an API token (named by the token); null when unknown or since deleted. */
  author: { kind: "user" | "token"; id: string; name: string | null } | null;
}

function inRange(kpi: { id: string; cadence: Cadence }, orgId: string, range: PeriodRange, knownAt: Date) {
  return and(
    eq(measurementVersions.orgId, orgId),
    eq(measurementVersions.kpiId, kpi.id),
    range.from ? gte(measurementVersions.period, periodStart(range.from, kpi.cadence)) : undefined,
    range.to ? lte(measurementVersions.period, range.to) : undefined,
    lte(measurementVersions.recordedAt, knownAt),
  );
}

/** The values known now (the current ones, read through measurements' primary key), oldest first. */
export async function currentValues(
  tx: Tx,
  orgId: string,
  kpi: { id: string; cadence: Cadence },
  range: PeriodRange,
): Promise<KnownValue[]> {
  return tx
    .select({
      period: measurements.period,
      value: measurements.value,
      note: measurements.note,
      updatedAt: measurements.updatedAt,
    })
    .from(measurements)
    .where(
      and(
        eq(measurements.orgId, orgId),
        eq(measurements.kpiId, kpi.id),
        range.from ? gte(measurements.period, periodStart(range.from, kpi.cadence)) : undefined,
        range.to ? lte(measurements.period, range.to) : undefined,
      ),
    )
    .orderBy(asc(measurements.period));
}

/** Per period, the latest version recorded at or before `knownAt`; deleted periods left out. Oldest first. */
export async function valuesKnownAt(
  tx: Tx,
  orgId: string,
  kpi: { id: string; cadence: Cadence },
  range: PeriodRange,
  knownAt: Date,
): Promise<KnownValue[]> {
  const latest = tx
    .selectDistinctOn([measurementVersions.period], {
      period: measurementVersions.period,
      value: measurementVersions.value,
      note: measurementVersions.note,
      recordedAt: measurementVersions.recordedAt,
    })
    .from(measurementVersions)
    .where(inRange(kpi, orgId, range, knownAt))
    .orderBy(measurementVersions.period, desc(measurementVersions.recordedAt), desc(measurementVersions.seq))
    .as("latest");
  const rows = await tx
    .select({ period: latest.period, value: latest.value, note: latest.note, updatedAt: latest.recordedAt })
    .from(latest)
    .where(isNotNull(latest.value))
    .orderBy(asc(latest.period));
  return rows as KnownValue[];
}

/** Every version recorded at or before `knownAt`, by period (oldest first), each period in recording order. */
export async function valueHistory(
  tx: Tx,
  orgId: string,
  kpi: { id: string; cadence: Cadence },
  range: PeriodRange,
  knownAt: Date,
): Promise<ValueVersion[]> {
  const rows = await tx
    .select({
      period: measurementVersions.period,
      value: measurementVersions.value,
      note: measurementVersions.note,
      recordedAt: measurementVersions.recordedAt,
      userId: measurementVersions.authorUserId,
      userName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      tokenId: measurementVersions.authorTokenId,
      tokenName: apiTokens.name,
    })
    .from(measurementVersions)
    .leftJoin(users, eq(users.id, measurementVersions.authorUserId))
    .leftJoin(
      apiTokens,
      and(eq(apiTokens.orgId, measurementVersions.orgId), eq(apiTokens.id, measurementVersions.authorTokenId)),
    )
    .where(inRange(kpi, orgId, range, knownAt))
    .orderBy(asc(measurementVersions.period), asc(measurementVersions.recordedAt), asc(measurementVersions.seq));
  return rows.map(({ userId, userName, tokenId, tokenName, ...v }) => ({
    ...v,
    author: tokenId
      ? { kind: "token" as const, id: tokenId, name: tokenName }
      : userId
        ? { kind: "user" as const, id: userId, name: userName }
        : null,
  }));
}
