CREATE TYPE "public"."cadence" AS ENUM('week', 'month', 'quarter');--> statement-breakpoint
CREATE TYPE "public"."direction" AS ENUM('increase', 'decrease');--> statement-breakpoint
CREATE TYPE "public"."kpi_kind" AS ENUM('output', 'outcome');--> statement-breakpoint
CREATE TYPE "public"."period" AS ENUM('day', 'week', 'month', 'quarter');--> statement-breakpoint
CREATE TYPE "public"."resource_kind" AS ENUM('people', 'machine', 'tool', 'software', 'ai', 'material');--> statement-breakpoint
CREATE TYPE "public"."stream_kind" AS ENUM('production', 'delivery', 'marketing', 'sales', 'retention', 'support', 'custom');--> statement-breakpoint
CREATE TABLE "kpi_links" (
	"org_id" uuid NOT NULL,
	"output_kpi_id" uuid NOT NULL,
	"outcome_kpi_id" uuid NOT NULL,
	CONSTRAINT "kpi_links_org_id_output_kpi_id_outcome_kpi_id_pk" PRIMARY KEY("org_id","output_kpi_id","outcome_kpi_id")
);
--> statement-breakpoint
CREATE TABLE "kpis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	"stage_id" uuid,
	"team_id" uuid,
	"owner_id" text,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" "kpi_kind" NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"direction" "direction" NOT NULL,
	"baseline" double precision,
	"target" double precision NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"cadence" "cadence" NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpis_org_id_key" UNIQUE("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "measurements" (
	"org_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"period" date NOT NULL,
	"value" double precision NOT NULL,
	"note" text,
	"recorded_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measurements_org_id_kpi_id_period_pk" PRIMARY KEY("org_id","kpi_id","period")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"kind" "resource_kind" NOT NULL,
	"name" text NOT NULL,
	"quantity" double precision NOT NULL,
	"rate" double precision NOT NULL,
	"availability" double precision DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"team_id" uuid,
	"input" text,
	"output" text,
	"process_time" double precision,
	"wip" double precision,
	"pct_ca" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stages_org_id_key" UNIQUE("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "value_streams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "stream_kind" NOT NULL,
	"customer_need" text,
	"owner_id" text,
	"demand_amount" double precision,
	"demand_unit" text,
	"demand_period" "period" DEFAULT 'week' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "value_streams_org_id_key" UNIQUE("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "kpi_links" ADD CONSTRAINT "kpi_links_org_id_output_kpi_id_kpis_org_id_id_fk" FOREIGN KEY ("org_id","output_kpi_id") REFERENCES "public"."kpis"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_links" ADD CONSTRAINT "kpi_links_org_id_outcome_kpi_id_kpis_org_id_id_fk" FOREIGN KEY ("org_id","outcome_kpi_id") REFERENCES "public"."kpis"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_org_id_stream_id_value_streams_org_id_id_fk" FOREIGN KEY ("org_id","stream_id") REFERENCES "public"."value_streams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_org_id_kpi_id_kpis_org_id_id_fk" FOREIGN KEY ("org_id","kpi_id") REFERENCES "public"."kpis"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_org_id_stage_id_stages_org_id_id_fk" FOREIGN KEY ("org_id","stage_id") REFERENCES "public"."stages"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_org_id_stream_id_value_streams_org_id_id_fk" FOREIGN KEY ("org_id","stream_id") REFERENCES "public"."value_streams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "value_streams" ADD CONSTRAINT "value_streams_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "value_streams" ADD CONSTRAINT "value_streams_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_links_org_outcome_idx" ON "kpi_links" USING btree ("org_id","outcome_kpi_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpis_org_key_idx" ON "kpis" USING btree ("org_id",upper("key"));--> statement-breakpoint
CREATE INDEX "kpis_org_stream_idx" ON "kpis" USING btree ("org_id","stream_id");--> statement-breakpoint
CREATE INDEX "kpis_org_team_idx" ON "kpis" USING btree ("org_id","team_id");--> statement-breakpoint
CREATE INDEX "resources_org_stage_idx" ON "resources" USING btree ("org_id","stage_id");--> statement-breakpoint
CREATE INDEX "stages_org_stream_idx" ON "stages" USING btree ("org_id","stream_id","position");--> statement-breakpoint
CREATE INDEX "value_streams_org_name_idx" ON "value_streams" USING btree ("org_id","name");