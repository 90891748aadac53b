-- Issue 10/16 performance: measurements keep one reference to their KPI, the composite one with its cadence
-- (0008), which also says the KPI exists; the (org_id, kpi_id) one only cost every write a second lookup.
-- A team's page finds the KPIs that were the team's on some date through the new index.
ALTER TABLE "measurements" DROP CONSTRAINT "measurements_org_id_kpi_id_kpis_org_id_id_fk";
--> statement-breakpoint
CREATE INDEX "kpi_definition_versions_team_idx" ON "kpi_definition_versions" USING btree ("org_id","team_id");