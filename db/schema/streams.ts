import { sql } from "drizzle-orm";
import {
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
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
    id: uuid("id").notNull().defaultRandom(),
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
    primaryKey({ name: "value_streams_pkey", columns: [t.orgId, t.id] }),
    index("value_streams_org_name_idx").on(t.orgId, t.name),
  ],
);

export const stages = pgTable(
  "stages",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    streamId: uuid("stream_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    teamId: uuid("team_id"),
    input: text("input"),
    output: text("output"),
    /** Touch time per unit, in the stream's period. */
    processTime: doublePrecision("process_time"),
    wip: doublePrecision("wip"),
    /** Percent complete and accurate, 0..1. */
    pctCA: doublePrecision("pct_ca"),
    /** The stage's own unit (what its resources' rates count); null: the stream's unit. */
    unit: text("unit"),
    /** f: how many of the stage's units one unit of the stream's output needs (DESIGN "Resource assessment"). */
    conversion: doublePrecision("conversion").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "stages_pkey", columns: [t.orgId, t.id] }),
    check("stages_conversion_range", sql`${t.conversion} >= 1e-9 and ${t.conversion} <= 1e9`),
    index("stages_org_stream_idx").on(t.orgId, t.streamId, t.position),
    foreignKey({ columns: [t.orgId, t.streamId], foreignColumns: [valueStreams.orgId, valueStreams.id] }).onDelete(
      "cascade",
    ),
    // The migration writes it ON DELETE SET NULL (team_id): deleting the team keeps the stage's org_id.
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete("set null"),
  ],
);

export const resources = pgTable(
  "resources",
  {
    id: uuid("id").notNull().defaultRandom(),
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
    primaryKey({ name: "resources_pkey", columns: [t.orgId, t.id] }),
    index("resources_org_stage_idx").on(t.orgId, t.stageId),
    foreignKey({ columns: [t.orgId, t.stageId], foreignColumns: [stages.orgId, stages.id] }).onDelete("cascade"),
  ],
);

export const kpis = pgTable(
  "kpis",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    streamId: uuid("stream_id").notNull(),
    stageId: uuid("stage_id"),
    teamId: uuid("team_id"),
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
    /**
     * A formula KPI (DESIGN "Value chain") is computed per period as numerator / denominator, two plain
     * KPIs of its cadence; it has no measurements of its own. Both set or both null.
     */
    formulaNumeratorId: uuid("formula_numerator_id"),
    formulaDenominatorId: uuid("formula_denominator_id"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "kpis_pkey", columns: [t.orgId, t.id] }),
    // An input of a formula has the formula's cadence, and can be neither deleted nor given another
    // cadence while used (no action: lib/data/kpis.ts says why first; a stream deleted with both goes).
    foreignKey({
      name: "kpis_formula_numerator_fk",
      columns: [t.orgId, t.formulaNumeratorId, t.cadence],
      foreignColumns: [t.orgId, t.id, t.cadence],
    }),
    foreignKey({
      name: "kpis_formula_denominator_fk",
      columns: [t.orgId, t.formulaDenominatorId, t.cadence],
      foreignColumns: [t.orgId, t.id, t.cadence],
    }),
    check(
      "kpis_formula_whole",
      sql`(${t.formulaNumeratorId} is null) = (${t.formulaDenominatorId} is null) and ${t.formulaNumeratorId} is distinct from ${t.id} and ${t.formulaDenominatorId} is distinct from ${t.id}`,
    ),
    index("kpis_org_formula_numerator_idx").on(t.orgId, t.formulaNumeratorId),
    index("kpis_org_formula_denominator_idx").on(t.orgId, t.formulaDenominatorId),
    // The target of measurements' (org_id, kpi_id, cadence) reference: a value's cadence is its KPI's.
    unique("kpis_org_id_cadence_key").on(t.orgId, t.id, t.cadence),
    uniqueIndex("kpis_org_key_idx").on(t.orgId, sql`upper(${t.key})`),
    index("kpis_org_stream_idx").on(t.orgId, t.streamId),
    index("kpis_org_team_idx").on(t.orgId, t.teamId),
    foreignKey({ columns: [t.orgId, t.streamId], foreignColumns: [valueStreams.orgId, valueStreams.id] }).onDelete(
      "cascade",
    ),
    // The migration writes these ON DELETE SET NULL (stage_id) / (team_id): only the link is cleared.
    foreignKey({ columns: [t.orgId, t.stageId], foreignColumns: [stages.orgId, stages.id] }).onDelete("set null"),
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete("set null"),
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

/**
 * One value per KPI per period (the first day of the KPI's cadence bucket), held by the database:
 * `cadence` is always the KPI's (a trigger fills it on insert, the reference keeps it equal on a
 * cadence change) and the check refuses a period that is not the start of a bucket of that cadence,
 * so with the primary key no path can leave two values in one period of the current cadence.
 */
export const measurements = pgTable(
  "measurements",
  {
    orgId: uuid("org_id").notNull(),
    kpiId: uuid("kpi_id").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    /** The KPI's cadence (the reference refuses any other): the write path joins it, else the trigger measurements_take_kpi_cadence fills it. */
    cadence: cadenceEnum("cadence")
      .notNull()
      .default(sql`null`),
    value: doublePrecision("value").notNull(),
    note: text("note"),
    recordedBy: text("recorded_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.kpiId, t.period] }),
    // The only reference to the KPI: (org_id, kpi_id, cadence) also says the KPI exists, so a second
    // (org_id, kpi_id) one only cost every write a second lookup (migration 0009).
    foreignKey({
      name: "measurements_kpi_cadence_fk",
      columns: [t.orgId, t.kpiId, t.cadence],
      foreignColumns: [kpis.orgId, kpis.id, kpis.cadence],
    })
      .onDelete("cascade")
      .onUpdate("cascade"),
    check("measurements_period_starts_bucket", sql`${t.period} = flowline_period_start(${t.period}, ${t.cadence})`),
  ],
);

/** A stream link A → B: A's output feeds B's input; one unit of A's output ends up as `conversion` units of B's. */
export const streamLinks = pgTable(
  "stream_links",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    fromStreamId: uuid("from_stream_id").notNull(),
    toStreamId: uuid("to_stream_id").notNull(),
    /** k (DESIGN "Value chain"). */
    conversion: doublePrecision("conversion").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "stream_links_pkey", columns: [t.orgId, t.id] }),
    unique("stream_links_pair_key").on(t.orgId, t.fromStreamId, t.toStreamId),
    index("stream_links_org_to_idx").on(t.orgId, t.toStreamId),
    check("stream_links_not_self", sql`${t.fromStreamId} <> ${t.toStreamId}`),
    check("stream_links_conversion_range", sql`${t.conversion} >= 1e-9 and ${t.conversion} <= 1e9`),
    foreignKey({
      name: "stream_links_from_fk",
      columns: [t.orgId, t.fromStreamId],
      foreignColumns: [valueStreams.orgId, valueStreams.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "stream_links_to_fk",
      columns: [t.orgId, t.toStreamId],
      foreignColumns: [valueStreams.orgId, valueStreams.id],
    }).onDelete("cascade"),
  ],
);

/** A draft setup of a stream (a scenario): a copy of its demand, stages and resources to try changes on. */
export const streamScenarios = pgTable(
  "stream_scenarios",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    streamId: uuid("stream_id").notNull(),
    name: text("name").notNull(),
    /** The draft setup (see lib/data/scenarios.ts, `ScenarioSetup`). */
    setup: jsonb("setup").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "stream_scenarios_pkey", columns: [t.orgId, t.id] }),
    index("stream_scenarios_org_stream_idx").on(t.orgId, t.streamId),
    foreignKey({
      name: "stream_scenarios_stream_fk",
      columns: [t.orgId, t.streamId],
      foreignColumns: [valueStreams.orgId, valueStreams.id],
    }).onDelete("cascade"),
  ],
);
