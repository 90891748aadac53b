import http from "node:http";
import type { Page } from "@playwright/test";
import { captureAction, DEMO_SLUG, replayAction, signInAs, type CapturedAction } from "./demo";
import { expect, openSignIn, signUp, submitSignIn, test, uniqueId } from "./fixtures";

/** Reproductions from issue 12 against the production build: each answered with a 4xx, never a 500. */

const malformed = ["/api/v1/kpis/%ff", "/o/%ff", "/invite/%ff", `/o/${DEMO_SLUG}/kpis/%ff`, "/o/%e0%a4%a"];

test.describe("malformed percent-encoding in a path segment", () => {
  for (const signedIn of [false, true]) {
    test(`answers 400 or 404, JSON under /api (${signedIn ? "signed in" : "signed out"})`, async ({ page }) => {
      if (signedIn) await signInAs(page, "viewer");
      for (const path of malformed) {
        const response = await page.request.get(path, { maxRedirects: 0 });
        expect([400, 404], `status of ${path}`).toContain(response.status());
        if (path.startsWith("/api/")) {
          expect(response.status()).toBe(400);
          expect(await response.json()).toEqual({
            error: { code: "malformed", message: expect.any(String), details: null },
          });
        }
      }
      // In the browser: the app's own not-found page.
      const shown = await page.goto("/o/%ff");
      expect(shown?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    });
  }
});

test("a callbackUrl with characters outside Latin-1 is redirected to, encoded", async ({ page, baseURL }) => {
  const account = await signUp(page);
  const target = `/o/${account.slug}/teams?q=日本€`;
  const encoded = `/o/${account.slug}/teams?q=%E6%97%A5%E6%9C%AC%E2%82%AC`;
  // Signed in: the sign-in page sends the user on at once.
  const response = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toBe(encoded);

  // Signing in through the form with such a callbackUrl lands there too.
  await page.context().clearCookies();
  await openSignIn(page, target);
  await submitSignIn(page, account.email, account.password);
  await page.waitForURL(`${baseURL}${encoded}`);
  await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
});

/** Captures a real server action: the team-creation form of the demo organisation. */
async function teamAction(page: Page): Promise<CapturedAction> {
  await signInAs(page, "admin");
  await page.goto(`/o/${DEMO_SLUG}/teams`);
  await page.getByLabel("Team name").fill(`Edge ${uniqueId()}`);
  return captureAction(page, () => page.getByRole("button", { name: "Create team" }).click());
}

test("a server action from another origin is refused with 403", async ({ page }) => {
  const action = await teamAction(page);
  const foreign = await replayAction(page, {
    ...action,
    headers: { ...action.headers, origin: "https://evil.example" },
  });
  expect(foreign.status()).toBe(403);
  // The same request from the app's own origin works.
  const own = await replayAction(page, action);
  expect(own.status()).toBe(200);
});

test("a server action body over the limit is refused with 413", async ({ page }) => {
  const action = await teamAction(page);
  const padding = Buffer.alloc(9 * 1024 * 1024, "a");
  const response = await replayAction(page, { ...action, body: Buffer.concat([action.body, padding]) });
  expect(response.status()).toBe(413);
  expect(await response.text()).toMatch(/larger than 8 MiB/);
});

test("unsupported methods on pages answer 405 with Allow; OPTIONS answers the methods", async ({ request }) => {
  for (const method of ["PUT", "DELETE", "PATCH", "PROPFIND"]) {
    for (const path of [`/o/${DEMO_SLUG}`, "/sign-in", `/o/${DEMO_SLUG}/export`]) {
      const response = await request.fetch(path, { method, maxRedirects: 0 });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()["allow"], `${method} ${path}`).toMatch(/^GET, HEAD(, POST)?, OPTIONS$/);
      expect(await response.text()).not.toBe("");
    }
  }
  const auth = await request.fetch("/api/auth/session", { method: "PUT" });
  expect(auth.status()).toBe(405);
  expect(auth.headers()["allow"]).toBe("GET, HEAD, POST, OPTIONS");
  expect((await auth.json()).error.code).toBe("method_not_allowed");

  const options = await request.fetch(`/o/${DEMO_SLUG}/export`, { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  // The REST API answers its own methods (lib/api): the proxy lets them through.
  expect((await request.fetch("/api/v1/teams", { method: "PUT" })).status()).toBe(405);
});

/**
 * Sends a captured request from a chosen loopback address (Linux answers every 127.x.y.z), with the
 * X-Forwarded-For a client wrote, as an attacker on another machine would.
 */
function sendFrom(
  baseURL: string,
  localAddress: string,
  action: CapturedAction,
  body: Buffer,
  forwardedFor: string,
): Promise<string> {
  const url = new URL(action.url);
  const base = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: base.port,
        path: url.pathname + url.search,
        method: "POST",
        localAddress,
        headers: { ...action.headers, host: base.host, "x-forwarded-for": forwardedFor, "content-length": body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const octet = () => Math.floor(Math.random() * 254) + 1;
/** An IPv6 documentation address no other run has used: rate-limit rows outlive a run on Postgres. */
const someClient = () => `2001:db8::${octet().toString(16)}:${octet().toString(16)}:${octet().toString(16)}`;

test.describe("the sign-in limit keys on the socket's address, not on X-Forwarded-For", () => {
  test("40 attempts from one machine with a new X-Forwarded-For each are limited after 30", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const placeholder = `spray-${uniqueId()}@flowline-e2e.example`;
    await openSignIn(page);
    const action = await captureAction(page, () => submitSignIn(page, placeholder, "wrong-password"));
    // Each attempt names another account, so only the address can stop them; the loopback address is this test's own.
    const machine = `127.55.${octet()}.${octet()}`;
    const answers: string[] = [];
    for (let i = 0; i < 40; i++) {
      const body = Buffer.from(
        action.body.toString("latin1").replace(placeholder, `spray-${uniqueId()}@x.example`),
        "latin1",
      );
      answers.push(await sendFrom(baseURL!, machine, action, body, `198.51.100.${i + 1}`));
    }
    const limited = answers.map((a) => a.includes("Too many failed attempts"));
    expect(limited.filter((l) => !l)).toHaveLength(30);
    expect(limited.slice(30)).toEqual(Array(10).fill(true));
  });

  test("behind a trusted proxy (TRUSTED_PROXIES=127.66.0.0/16) each client it names has its own allowance", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const placeholder = `proxied-${uniqueId()}@flowline-e2e.example`;
    await openSignIn(page);
    const action = await captureAction(page, () => submitSignIn(page, placeholder, "wrong-password"));
    const proxy = `127.66.${octet()}.${octet()}`;
    const attempt = (client: string) =>
      sendFrom(
        baseURL!,
        proxy,
        action,
        Buffer.from(action.body.toString("latin1").replace(placeholder, `p-${uniqueId()}@x.example`), "latin1"),
        // A client's own forged entry, then the entry the proxy appended.
        `6.6.6.6, ${client}`,
      );
    const client = someClient();
    for (let i = 0; i < 30; i++) expect(await attempt(client)).not.toContain("Too many failed attempts");
    expect(await attempt(client)).toContain("Too many failed attempts");
    // Another client behind the same proxy is not locked out.
    expect(await attempt(someClient())).not.toContain("Too many failed attempts");
  });
});
