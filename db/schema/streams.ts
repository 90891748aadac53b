import { sql } from "drizzle-orm";
import {
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt } from "./columns";
import { organisations, teams } from "./tenancy";

export const streamKinds = ["production", "delivery", "marketing", "sales", "retention", "support", "custom"] as const;
export const periods = ["day", "week", "month", "quarter"] as const;
export const resourceKinds = ["people", "machine", "tool", "software", "ai", "material"] as const;
export const kpiKinds = ["output", "outcome"] as const;
export const directions = ["increase", "decrease"] as const;
export const cadences = ["week", "month", "quarter"] as const;

export const streamKindEnum = pgEnum("stream_kind", streamKinds);
export const periodEnum = pgEnum("period", periods);
export const resourceKindEnum = pgEnum("resource_kind", resourceKinds);
export const kpiKindEnum = pgEnum("kpi_kind", kpiKinds);
export const directionEnum = pgEnum("direction", directions);
export const cadenceEnum = pgEnum("cadence", cadences);

export const valueStreams = pgTable(
  "value_streams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: streamKindEnum("kind").notNull(),
    /** The customer need the stream serves: its input in value terms. */
    customerNeed: text("customer_need"),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    demandAmount: doublePrecision("demand_amount"),
    demandUnit: text("demand_unit"),
    demandPeriod: periodEnum("demand_period").notNull().default("week"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("value_streams_org_id_key").on(t.orgId, t.id),
    index("value_streams_org_name_idx").on(t.orgId, t.name),
  ],
);

export const stages = pgTable(
  "stages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    streamId: uuid("stream_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    input: text("input"),
    output: text("output"),
    /** Touch time per unit, in the stream's period. */
    processTime: doublePrecision("process_time"),
    wip: doublePrecision("wip"),
    /** Percent complete and accurate, 0..1. */
    pctCA: doublePrecision("pct_ca"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("stages_org_id_key").on(t.orgId, t.id),
    index("stages_org_stream_idx").on(t.orgId, t.streamId, t.position),
    foreignKey({ columns: [t.orgId, t.streamId], foreignColumns: [valueStreams.orgId, valueStreams.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const resources = pgTable(
  "resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    stageId: uuid("stage_id").notNull(),
    kind: resourceKindEnum("kind").notNull(),
    name: text("name").notNull(),
    quantity: doublePrecision("quantity").notNull(),
    /** Units one resource handles per stream period. */
    rate: doublePrecision("rate").notNull(),
    availability: doublePrecision("availability").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    index("resources_org_stage_idx").on(t.orgId, t.stageId),
    foreignKey({ columns: [t.orgId, t.stageId], foreignColumns: [stages.orgId, stages.id] }).onDelete("cascade"),
  ],
);

export const kpis = pgTable(
  "kpis",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    streamId: uuid("stream_id").notNull(),
    stageId: uuid("stage_id").references(() => stages.id, { onDelete: "set null" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    kind: kpiKindEnum("kind").notNull(),
    unit: text("unit").notNull().default(""),
    direction: directionEnum("direction").notNull(),
    baseline: doublePrecision("baseline"),
    target: doublePrecision("target").notNull(),
    /** Target date T and plan start S of the definition in force (DESIGN "Target dates and pace"). */
    targetDate: date("target_date", { mode: "string" }),
    planStart: date("plan_start", { mode: "string" }),
    weight: doublePrecision("weight").notNull().default(1),
    cadence: cadenceEnum("cadence").notNull(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("kpis_org_id_key").on(t.orgId, t.id),
    uniqueIndex("kpis_org_key_idx").on(t.orgId, sql`upper(${t.key})`),
    index("kpis_org_stream_idx").on(t.orgId, t.streamId),
    index("kpis_org_team_idx").on(t.orgId, t.teamId),
    foreignKey({ columns: [t.orgId, t.streamId], foreignColumns: [valueStreams.orgId, valueStreams.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** An output KPI drives the outcome KPIs it is linked to. */
export const kpiLinks = pgTable(
  "kpi_links",
  {
    orgId: uuid("org_id").notNull(),
    outputKpiId: uuid("output_kpi_id").notNull(),
    outcomeKpiId: uuid("outcome_kpi_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.outputKpiId, t.outcomeKpiId] }),
    index("kpi_links_org_outcome_idx").on(t.orgId, t.outcomeKpiId),
    foreignKey({ columns: [t.orgId, t.outputKpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.orgId, t.outcomeKpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("cascade"),
  ],
);

/** One value per KPI per period (the first day of the KPI's cadence bucket). */
export const measurements = pgTable(
  "measurements",
  {
    orgId: uuid("org_id").notNull(),
    kpiId: uuid("kpi_id").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    value: doublePrecision("value").notNull(),
    note: text("note"),
    recordedBy: text("recorded_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.kpiId, t.period] }),
    foreignKey({ columns: [t.orgId, t.kpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("cascade"),
  ],
);
