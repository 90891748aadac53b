import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // `server-only` throws outside a React Server bundle; in tests it is an empty module.
      { find: /^server-only$/, replacement: path.join(root, "tests/helpers/empty.ts") },
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
  test: {
    environment: "node",
    // At least two workers even on a two-core machine (the database work waits on I/O); a few more
    // on bigger ones. Each integration worker starts one database.
    maxWorkers: Math.max(2, Math.min(4, availableParallelism() - 1)),
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          pool: "threads",
          // Property tests run hundreds of cases; on a busy two-core machine the default 5 s is too short.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // Worker processes, each reusing its modules (so its one database) for the files it runs:
          // starting PGlite costs ~2 s of CPU, migrating it 0.1 s. Tests never assume an empty
          // database, as on a Postgres server all files share one anyway.
          pool: "forks",
          isolate: false,
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/setup.ts"],
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
