import type { SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";

/** The rows of a raw statement: postgres-js answers an array of rows, PGlite an object with `rows`. */
export async function rows<T>(q: Pick<Queryable, "execute">, statement: SQL): Promise<T[]> {
  const result = await q.execute(statement);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}

/**
 * The tables that hold tenant data, read from the catalog: every table of the public schema with an
 * org_id column except the outbox (global mail, docs/security.md). Tables added later are included.
 */
export const GLOBAL_TABLES_WITH_ORG_ID = ["outbox"];
