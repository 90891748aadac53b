import { execFileSync } from "node:child_process";

/**
 * With E2E_DATABASE_URL (a Postgres server, as in CI) nothing seeds the demo organisation the specs
 * sign in to, so seed it here; the command is idempotent. Playwright runs this after the web server
 * has started (and migrated the database). The embedded database seeds itself on start: never run
 * the command on its folder while the server has it open.
 */
export default function globalSetup(): void {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) return;
  execFileSync("npm", ["run", "--silent", "flowline", "--", "seed-demo"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
    timeout: 120_000,
  });
}
