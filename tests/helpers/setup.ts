import { afterAll, beforeAll } from "vitest";
import { testDatabaseUrl } from "./database-url";

// Runs in the integration worker before each test file. Without a server, the worker's files share
// one database in memory: never the app's data folder.
const url = testDatabaseUrl();
if (url) {
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_SIZE ??= "4";
} else {
  process.env.FLOWLINE_DATA_DIR = "memory://";
}

// Open (and migrate) in a hook: starting PGlite takes seconds on a busy machine, which belongs to
// the hook's timeout, not to the first test's.
beforeAll(async () => {
  const { getDb } = await import("@/db/client");
  await getDb();
});

afterAll(async () => {
  // A server connection pool is cheap to reopen and would keep the worker alive: close it after each
  // file. PGlite in memory is the expensive part and is kept for the worker's next file.
  if (process.env.DATABASE_URL) {
    const { closeDb } = await import("@/db/client");
    await closeDb();
  }
});
