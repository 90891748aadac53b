CREATE TABLE "kpi_cadence_versions" (
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"cadence" "cadence" NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "kpi_cadence_versions_pkey" PRIMARY KEY("org_id","seq")
);
--> statement-breakpoint
ALTER TABLE "kpi_cadence_versions" ADD CONSTRAINT "kpi_cadence_versions_org_id_kpi_id_kpis_org_id_id_fk" FOREIGN KEY ("org_id","kpi_id") REFERENCES "public"."kpis"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_cadence_versions_known_idx" ON "kpi_cadence_versions" USING btree ("org_id","kpi_id","recorded_at" DESC NULLS LAST,"seq" DESC NULLS LAST);--> statement-breakpoint
-- Knowledge time of a KPI's cadence (DESIGN "Time"): none is known before this migration, so a KPI
-- without rows has only ever had its current cadence. Row-level security as for every tenant table.
SELECT flowline_protect_tenant_table('kpi_cadence_versions');
