import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";

export { expect, test } from "@playwright/test";

export interface Account {
  name: string;
  email: string;
  password: string;
  organisation: string;
  /** The new organisation's slug, from the URL the sign-up landed on. */
  slug: string;
}

/** Unique per run and per call, so tests never collide with each other or with earlier runs. */
export function uniqueId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

const orgPath = /^\/o\/([a-z0-9-]+)$/;

/** The organisation slug of the current page, which must be an organisation's overview. */
export function currentSlug(page: Page): string {
  const match = orgPath.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`Not on an organisation overview: ${page.url()}`);
  return match[1]!;
}

/** The sign-up form's answer without mail set up: the same whether the address was new or taken. */
export const signUpAnswer = (email: string) =>
  `Done: sign in with ${email} to continue. If that address already had an account, it is unchanged and we mailed its owner.`;

/** Fills and submits the sign-up form; answers the status it shows. */
export async function submitSignUp(page: Page, details: Omit<Account, "slug">): Promise<Locator> {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(details.name);
  await page.getByLabel("Work email").fill(details.email);
  await page.getByLabel("Password", { exact: true }).fill(details.password);
  await page.getByLabel("Organisation name").fill(details.organisation);
  await page.getByRole("button", { name: "Create account" }).click();
  return page.locator("form [role=status]");
}

/**
 * Signs up a new account with its own organisation, then signs in (sign-up itself signs nobody in, so
 * that it cannot tell a new address from a taken one) and waits until its overview is shown.
 */
export async function signUp(page: Page, overrides: Partial<Omit<Account, "slug">> = {}): Promise<Account> {
  const id = uniqueId();
  const details = {
    name: `E2E User ${id}`,
    email: `e2e-${id}@flowline-e2e.example`,
    password: `pw-${id}-correct-horse`,
    organisation: `E2E Org ${id}`,
    ...overrides,
  };
  await expect(await submitSignUp(page, details)).toHaveText(signUpAnswer(details.email));
  await signIn(page, details.email, details.password);
  await expect(page.getByRole("heading", { level: 1, name: details.organisation })).toBeVisible();
  return { ...details, slug: currentSlug(page) };
}

/** Fills and submits the sign-in form on the current page (call `openSignIn` first). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens /sign-in, optionally with a callbackUrl (passed through as given, URL-encoded). */
export async function openSignIn(page: Page, callbackUrl?: string): Promise<void> {
  const query = callbackUrl === undefined ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  await page.goto(`/sign-in${query}`);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
}

/** Signs in and waits until an organisation overview is shown. */
export async function signIn(page: Page, email: string, password: string): Promise<string> {
  await openSignIn(page);
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => orgPath.test(url.pathname));
  return currentSlug(page);
}

/** Signs out through the account menu in the header and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByLabel("Account menu").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
}

/** Creates a team in the organisation, waits for it in the list and answers its id. */
export async function createTeam(page: Page, slug: string, name: string): Promise<string> {
  await page.goto(`/o/${slug}/teams`);
  await page.getByLabel("Team name").fill(name);
  await page.getByRole("button", { name: "Create team" }).click();
  const link = page.getByRole("main").getByRole("link", { name });
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  const match = href && new RegExp(`^/o/${slug}/teams/([^/?#]+)$`).exec(href);
  if (!match) throw new Error(`Unexpected team link: ${href}`);
  return match[1]!;
}

/** Asserts that `path` answers the app's 404 page with status 404. */
export async function expectNotFound(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
}

/**
 * A fresh browser context (its own cookies) with the project's options. Requests to the made-up
 * off-site host are answered locally, so an open redirect shows up as a URL, not a DNS error.
 */
export async function newContext(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await blockOffSite(context);
  return context;
}

export const OFF_SITE_HOST = "evil.example";

export async function blockOffSite(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.hostname === OFF_SITE_HOST,
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Off-site</h1>" }),
  );
}
