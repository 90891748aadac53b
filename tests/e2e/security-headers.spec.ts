import type { Locator, Page, Response } from "@playwright/test";
import { demo, DEMO_PASSWORD, DEMO_SLUG, PRODUCTION_TEAM } from "./demo";
import { expect, signIn, test } from "./fixtures";

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/**
 * Collects every Content-Security-Policy violation of the page: the browser's `securitypolicyviolation`
 * events (recorded from the first script on) and its console reports of blocked resources.
 */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations!.push(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  return seen;
}

async function violations(page: Page, seen: string[]): Promise<string[]> {
  const fromEvents = await page.evaluate(() => window.__cspViolations ?? []);
  return [...seen, ...fromEvents];
}

function expectSecurityHeaders(response: Response | null, path: string) {
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, `CSP of ${path}`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp, `CSP of ${path}`).toContain("frame-ancestors 'none'");
  const scripts = csp.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
  expect(scripts, `script-src of ${path}`).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  // Plain http here: no HSTS.
  expect(headers["strict-transport-security"], path).toBeUndefined();
}

/** Opens `path`, waits until the page is interactive and checks it broke no rule of its policy. */
async function visit(page: Page, seen: string[], path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBeLessThan(400);
  expectSecurityHeaders(response, path);
  await page.waitForLoadState("networkidle");
  expect(await violations(page, seen), `CSP violations on ${path}`).toEqual([]);
}

async function firstHref(page: Page, link: Locator | string): Promise<string> {
  const locator = typeof link === "string" ? page.locator(link) : link;
  const href = await locator.first().getAttribute("href");
  if (!href) throw new Error(`No link ${String(link)} on ${page.url()}`);
  return href;
}

test("the app's own pages pass their Content-Security-Policy, signed in and out", async ({ page }) => {
  test.setTimeout(90_000);
  const seen = await watchViolations(page);
  await visit(page, seen, "/sign-in");
  // Through the form, not a saved session: the sign-in and its redirects are pages of the app too.
  await signIn(page, demo.admin, DEMO_PASSWORD);
  const base = `/o/${DEMO_SLUG}`;
  await visit(page, seen, base);

  await visit(page, seen, `${base}/teams`);
  await visit(
    page,
    seen,
    await firstHref(page, page.getByRole("main").getByRole("link", { name: new RegExp(`^${PRODUCTION_TEAM}\\b`) })),
  );

  await visit(page, seen, `${base}/streams`);
  const stream = await firstHref(page, `main a[href^="${base}/streams/"]:not([href$="/new"])`);
  await visit(page, seen, stream);
  await visit(page, seen, await firstHref(page, `main a[href^="${base}/kpis/"]`));

  // The review page is found by its link, wherever it lives.
  await page.goto(base);
  await visit(page, seen, await firstHref(page, `nav[aria-label="Organisation"] a:has-text("review")`));

  for (const path of [`${base}/members`, `${base}/settings`, "/api-docs", "/account"]) await visit(page, seen, path);

  // Client-side navigation runs the app's scripts under the same policy.
  await page.goto(base);
  await page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "Teams" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
  expect(await violations(page, seen)).toEqual([]);
});

test("every response carries the headers: API answers, 404s and refusals too", async ({ request }) => {
  for (const path of ["/api/v1/teams", "/o/no-such-org", "/api/v1/kpis/%ff", "/icon.svg"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
});

test("a page cannot be framed by another site", async ({ page, baseURL }) => {
  // Another origin (127.0.0.1 is not localhost to the browser) frames the sign-in page.
  const other = baseURL!.replace("localhost", "127.0.0.1");
  await page.route(`${other}/framer`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<iframe id="f" src="${baseURL}/sign-in" onload="document.title='loaded'"></iframe>`,
    }),
  );
  await page.goto(`${other}/framer`);
  await expect(page).toHaveTitle("loaded");
  // The browser refused the document (frame-ancestors 'none'): the frame holds its error page.
  const framed = page.frames().find((f) => f !== page.mainFrame());
  expect(framed?.url()).not.toBe(`${baseURL}/sign-in`);
  await expect(page.frameLocator("#f").getByRole("heading", { name: "Sign in" })).toHaveCount(0);
});
