import postgres from "postgres";
import { testDatabaseUrl } from "./database-url";

/**
 * With a Postgres server, makes sure the test database exists (creating it through the server's
 * `postgres` database when it does not). Migrations are left to db/client.ts, which runs them under an
 * advisory lock, so test files starting at the same time are fine.
 */
export default async function setup(): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) return;
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) return;

  const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await probe`select 1`;
    return;
  } catch (error) {
    // 3D000 = invalid_catalog_name: the database does not exist yet.
    if ((error as { code?: string }).code !== "3D000") throw error;
  } finally {
    await probe.end();
  }

  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    // 42P04 = duplicate_database: another run created it meanwhile.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await admin.end();
  }
}
