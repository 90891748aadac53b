ALTER TABLE "kpis" ADD COLUMN "formula_numerator_id" uuid;--> statement-breakpoint
ALTER TABLE "kpis" ADD COLUMN "formula_denominator_id" uuid;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_formula_numerator_fk" FOREIGN KEY ("org_id","formula_numerator_id","cadence") REFERENCES "public"."kpis"("org_id","id","cadence") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_formula_denominator_fk" FOREIGN KEY ("org_id","formula_denominator_id","cadence") REFERENCES "public"."kpis"("org_id","id","cadence") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpis_org_formula_numerator_idx" ON "kpis" USING btree ("org_id","formula_numerator_id");--> statement-breakpoint
CREATE INDEX "kpis_org_formula_denominator_idx" ON "kpis" USING btree ("org_id","formula_denominator_id");--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_formula_whole" CHECK (("kpis"."formula_numerator_id" is null) = ("kpis"."formula_denominator_id" is null) and "kpis"."formula_numerator_id" is distinct from "kpis"."id" and "kpis"."formula_denominator_id" is distinct from "kpis"."id");