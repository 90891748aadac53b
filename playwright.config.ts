import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the production build (`next build` + `next start`) on port 3200
 * (E2E_PORT=… for another, e.g. when two checkouts run their suites at once).
 *
 * - Default: a fresh embedded PGlite database in .data/e2e-pglite, removed before every run.
 * - E2E_DATABASE_URL=postgres://…: the server uses that Postgres database (migrated at start); the
 *   global setup seeds the demo organisation into it (`npm run flowline -- seed-demo`, idempotent).
 * - E2E_SKIP_BUILD=1: skip `npm run build` (CI builds once beforehand).
 * - PLAYWRIGHT_CHROMIUM_PATH: the Chromium to drive (default /usr/bin/chromium; when that does not
 *   exist, Playwright's own downloaded browser is used).
 */
const port = Number(process.env.E2E_PORT ?? 3200);
const baseURL = `http://localhost:${port}`;
const ci = Boolean(process.env.CI);

const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
const executablePath = existsSync(chromiumPath) ? chromiumPath : undefined;

// A fixed secret for the test server only: it signs the session cookies of throwaway accounts.
const AUTH_SECRET = "e2e-only-secret-not-for-production-0123456789abcdef";
const EMBEDDED_DIR = ".data/e2e-pglite";
const databaseUrl = process.env.E2E_DATABASE_URL;

const start = `npm start -- -p ${port}`;
const serve = process.env.E2E_SKIP_BUILD === "1" ? start : `npm run build && ${start}`;

const browser = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "tests/e2e",
  // Runs after the web server is up. Specs sign in to the demo organisation (acme).
  globalSetup: "./tests/e2e/global-setup.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: ci ? 2 : undefined,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL,
    trace: "on-first-retry",
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    // Signs in once per demo role and saves the cookies (tests/e2e/auth.setup.ts); specs reuse them.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: browser },
    { name: "chromium", dependencies: ["setup"], use: browser },
  ],
  webServer: {
    // Embedded mode starts from an empty database folder every run (the server opens it, so it can
    // only be removed here, before the server starts).
    command: databaseUrl ? serve : `rm -rf ${EMBEDDED_DIR} && ${serve}`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the app close its database; SIGKILL follows if it hangs.
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET,
      // Invitation tests read mail from the development outbox, also against a Postgres server.
      FLOWLINE_DEV_OUTBOX: "1",
      SMTP_URL: "",
      // The whole suite signs up from this one machine; the limit itself is tested on the database.
      FLOWLINE_SIGN_UP_LIMIT: "10000",
      // tests/e2e/bad-input.spec.ts sends requests "through a proxy" from these loopback addresses.
      TRUSTED_PROXIES: "127.66.0.0/16",
      ...(databaseUrl
        ? { DATABASE_URL: databaseUrl }
        : // An empty DATABASE_URL means "embedded", even if the caller's shell has one set.
          { DATABASE_URL: "", FLOWLINE_DATA_DIR: EMBEDDED_DIR, FLOWLINE_SEED_DEMO: "1" }),
    },
  },
});
