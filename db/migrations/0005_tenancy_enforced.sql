-- Tenancy enforced by the database (issue 12): composite (org_id, id) keys and references, then
-- row-level security for the app role. Written by hand around drizzle-kit's output: drizzle cannot
-- name the old primary keys, nor write ON DELETE SET NULL (column).

-- 1. Existing data must already keep every reference inside its organisation.
DO $$
DECLARE
  offenders text;
BEGIN
  SELECT string_agg(format('%s %s -> %s', what, row_id, target_id), '; ')
    INTO offenders
    FROM (
      SELECT 'kpis.stage_id' AS what, k.id AS row_id, k.stage_id AS target_id
        FROM kpis k JOIN stages s ON s.id = k.stage_id WHERE s.org_id <> k.org_id
      UNION ALL
      SELECT 'kpis.team_id', k.id, k.team_id FROM kpis k JOIN teams t ON t.id = k.team_id WHERE t.org_id <> k.org_id
      UNION ALL
      SELECT 'stages.team_id', s.id, s.team_id FROM stages s JOIN teams t ON t.id = s.team_id WHERE t.org_id <> s.org_id
    ) AS crossing;
  IF offenders IS NOT NULL THEN
    RAISE EXCEPTION 'Flowline cannot add the composite foreign keys: these rows point at another organisation''s rows: %', offenders
      USING HINT = 'Set those columns to null (or to a row of the same organisation) and migrate again.';
  END IF;
END $$;--> statement-breakpoint

-- 2. Primary keys become (org_id, id). The composite references to the old (org_id, id) unique
-- constraints depend on them: keep their definitions, drop them, swap the keys, put them back.
DO $$
DECLARE
  keyed text[] := ARRAY['teams', 'value_streams', 'stages', 'resources', 'kpis', 'reviews', 'actions', 'controls',
                        'api_tokens', 'invitations', 'audit_log'];
  replaced text[] := ARRAY['kpis_stage_id_stages_id_fk', 'kpis_team_id_teams_id_fk', 'stages_team_id_teams_id_fk'];
  t text;
  fk record;
BEGIN
  CREATE TEMP TABLE flowline_saved_fks ON COMMIT DROP AS
    SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.confrelid = ANY (SELECT to_regclass(k) FROM unnest(keyed) AS k);
  FOR fk IN SELECT * FROM flowline_saved_fks LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
  END LOOP;
  FOREACH t IN ARRAY keyed LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I', t, t || '_org_id_key');
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t, t || '_pkey');
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (org_id, id)', t, t || '_pkey');
  END LOOP;
  FOR fk IN SELECT * FROM flowline_saved_fks LOOP
    IF fk.conname = ANY (replaced) THEN
      CONTINUE;
    END IF;
    IF fk.def NOT LIKE 'FOREIGN KEY (org_id, %' THEN
      RAISE EXCEPTION 'Foreign key % on % does not include org_id: make it composite (org_id, …)', fk.conname, fk.tbl;
    END IF;
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.tbl, fk.conname, fk.def);
  END LOOP;
END $$;--> statement-breakpoint

-- 3. The references that accepted another organisation's ids, now composite. SET NULL (column)
-- clears only the link: nulling org_id as well is refused (it is NOT NULL), which made deleting a
-- KPI or review that a follow-up action points to fail (issue 10).
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_org_id_stage_id_stages_org_id_id_fk" FOREIGN KEY ("org_id","stage_id") REFERENCES "public"."stages"("org_id","id") ON DELETE SET NULL ("stage_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_org_id_team_id_teams_org_id_id_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE SET NULL ("team_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_org_id_team_id_teams_org_id_id_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE SET NULL ("team_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" DROP CONSTRAINT "actions_org_id_review_id_reviews_org_id_id_fk";--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_org_id_review_id_reviews_org_id_id_fk" FOREIGN KEY ("org_id","review_id") REFERENCES "public"."reviews"("org_id","id") ON DELETE SET NULL ("review_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" DROP CONSTRAINT "actions_org_id_kpi_id_kpis_org_id_id_fk";--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_org_id_kpi_id_kpis_org_id_id_fk" FOREIGN KEY ("org_id","kpi_id") REFERENCES "public"."kpis"("org_id","id") ON DELETE SET NULL ("kpi_id") ON UPDATE no action;--> statement-breakpoint

-- 4. Token hashes: unique within the organisation (Citus's rule), found across organisations by index.
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_token_hash_unique";--> statement-breakpoint
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_token_hash_unique";--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_token_hash_key" UNIQUE("org_id","token_hash");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_token_hash_key" UNIQUE("org_id","token_hash");--> statement-breakpoint
CREATE INDEX "invitations_token_hash_idx" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_token_hash_idx" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint

-- 5. The role requests run as (withTenant: SET LOCAL ROLE flowline_app). Roles belong to the whole
-- server, so it may exist already (another database, a concurrent migration); the migrating role is
-- made a member so that SET LOCAL ROLE works whatever DATABASE_URL connects as.
DO $$
BEGIN
  CREATE ROLE flowline_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'flowline_app', 'MEMBER') THEN
    EXECUTE format('GRANT flowline_app TO %I', current_user);
  END IF;
EXCEPTION WHEN OTHERS THEN
  -- A concurrent grant by another database's migration ("tuple concurrently updated") is fine.
  IF NOT pg_has_role(current_user, 'flowline_app', 'MEMBER') THEN
    RAISE;
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO flowline_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO flowline_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO flowline_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO flowline_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO flowline_app;--> statement-breakpoint

-- 6. Row-level security. flowline_app sees and writes only the rows of the organisation named by
-- app.org_id (set per transaction by withTenant; unset, it sees nothing). FORCE subjects the owner
-- too; its own policy lets migrations, the command line and the SECURITY DEFINER lookups below work.
-- A new tenant table calls flowline_protect_tenant_table('<table>') in its migration.
CREATE OR REPLACE FUNCTION flowline_protect_tenant_table(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO flowline_app'
    ' USING (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
    ' WITH CHECK (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', tbl);
  EXECUTE format('DROP POLICY IF EXISTS owner_maintenance ON %s', tbl);
  EXECUTE format('CREATE POLICY owner_maintenance ON %s TO %I USING (true) WITH CHECK (true)', tbl, current_user);
END $$;--> statement-breakpoint
-- Every table with an org_id is a tenant table, except the outbox: global mail, read through
-- readableOutbox by recipient or by an admin of its organisation (docs/security.md).
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'outbox'
  LOOP
    PERFORM flowline_protect_tenant_table(t::regclass);
  END LOOP;
END $$;--> statement-breakpoint

-- 7. The narrow lookups that must cross organisations before one is known. SECURITY DEFINER (they
-- run as the owner, whom the policies let through), a fixed search_path, and only the columns the
-- caller needs.
CREATE OR REPLACE FUNCTION flowline_api_token(secret_hash text)
RETURNS TABLE (id uuid, org_id uuid, scope token_scope, created_by text, expires_at timestamptz,
               revoked_at timestamptz, last_used_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT t.id, t.org_id, t.scope, t.created_by, t.expires_at, t.revoked_at, t.last_used_at
    FROM public.api_tokens t WHERE t.token_hash = secret_hash
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION flowline_user_memberships(member_id text)
RETURNS TABLE (org_id uuid, role role)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT m.org_id, m.role FROM public.memberships m WHERE m.user_id = member_id
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION flowline_invitation_org(secret_hash text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT i.org_id FROM public.invitations i WHERE i.token_hash = secret_hash
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION flowline_api_token(text), flowline_user_memberships(text), flowline_invitation_org(text),
  flowline_protect_tenant_table(regclass) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION flowline_api_token(text), flowline_user_memberships(text), flowline_invitation_org(text)
  TO flowline_app;
