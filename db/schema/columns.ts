import { timestamp } from "drizzle-orm/pg-core";

/** When a row was created: every table that keeps one names it the same way. */
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
