CREATE TABLE "kpi_definition_versions" (
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"author_user_id" text,
	"author_token_id" uuid,
	"kind" "kpi_kind" NOT NULL,
	"direction" "direction" NOT NULL,
	"baseline" double precision,
	"target" double precision NOT NULL,
	"target_date" date,
	"plan_start" date,
	"weight" double precision NOT NULL,
	"team_id" uuid,
	"stage_id" uuid,
	"archived" boolean DEFAULT false NOT NULL,
	CONSTRAINT "kpi_definition_versions_pkey" PRIMARY KEY("org_id","seq"),
	CONSTRAINT "kpi_definition_versions_valid_from_check" CHECK ("kpi_definition_versions"."valid_from" >= '2000-01-01'),
	CONSTRAINT "kpi_definition_versions_weight_check" CHECK ("kpi_definition_versions"."weight" > 0),
	CONSTRAINT "kpi_definition_versions_target_date_check" CHECK ("kpi_definition_versions"."target_date" is null or "kpi_definition_versions"."target_date" >= coalesce("kpi_definition_versions"."plan_start", "kpi_definition_versions"."valid_from"))
);
--> statement-breakpoint
CREATE TABLE "measurement_versions" (
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"period" date NOT NULL,
	"value" double precision,
	"note" text,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"author_user_id" text,
	"author_token_id" uuid,
	CONSTRAINT "measurement_versions_pkey" PRIMARY KEY("org_id","seq")
);
--> statement-breakpoint
ALTER TABLE "org_settings" ADD COLUMN "pace_on_track_tolerance" double precision DEFAULT 0.05 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_settings" ADD COLUMN "pace_at_risk_tolerance" double precision DEFAULT 0.15 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpis" ADD COLUMN "target_date" date;--> statement-breakpoint
ALTER TABLE "kpis" ADD COLUMN "plan_start" date;--> statement-breakpoint
ALTER TABLE "kpi_definition_versions" ADD CONSTRAINT "kpi_definition_versions_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_definition_versions" ADD CONSTRAINT "kpi_definition_versions_org_id_author_token_id_api_tokens_org_id_id_fk" FOREIGN KEY ("org_id","author_token_id") REFERENCES "public"."api_tokens"("org_id","id") ON DELETE SET NULL ("author_token_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_definition_versions" ADD CONSTRAINT "kpi_definition_versions_org_id_kpi_id_kpis_org_id_id_fk" FOREIGN KEY ("org_id","kpi_id") REFERENCES "public"."kpis"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurement_versions" ADD CONSTRAINT "measurement_versions_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurement_versions" ADD CONSTRAINT "measurement_versions_org_id_author_token_id_api_tokens_org_id_id_fk" FOREIGN KEY ("org_id","author_token_id") REFERENCES "public"."api_tokens"("org_id","id") ON DELETE SET NULL ("author_token_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurement_versions" ADD CONSTRAINT "measurement_versions_org_id_kpi_id_kpis_org_id_id_fk" FOREIGN KEY ("org_id","kpi_id") REFERENCES "public"."kpis"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_definition_versions_kpi_idx" ON "kpi_definition_versions" USING btree ("org_id","kpi_id","recorded_at");--> statement-breakpoint
CREATE INDEX "measurement_versions_known_idx" ON "measurement_versions" USING btree ("org_id","kpi_id","period","recorded_at" DESC NULLS LAST,"seq" DESC NULLS LAST);--> statement-breakpoint
-- Every KPI that exists gets its current definition as its first version, valid from the start (2000-01-01),
-- so past dashboards score it as they did before versions were kept.
INSERT INTO "kpi_definition_versions" ("org_id", "kpi_id", "valid_from", "recorded_at", "kind", "direction", "baseline", "target", "weight", "team_id", "stage_id", "archived")
SELECT "org_id", "id", '2000-01-01', "created_at", "kind", "direction", "baseline", "target", "weight", "team_id", "stage_id", "archived_at" IS NOT NULL FROM "kpis";--> statement-breakpoint
-- Every stored value becomes its period's first version, known since it was last written.
INSERT INTO "measurement_versions" ("org_id", "kpi_id", "period", "value", "note", "recorded_at", "author_user_id")
SELECT "org_id", "kpi_id", "period", "value", "note", "updated_at", "recorded_by" FROM "measurements" ORDER BY "org_id", "kpi_id", "period";--> statement-breakpoint
-- Row-level security for the new tenant tables (the function is in 0005_tenancy_enforced).
SELECT flowline_protect_tenant_table('kpi_definition_versions');--> statement-breakpoint
SELECT flowline_protect_tenant_table('measurement_versions');
