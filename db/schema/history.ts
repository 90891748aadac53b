import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { apiTokens } from "./api";
import { users } from "./auth";
import { cadenceEnum, directionEnum, kpiKindEnum, kpis } from "./streams";

/*
 * History (DESIGN "Time: definitions and knowledge have history"): valid time (the date a fact
 * applies to) and knowledge time (`recorded_at`, when Flowline learned it, from lib/clock). Rows are
 * only ever appended.
 */

/**
 * One version of a KPI's definition: the whole versioned definition, valid from a date, recorded at
 * an instant, by a member or an API token. Team and stage are history, not live references: a version
 * keeps the id of a team deleted since.
 */
export const kpiDefinitionVersions = pgTable(
  "kpi_definition_versions",
  {
    /** Orders versions recorded at the same instant: the later one wins. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    orgId: uuid("org_id").notNull(),
    kpiId: uuid("kpi_id").notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }).notNull(),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorTokenId: uuid("author_token_id"),
    kind: kpiKindEnum("kind").notNull(),
    direction: directionEnum("direction").notNull(),
    baseline: doublePrecision("baseline"),
    target: doublePrecision("target").notNull(),
    targetDate: date("target_date", { mode: "string" }),
    planStart: date("plan_start", { mode: "string" }),
    weight: doublePrecision("weight").notNull(),
    teamId: uuid("team_id"),
    stageId: uuid("stage_id"),
    archived: boolean("archived").notNull().default(false),
  },
  (t) => [
    primaryKey({ name: "kpi_definition_versions_pkey", columns: [t.orgId, t.seq] }),
    // The migration writes it ON DELETE SET NULL (author_token_id): a deleted token keeps the row's org_id.
    foreignKey({ columns: [t.orgId, t.authorTokenId], foreignColumns: [apiTokens.orgId, apiTokens.id] }).onDelete(
      "set null",
    ),
    index("kpi_definition_versions_kpi_idx").on(t.orgId, t.kpiId, t.recordedAt),
    // A team's page finds the KPIs that were the team's on some date through it (lib/data/scores.ts).
    index("kpi_definition_versions_team_idx").on(t.orgId, t.teamId),
    foreignKey({ columns: [t.orgId, t.kpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("cascade"),
    check("kpi_definition_versions_valid_from_check", sql`${t.validFrom} >= '2000-01-01'`),
    check("kpi_definition_versions_weight_check", sql`${t.weight} > 0`),
    check(
      "kpi_definition_versions_target_date_check",
      sql`${t.targetDate} is null or ${t.targetDate} >= coalesce(${t.planStart}, ${t.validFrom})`,
    ),
  ],
);

/**
 * Every value a (KPI, period) was given, with when and by whom; `value` null is a deletion (a
 * tombstone). `measurements` keeps the value known now for fast reads; this table answers "as known
 * at K" through its index: per (KPI, period), the latest version recorded at or before K.
 */
export const measurementVersions = pgTable(
  "measurement_versions",
  {
    /** Orders versions recorded at the same instant: the later one wins. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    orgId: uuid("org_id").notNull(),
    kpiId: uuid("kpi_id").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    value: doublePrecision("value"),
    note: text("note"),
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }).notNull(),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorTokenId: uuid("author_token_id"),
  },
  (t) => [
    primaryKey({ name: "measurement_versions_pkey", columns: [t.orgId, t.seq] }),
    // The migration writes it ON DELETE SET NULL (author_token_id): a deleted token keeps the row's org_id.
    foreignKey({ columns: [t.orgId, t.authorTokenId], foreignColumns: [apiTokens.orgId, apiTokens.id] }).onDelete(
      "set null",
    ),
    index("measurement_versions_known_idx").on(t.orgId, t.kpiId, t.period, t.recordedAt.desc(), t.seq.desc()),
    foreignKey({ columns: [t.orgId, t.kpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("cascade"),
  ],
);

/**
 * A KPI's cadence as Flowline knew it: a cadence change re-buckets the whole series (DESIGN "Time"), so
 * the cadence has knowledge time only. Each change appends the new cadence recorded now (and, the first
 * time, the one it had from its creation); "as known at K" scores with the latest recorded at or
 * before K. A KPI without rows has only ever had its current cadence.
 */
export const kpiCadenceVersions = pgTable(
  "kpi_cadence_versions",
  {
    /** Orders versions recorded at the same instant: the later one wins. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    orgId: uuid("org_id").notNull(),
    kpiId: uuid("kpi_id").notNull(),
    cadence: cadenceEnum("cadence").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ name: "kpi_cadence_versions_pkey", columns: [t.orgId, t.seq] }),
    index("kpi_cadence_versions_known_idx").on(t.orgId, t.kpiId, t.recordedAt.desc(), t.seq.desc()),
    foreignKey({ columns: [t.orgId, t.kpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("cascade"),
  ],
);
