import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, expect, test } from "vitest";
import { migrationsFolder } from "@/db/client";
import * as schema from "@/db/schema";
import { findActiveSession } from "@/lib/auth/user-sessions";
import { migrationsBefore } from "../helpers/migrations";

/** Migration 0009 stores session ids as their SHA-256: a session signed in before it keeps working. */
const earlier = migrationsBefore("0010_session_ids_hashed");
afterAll(() => earlier.remove());

test("a session stored in plain before the migration is found by its JWT's id after it, and only so", async () => {
  const client = await PGlite.create("memory://");
  try {
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: earlier.folder });
    const sessionId = "0b9c3c36-9f43-4d0e-8a43-2b1f4f1d2a11";
    await client.exec(`
      insert into users (id, email, session_version) values ('u1', 'pat@example.com', 3);
      insert into user_sessions (id, user_id, session_version) values ('${sessionId}', 'u1', 3);
    `);
    await migrate(db, { migrationsFolder });
    const stored = await client.query<{ id: string }>(`select id from user_sessions`);
    expect(stored.rows).toEqual([{ id: createHash("sha256").update(sessionId).digest("hex") }]);
    const claims = { userId: "u1", sessionId, sessionVersion: 3 };
    expect(await findActiveSession(db, claims)).toMatchObject({ user: { id: "u1", email: "pat@example.com" } });
    expect(await findActiveSession(db, { ...claims, sessionId: stored.rows[0]!.id })).toBeNull();
  } finally {
    await client.close();
  }
});
