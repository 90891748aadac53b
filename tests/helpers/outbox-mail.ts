import { afterAll, beforeAll, vi } from "vitest";

/**
 * For the test file calling it: without SMTP_URL mail goes to the outbox table, whatever the machine running
 * the tests has set.
 */
export function sendMailToOutbox(): void {
  beforeAll(() => {
    vi.stubEnv("SMTP_URL", "");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}
