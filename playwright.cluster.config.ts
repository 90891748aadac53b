import { defineConfig } from "@playwright/test";
import config from "./playwright.config";

/**
 * Two instances of the production build behind HAProxy (tests/cluster): the spec starts and stops
 * them itself, so there is no web server here. Needs a build (`npm run build`), HAProxy on the PATH
 * and CLUSTER_DATABASE_URL, a Postgres database both instances share (an embedded database cannot
 * be opened by two processes). Ports: E2E_PORT + 10, + 20 (instances) and + 30 (HAProxy).
 */
const basePort = Number(process.env.E2E_PORT ?? 3200);

export default defineConfig({
  ...config,
  use: { ...config.use, baseURL: `http://127.0.0.1:${basePort + 30}` },
  testDir: "tests/cluster",
  globalSetup: undefined,
  webServer: undefined,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  projects: config.projects?.filter((p) => p.name === "chromium").map(({ dependencies: _, ...p }) => p),
});
