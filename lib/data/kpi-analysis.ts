import "server-only";
import { kpiAnalysis, type KpiAnalysis } from "@/lib/analysis";
import type { OrgContext } from "@/lib/auth/org-context";
import { now } from "@/lib/clock";
import { kpiAsOf, type IsoDate } from "@/lib/scoring";
import { definitionOf, loadVersions } from "./kpi-versions";
import { findKpi } from "./kpis";
import { currentValues, valuesKnownAt } from "./measurement-history";
import { withTenant } from "./tenant";

export interface KpiAnalysisAsOf {
  kpi: { id: string; key: string; cadence: string };
  analysis: KpiAnalysis;
}

/**
 * Signal or noise and the forecast of one KPI (by id or key) as of `asOf`, as known at `knownAt`
 * (DESIGN "Analysis"): its values up to `asOf` and its definition in force then, both as recorded by
 * `knownAt`. Three bounded queries, this KPI's rows only. Another organisation's KPI is not found.
 * Without `knownAt`: as known now, from the current values (the fast path).
 */
export async function analyseKpi(
  ctx: OrgContext,
  idOrKey: string,
  asOf: IsoDate,
  asKnown?: Date,
): Promise<KpiAnalysisAsOf> {
  const knownAt = asKnown ?? now();
  return withTenant(ctx, async (tx) => {
    const kpi = await findKpi(tx, ctx, idOrKey);
    const [versions, values] = await Promise.all([
      loadVersions(tx, ctx.org.id, [kpi.id]),
      asKnown === undefined
        ? currentValues(tx, ctx.org.id, kpi, { to: asOf })
        : valuesKnownAt(tx, ctx.org.id, kpi, { to: asOf }, knownAt),
    ]);
    const stored = versions.get(kpi.id);
    const definition = kpiAsOf(
      { id: kpi.id, key: kpi.key, name: kpi.name, cadence: kpi.cadence, ...definitionOf(kpi), versions: stored },
      asOf,
      knownAt,
    );
    const analysis = kpiAnalysis({
      kpi: {
        id: kpi.id,
        cadence: kpi.cadence,
        // A KPI that did not exist yet on asOf has no target then: no forecast (its values, if any, still chart).
        direction: definition?.direction ?? kpi.direction,
        target: definition ? definition.target : null,
        targetDate: definition ? definition.targetDate : null,
      },
      measurements: values,
      asOf,
      knownAt: knownAt.toISOString(),
    });
    return { kpi: { id: kpi.id, key: kpi.key, cadence: kpi.cadence }, analysis };
  });
}
