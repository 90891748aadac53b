import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organisations } from "./tenancy";

export const tokenScopes = ["read", "write"] as const;
export const tokenScopeEnum = pgEnum("token_scope", tokenScopes);

/** An organisation's API token; the secret is shown once and only its SHA-256 is kept. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the secret, shown in lists so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    scope: tokenScopeEnum("scope").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "api_tokens_pkey", columns: [t.orgId, t.id] }),
    // Unique within the organisation (Citus's rule); the hash is 256 random bits, found by its own index.
    unique("api_tokens_org_token_hash_key").on(t.orgId, t.tokenHash),
    index("api_tokens_token_hash_idx").on(t.tokenHash),
    index("api_tokens_org_idx").on(t.orgId, t.createdAt),
  ],
);

/** The first answer to a request with an Idempotency-Key, replayed for the same key and body. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: jsonb("response").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);
