import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIResponse, Browser, BrowserContext, Locator, Page, Request } from "@playwright/test";
import { currentSlug, expect, newContext } from "./fixtures";

/**
 * The demo organisation (db/seed/demo.ts): seeded on start in embedded mode, by the global setup
 * with E2E_DATABASE_URL. Tests only read its data or add their own streams with unique names; they
 * never change what the demo seeded.
 */
export const DEMO_SLUG = "acme";
export const DEMO_PASSWORD = "flowline-demo";
export const demo = {
  owner: "owner@acme.example",
  admin: "admin@acme.example",
  processOwner: "process.owner@acme.example",
  member: "member@acme.example",
  viewer: "viewer@acme.example",
} as const;
export type DemoRole = keyof typeof demo;

/** The demo team the process owner and the member both belong to. */
export const PRODUCTION_TEAM = "Production";

/**
 * Where the setup project (auth.setup.ts) keeps each demo account's signed-in browser state: it signs
 * in once per role and run through the form; specs that only need a signed-in user reuse the cookies.
 */
export const storageStateOf = (role: DemoRole) => path.join(".data", "e2e-auth", `${role}.json`);

/** Signs in as a demo account in this page's context (its saved session) and opens the demo organisation. */
export async function signInAs(page: Page, role: DemoRole): Promise<void> {
  const { cookies } = JSON.parse(readFileSync(storageStateOf(role), "utf8")) as {
    cookies: Parameters<BrowserContext["addCookies"]>[0];
  };
  await page.context().addCookies(cookies);
  await page.goto(`/o/${DEMO_SLUG}`);
  expect(currentSlug(page)).toBe(DEMO_SLUG);
}

/** A fresh context (its own cookies) signed in as a demo account. */
export async function contextAs(
  browser: Browser,
  baseURL: string | undefined,
  role: DemoRole,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, baseURL);
  const page = await context.newPage();
  await signInAs(page, role);
  return { context, page };
}

/**
 * A KPI key no other test or run uses: a letter, eight random letters or digits, a hyphen and a
 * number (keys are unique in the organisation and the demo's are PRD-…, DEV-…).
 */
export function uniqueKey(n = 1): string {
  const random = Array.from(
    { length: 8 },
    () => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(Math.random() * 31)],
  ).join("");
  return `E${random}-${n}`;
}

const uuid = "[0-9a-f-]{36}";
const idFrom = (page: Page, pattern: RegExp): string => {
  const match = pattern.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`Unexpected URL: ${page.url()}`);
  return match[1]!;
};

export interface NewStream {
  name: string;
  /** The label of a "Start from" choice, e.g. "Production line"; blank stream when absent. */
  template?: string;
  demand?: string;
  unit?: string;
}

/** Creates a stream through the form and answers its id, on its page. */
export async function createStream(page: Page, stream: NewStream): Promise<string> {
  await page.goto(`/o/${DEMO_SLUG}/streams/new`);
  await page.getByRole("radio", { name: stream.template ?? "Blank stream" }).check();
  await page.getByLabel("Name", { exact: true }).fill(stream.name);
  if (stream.demand !== undefined) await page.getByLabel("Demand").fill(stream.demand);
  if (stream.unit !== undefined) await page.getByLabel("Unit").fill(stream.unit);
  await page.getByRole("button", { name: "Create stream" }).click();
  await page.waitForURL(new RegExp(`/o/${DEMO_SLUG}/streams/${uuid}$`));
  await expect(page.getByRole("heading", { level: 1, name: stream.name })).toBeVisible();
  return idFrom(page, new RegExp(`/streams/(${uuid})$`));
}

export interface NewKpi {
  name: string;
  key?: string;
  kind: "Output" | "Outcome";
  direction?: "Higher is better" | "Lower is better";
  unit?: string;
  cadence?: "Weekly" | "Monthly" | "Quarterly";
  baseline?: string;
  target: string;
  weight?: string;
  stage?: string;
  team?: string;
}

/** Fills the KPI form on /streams/<id>/kpis/new (the page must be open) without submitting it. */
export async function fillKpiForm(page: Page, kpi: NewKpi): Promise<void> {
  await page.getByLabel("Name", { exact: true }).fill(kpi.name);
  if (kpi.key !== undefined) await page.getByLabel("Key").fill(kpi.key);
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: kpi.kind });
  if (kpi.direction) await page.getByLabel("Direction").selectOption({ label: kpi.direction });
  if (kpi.unit !== undefined) await page.getByLabel("Unit").fill(kpi.unit);
  if (kpi.cadence) await page.getByLabel("Cadence").selectOption({ label: kpi.cadence });
  if (kpi.baseline !== undefined) await page.getByLabel("Baseline").fill(kpi.baseline);
  await page.getByLabel("Target", { exact: true }).fill(kpi.target);
  if (kpi.weight !== undefined) await page.getByLabel("Weight").fill(kpi.weight);
  if (kpi.stage) await page.getByLabel("Stage").selectOption({ label: kpi.stage });
  if (kpi.team) await page.getByLabel("Accountable team").selectOption({ label: kpi.team });
}

export interface CreatedKpi {
  id: string;
  key: string;
  name: string;
}

/** Submits the open KPI form, waits for the new KPI's page and answers its id and key. */
export async function submitKpiForm(page: Page, name: string): Promise<CreatedKpi> {
  await page.getByRole("button", { name: "Create KPI" }).click();
  await page.waitForURL(new RegExp(`/o/${DEMO_SLUG}/kpis/${uuid}$`));
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(name);
  const match = /^(\S+) · /.exec((await heading.textContent()) ?? "");
  if (!match) throw new Error(`Unexpected KPI heading: ${await heading.textContent()}`);
  return { id: idFrom(page, new RegExp(`/kpis/(${uuid})$`)), key: match[1]!, name };
}

/** Creates a KPI of a stream through the form and answers its id and key, on its page. */
export async function createKpi(page: Page, streamId: string, kpi: NewKpi): Promise<CreatedKpi> {
  await page.goto(`/o/${DEMO_SLUG}/streams/${streamId}/kpis/new`);
  await fillKpiForm(page, kpi);
  return submitKpiForm(page, kpi.name);
}

/** A card of the page: the innermost <section> around the heading. */
export function card(page: Page, heading: string | RegExp): Locator {
  return page.getByRole("heading", { level: 2, name: heading }).locator("xpath=ancestor::section[1]");
}

/** Records a value through the KPI page's form (the page must be open) and answers the status text. */
export async function recordValue(page: Page, value: { date?: string; value: string; note?: string }): Promise<string> {
  const form = card(page, "Record a value");
  if (value.date !== undefined) await form.getByLabel("Date").fill(value.date);
  await form.getByLabel(/^Value/).fill(value.value);
  await form.getByLabel("Note").fill(value.note ?? "");
  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined,
  );
  await form.getByRole("button", { name: "Record value" }).click();
  await answered;
  // React resets the form once the action's new state is shown: the status is this value's, not the last one's.
  await expect(form.getByLabel(/^Value/)).toHaveValue("");
  const status = form.getByRole("status");
  await expect(status).toContainText(/period starting \d{4}-\d{2}-\d{2}/);
  return (await status.textContent()) ?? "";
}

/** The period a status message names ("… for the period starting 2026-03-02."). */
export function periodOf(message: string): string {
  const match = /period starting (\d{4}-\d{2}-\d{2})/.exec(message);
  if (!match) throw new Error(`No period in: ${message}`);
  return match[1]!;
}

/** The rows of a KPI page's values table as [period, value, note], newest first. */
export async function valueRows(page: Page): Promise<string[][]> {
  const table = card(page, /^\d+ recorded values?$/).getByRole("table");
  if ((await table.count()) === 0) return [];
  const rows = table.locator("tbody tr");
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) =>
      Array.from(tr.querySelectorAll("td"))
        .slice(0, 3)
        .map((td) => (td.textContent ?? "").trim()),
    ),
  );
  return cells;
}

/** A date `days` days from today (UTC), as YYYY-MM-DD. */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A server action request as the browser sent it, to send again from another session. */
export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Runs `trigger` and captures the server action request it sends. */
export async function captureAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  const sent = page.waitForRequest((r: Request) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await trigger();
  const request = await sent;
  const all = await request.allHeaders();
  const keep = ["next-action", "content-type", "accept", "origin", "next-router-state-tree"];
  const headers = Object.fromEntries(Object.entries(all).filter(([name]) => keep.includes(name.toLowerCase())));
  return { url: request.url(), headers, body: request.postDataBuffer() ?? Buffer.alloc(0) };
}

/** Sends a captured server action with the cookies of `page`'s context (its session). */
export async function replayAction(page: Page, action: CapturedAction): Promise<APIResponse> {
  return page.request.post(action.url, { headers: action.headers, data: action.body, maxRedirects: 0 });
}
