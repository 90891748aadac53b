import { sql } from "drizzle-orm";
import {
  doublePrecision,
  foreignKey,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  bigserial,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

export const roles = ["owner", "admin", "process_owner", "member", "viewer"] as const;
export const roleEnum = pgEnum("role", roles);

export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const orgSettings = pgTable("org_settings", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  /** α in V = α·C + (1 − α)·O */
  outcomeWeight: real("outcome_weight").notNull().default(0.7),
  onTrackThreshold: real("on_track_threshold").notNull().default(0.7),
  atRiskThreshold: real("at_risk_threshold").notNull().default(0.4),
  /** θ, the quadrant threshold */
  quadrantThreshold: real("quadrant_threshold").notNull().default(0.5),
  /** How far attainment may trail the expected attainment e(D) and stay on track / at risk (DESIGN "Target dates and pace"). */
  paceOnTrackTolerance: doublePrecision("pace_on_track_tolerance").notNull().default(0.05),
  paceAtRiskTolerance: doublePrecision("pace_at_risk_tolerance").notNull().default(0.15),
});

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("teams_org_name_idx").on(t.orgId, sql`lower(${t.name})`),
    // (org_id, id) lets child tables reference a team only within the same organisation.
    primaryKey({ name: "teams_pkey", columns: [t.orgId, t.id] }),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    orgId: uuid("org_id").notNull(),
    teamId: uuid("team_id").notNull(),
    userId: text("user_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.teamId, t.userId] }),
    index("team_members_org_user_idx").on(t.orgId, t.userId),
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete("cascade"),
    // A team member must be a member of the organisation; leaving it leaves its teams.
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [memberships.orgId, memberships.userId] }).onDelete(
      "cascade",
    ),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The API token that made the change, when it came through the API (no foreign key: tokens may be deleted). */
    actorTokenId: uuid("actor_token_id"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "audit_log_pkey", columns: [t.orgId, t.id] }),
    index("audit_log_org_created_idx").on(t.orgId, t.createdAt),
    index("audit_log_org_actor_idx").on(t.orgId, t.actorUserId, t.createdAt),
  ],
);
