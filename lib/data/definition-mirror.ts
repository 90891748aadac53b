import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";

/*
 * The kpis row mirrors the definition in force today (lib/data/kpi-versions.ts writes it with each
 * version), for lists, forms, filters and permissions. A version planned for a later date (a target
 * "from next quarter") must take effect on that date without anyone writing again: on the first tenant
 * transaction of each day, the rows whose planned version has come due are set to it. Only KPIs with a
 * version valid from after the day it was recorded can fall due that way (any other version is
 * mirrored when it is written), and only rows that differ are written.
 */

/**
 * Sets each planned-ahead KPI of the organisation to the definition in force on `today` as known now
 * (latest validFrom on or before it; ties: the latest recorded). A version's team or stage deleted
 * since is mirrored as none, as the row's own references are. Answers how many rows changed.
 */
export async function mirrorDueDefinitions(tx: Tx, orgId: string, today: string, now: Date): Promise<number> {
  const result = await tx.execute(sql`
    with planned as (
      select distinct kpi_id from kpi_definition_versions
      where org_id = ${orgId}::uuid and valid_from > (recorded_at at time zone 'UTC')::date
    ),
    in_force as (
      select distinct on (v.kpi_id) v.*
      from kpi_definition_versions v join planned p on p.kpi_id = v.kpi_id
      where v.org_id = ${orgId}::uuid and v.valid_from <= ${today}::date
      order by v.kpi_id, v.valid_from desc, v.recorded_at desc, v.seq desc
    ),
    wanted as (
      select f.kpi_id, f.kind, f.direction, f.baseline, f.target, f.target_date, f.plan_start, f.weight, f.archived,
        (select t.id from teams t where t.org_id = ${orgId}::uuid and t.id = f.team_id) as team_id,
        (select s.id from stages s where s.org_id = ${orgId}::uuid and s.id = f.stage_id) as stage_id
      from in_force f
    ),
    changed as (
      update kpis k set
        kind = w.kind, direction = w.direction, baseline = w.baseline, target = w.target,
        target_date = w.target_date, plan_start = w.plan_start, weight = w.weight,
        team_id = w.team_id, stage_id = w.stage_id,
        archived_at = case when w.archived then coalesce(k.archived_at, ${now.toISOString()}::timestamptz) end
      from wanted w
      where k.org_id = ${orgId}::uuid and k.id = w.kpi_id
        and (k.kind, k.direction, k.baseline, k.target, k.target_date, k.plan_start, k.weight, k.team_id, k.stage_id,
             k.archived_at is not null)
          is distinct from
            (w.kind, w.direction, w.baseline, w.target, w.target_date, w.plan_start, w.weight, w.team_id, w.stage_id,
             w.archived)
      returning 1
    )
    select count(*)::int as changed from changed`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { changed: number }[];
  return Number(rows[0]?.changed ?? 0);
}

// Per process, the day each organisation's mirror was last brought up to date (in a committed
// transaction). Instances behind a load balancer each do it once a day: the statement is idempotent.
const shared = globalThis as typeof globalThis & { [key: symbol]: Map<string, string> | undefined };
const MIRRORED = Symbol.for("flowline.mirroredDay");

/** Whether `orgId`'s mirror still has to be brought up to `today` in this process. */
export function mirrorDue(orgId: string, today: string): boolean {
  return (shared[MIRRORED] ??= new Map()).get(orgId) !== today;
}

/** Notes that `orgId`'s mirror is up to `today` (after the transaction that did it committed). */
export function mirrorDone(orgId: string, today: string): void {
  (shared[MIRRORED] ??= new Map()).set(orgId, today);
}
