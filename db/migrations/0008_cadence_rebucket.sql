-- Cadence changes (DESIGN "Time"): no path may leave two values in one period of a KPI's current
-- cadence. Each measurement carries its KPI's cadence (filled by a trigger on insert, kept equal by the
-- reference ON UPDATE CASCADE when the KPI's cadence changes) and a check refuses a period that is not
-- the start of a bucket of that cadence; with the primary key (org_id, kpi_id, period) a bucket holds
-- at most one value. A cadence change therefore has to move the values first (lib/data/cadence-change.ts).

-- The start of the cadence bucket holding a date, as lib/scoring periodStart computes it (weeks start on Monday).
CREATE OR REPLACE FUNCTION flowline_period_start(d date, c cadence) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE c
    WHEN 'week' THEN d - (extract(isodow FROM d)::int - 1)
    WHEN 'month' THEN date_trunc('month', d)::date
    ELSE date_trunc('quarter', d)::date
  END
$$;--> statement-breakpoint

ALTER TABLE "kpis" ADD CONSTRAINT "kpis_org_id_cadence_key" UNIQUE("org_id","id","cadence");--> statement-breakpoint
ALTER TABLE "measurements" ADD COLUMN "cadence" "cadence";--> statement-breakpoint
UPDATE "measurements" m SET "cadence" = k."cadence" FROM "kpis" k WHERE k."org_id" = m."org_id" AND k."id" = m."kpi_id";--> statement-breakpoint

-- Values stored before this migration under a KPI's earlier cadence (the bug this fixes) are re-bucketed
-- as DESIGN says: each goes to the bucket holding its period's start, the latest of a bucket wins. The
-- change is a new version recorded now (tombstones for the periods that go), so "as known then" keeps the old series.
CREATE TEMP TABLE flowline_rebucketed AS
  SELECT DISTINCT ON (m.org_id, m.kpi_id, flowline_period_start(m.period, m.cadence))
         m.org_id, m.kpi_id, flowline_period_start(m.period, m.cadence) AS period, m.value, m.note, m.recorded_by
    FROM "measurements" m
   WHERE (m.org_id, m.kpi_id) IN (SELECT org_id, kpi_id FROM "measurements" WHERE period <> flowline_period_start(period, cadence))
   -- m.period, the old period: the latest of each new period wins (a bare "period" would be the new one).
   ORDER BY m.org_id, m.kpi_id, flowline_period_start(m.period, m.cadence), m.period DESC;--> statement-breakpoint
INSERT INTO "measurement_versions" (org_id, kpi_id, period, value, note, recorded_at)
  SELECT m.org_id, m.kpi_id, m.period, NULL, NULL, now() FROM "measurements" m
   WHERE (m.org_id, m.kpi_id) IN (SELECT org_id, kpi_id FROM flowline_rebucketed)
     AND NOT EXISTS (SELECT 1 FROM flowline_rebucketed r WHERE r.org_id = m.org_id AND r.kpi_id = m.kpi_id AND r.period = m.period)
  UNION ALL
  SELECT org_id, kpi_id, period, value, note, now() FROM flowline_rebucketed;--> statement-breakpoint
DELETE FROM "measurements" WHERE (org_id, kpi_id) IN (SELECT org_id, kpi_id FROM flowline_rebucketed);--> statement-breakpoint
INSERT INTO "measurements" (org_id, kpi_id, period, value, note, recorded_by, updated_at, cadence)
  SELECT r.org_id, r.kpi_id, r.period, r.value, r.note, r.recorded_by, now(), k.cadence
    FROM flowline_rebucketed r JOIN "kpis" k ON k.org_id = r.org_id AND k.id = r.kpi_id;--> statement-breakpoint
DROP TABLE flowline_rebucketed;--> statement-breakpoint

ALTER TABLE "measurements" ALTER COLUMN "cadence" SET NOT NULL;--> statement-breakpoint

-- A value's cadence is its KPI's: the reference refuses any other. The write path names it (joined
-- from kpis, set-based, for bulk speed); a writer that leaves it out (seeds, benches, hand SQL) gets it
-- from this trigger. A KPI that does not exist leaves "week", which the reference then refuses (a
-- foreign-key violation, as before this migration) once the period passes the check.
CREATE OR REPLACE FUNCTION flowline_measurement_cadence() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.cadence := coalesce(
    (SELECT k.cadence FROM kpis k WHERE k.org_id = NEW.org_id AND k.id = NEW.kpi_id), 'week');
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER measurements_take_kpi_cadence BEFORE INSERT ON "measurements"
  FOR EACH ROW WHEN (NEW.cadence IS NULL) EXECUTE FUNCTION flowline_measurement_cadence();--> statement-breakpoint

ALTER TABLE "measurements" ADD CONSTRAINT "measurements_kpi_cadence_fk" FOREIGN KEY ("org_id","kpi_id","cadence") REFERENCES "public"."kpis"("org_id","id","cadence") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_period_starts_bucket" CHECK ("measurements"."period" = flowline_period_start("measurements"."period", "measurements"."cadence"));
