/**
 * The Postgres server the integration tests use, if any: TEST_DATABASE_URL wins over DATABASE_URL.
 * Without either, every test file gets its own in-memory PGlite database.
 */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}
