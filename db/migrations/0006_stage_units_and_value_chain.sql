CREATE TABLE "stream_links" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"from_stream_id" uuid NOT NULL,
	"to_stream_id" uuid NOT NULL,
	"conversion" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stream_links_pkey" PRIMARY KEY("org_id","id"),
	CONSTRAINT "stream_links_pair_key" UNIQUE("org_id","from_stream_id","to_stream_id"),
	CONSTRAINT "stream_links_not_self" CHECK ("stream_links"."from_stream_id" <> "stream_links"."to_stream_id"),
	CONSTRAINT "stream_links_conversion_range" CHECK ("stream_links"."conversion" >= 1e-9 and "stream_links"."conversion" <= 1e9)
);
--> statement-breakpoint
CREATE TABLE "stream_scenarios" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	"name" text NOT NULL,
	"setup" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stream_scenarios_pkey" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "stages" ADD COLUMN "unit" text;--> statement-breakpoint
ALTER TABLE "stages" ADD COLUMN "conversion" double precision DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "stream_links" ADD CONSTRAINT "stream_links_from_fk" FOREIGN KEY ("org_id","from_stream_id") REFERENCES "public"."value_streams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_links" ADD CONSTRAINT "stream_links_to_fk" FOREIGN KEY ("org_id","to_stream_id") REFERENCES "public"."value_streams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_scenarios" ADD CONSTRAINT "stream_scenarios_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_scenarios" ADD CONSTRAINT "stream_scenarios_stream_fk" FOREIGN KEY ("org_id","stream_id") REFERENCES "public"."value_streams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stream_links_org_to_idx" ON "stream_links" USING btree ("org_id","to_stream_id");--> statement-breakpoint
CREATE INDEX "stream_scenarios_org_stream_idx" ON "stream_scenarios" USING btree ("org_id","stream_id");--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_conversion_range" CHECK ("stages"."conversion" >= 1e-9 and "stages"."conversion" <= 1e9);--> statement-breakpoint
-- Row-level security for the new tenant tables (the function is in 0005_tenancy_enforced).
SELECT flowline_protect_tenant_table('stream_links');--> statement-breakpoint
SELECT flowline_protect_tenant_table('stream_scenarios');
