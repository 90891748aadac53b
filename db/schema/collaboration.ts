import {
  bigserial,
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
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt } from "./columns";
import { kpis, valueStreams } from "./streams";
import { organisations, roleEnum } from "./tenancy";

export const reviewStatuses = ["on_track", "at_risk", "off_track"] as const;
export const actionStatuses = ["open", "in_progress", "done", "cancelled"] as const;
export const controlKinds = ["standard", "regulation", "certification", "internal_rule"] as const;
export const controlStatuses = ["compliant", "non_compliant", "not_verified"] as const;

export const reviewStatusEnum = pgEnum("review_status", reviewStatuses);
export const actionStatusEnum = pgEnum("action_status", actionStatuses);
export const controlKindEnum = pgEnum("control_kind", controlKinds);
export const controlStatusEnum = pgEnum("control_status", controlStatuses);

/** An invitation to join an organisation; only a hash of its token is kept. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    teamIds: uuid("team_ids").array().notNull().default([]),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "invitations_pkey", columns: [t.orgId, t.id] }),
    // Unique within the organisation (Citus's rule); the hash is 256 random bits, found by its own index.
    unique("invitations_org_token_hash_key").on(t.orgId, t.tokenHash),
    index("invitations_token_hash_idx").on(t.tokenHash),
    index("invitations_org_created_idx").on(t.orgId, t.createdAt),
  ],
);

/**
 * Mail that would have been sent when no SMTP server is configured (development and the demo), with
 * its secrets (invitation links) redacted. `orgId` names the organisation the mail concerns: its
 * admins may read it; the recipient always may.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: uuid("org_id").references(() => organisations.id, { onDelete: "cascade" }),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text_body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_org_idx").on(t.orgId, t.id), index("outbox_to_idx").on(t.to, t.id)],
);

export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    streamId: uuid("stream_id").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    status: reviewStatusEnum("status").notNull(),
    summary: text("summary").notNull().default(""),
    decisions: text("decisions").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "reviews_pkey", columns: [t.orgId, t.id] }),
    index("reviews_org_stream_idx").on(t.orgId, t.streamId, t.periodEnd),
    foreignKey({ columns: [t.orgId, t.streamId], foreignColumns: [valueStreams.orgId, valueStreams.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** A review's note on one KPI, with the KPI's status and attainment as they were at the review. */
export const reviewKpis = pgTable(
  "review_kpis",
  {
    orgId: uuid("org_id").notNull(),
    reviewId: uuid("review_id").notNull(),
    kpiId: uuid("kpi_id").notNull(),
    status: text("status").notNull(),
    attainment: doublePrecision("attainment"),
    change: doublePrecision("change"),
    comment: text("comment").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.reviewId, t.kpiId] }),
    foreignKey({ columns: [t.orgId, t.reviewId], foreignColumns: [reviews.orgId, reviews.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.orgId, t.kpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("cascade"),
  ],
);

/** A follow-up (countermeasure), optionally aimed at moving a KPI's attainment by an expected effect. */
export const actions = pgTable(
  "actions",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    streamId: uuid("stream_id"),
    reviewId: uuid("review_id"),
    kpiId: uuid("kpi_id"),
    title: text("title").notNull(),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    status: actionStatusEnum("status").notNull().default("open"),
    /** Expected change of the KPI's attainment by the due date, e.g. 0.1 for +10 points. */
    expectedEffect: doublePrecision("expected_effect"),
    /** The KPI's attainment when the action was created: the realised change is measured from it. */
    startAttainment: doublePrecision("start_attainment"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "actions_pkey", columns: [t.orgId, t.id] }),
    index("actions_org_owner_idx").on(t.orgId, t.ownerId, t.status),
    index("actions_org_stream_idx").on(t.orgId, t.streamId),
    foreignKey({ columns: [t.orgId, t.streamId], foreignColumns: [valueStreams.orgId, valueStreams.id] }).onDelete(
      "cascade",
    ),
    // The migration writes these ON DELETE SET NULL (review_id) / (kpi_id): deleting the review or KPI
    // keeps the action and clears only its link (nulling org_id too failed: issue 10).
    foreignKey({ columns: [t.orgId, t.reviewId], foreignColumns: [reviews.orgId, reviews.id] }).onDelete("set null"),
    foreignKey({ columns: [t.orgId, t.kpiId], foreignColumns: [kpis.orgId, kpis.id] }).onDelete("set null"),
  ],
);

/** A requirement a stream must meet, verified every `intervalDays`. */
export const controls = pgTable(
  "controls",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    streamId: uuid("stream_id").notNull(),
    requirement: text("requirement").notNull(),
    kind: controlKindEnum("kind").notNull(),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    status: controlStatusEnum("status").notNull().default("not_verified"),
    lastVerified: date("last_verified", { mode: "string" }),
    intervalDays: integer("interval_days").notNull().default(90),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "controls_pkey", columns: [t.orgId, t.id] }),
    index("controls_org_stream_idx").on(t.orgId, t.streamId),
    foreignKey({ columns: [t.orgId, t.streamId], foreignColumns: [valueStreams.orgId, valueStreams.id] }).onDelete(
      "cascade",
    ),
  ],
);
