import { execFileSync } from "node:child_process";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import postgres from "postgres";
import {
  expect,
  newContext,
  openSignIn,
  signIn,
  signOut,
  signUp,
  submitSignIn,
  test,
  uniqueId,
  type Account,
} from "../e2e/fixtures";
import { INSTANCE_HEADER, startCluster, type Cluster, type InstanceName } from "./cluster";

/**
 * DESIGN "Running": the app is stateless behind a load balancer. Two instances of the production
 * build share one Postgres database behind HAProxy; nothing here is sticky, so whatever one instance
 * records (a session, its end, a role, a failed sign-in, a write) the other honours on its next request.
 */

const databaseUrl = process.env.CLUSTER_DATABASE_URL;
const basePort = Number(process.env.E2E_PORT ?? 3200);

test.describe.configure({ mode: "serial" });
test.skip(!databaseUrl, "CLUSTER_DATABASE_URL names the Postgres database both instances share");

let cluster: Cluster;
let owner: Account;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(150_000);
  cluster = await startCluster({ basePort, databaseUrl: databaseUrl! });
  const { context, page } = await on(browser, cluster.balancerUrl);
  owner = await signUp(page);
  await context.close();
});

test.afterAll(async () => {
  await cluster?.stop();
});

async function on(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, baseURL);
  return { context, page: await context.newPage() };
}

/** The organisation's overview as `instance` answers it to this context: its text, or null when sent to sign in. */
async function overviewOn(context: BrowserContext, instance: InstanceName): Promise<string | null> {
  const response = await context.request.get(`${cluster.instances[instance].url}/o/${owner.slug}`, {
    maxRedirects: 0,
  });
  if (response.status() === 307) {
    expect(response.headers()["location"]).toMatch(/\/sign-in\?callbackUrl=/);
    return null;
  }
  expect(response.status(), `overview on instance ${instance}`).toBe(200);
  return response.text();
}

test("a session made on one instance works on the other, and through the balancer on both", async ({ browser }) => {
  const { context, page } = await on(browser, cluster.instances.a.url);
  try {
    expect(await signIn(page, owner.email, owner.password)).toBe(owner.slug);
    expect(await overviewOn(context, "b")).toContain(owner.organisation);

    const served = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const response = await context.request.get(`${cluster.balancerUrl}/o/${owner.slug}`, { maxRedirects: 0 });
      expect(response.status()).toBe(200);
      served.add(response.headers()[INSTANCE_HEADER] ?? "");
    }
    expect([...served].sort()).toEqual(["a", "b"]);
  } finally {
    await context.close();
  }
});

test("signing out on one instance ends the session on both at the next request", async ({ browser }) => {
  const { context, page } = await on(browser, cluster.instances.b.url);
  const copy = await newContext(browser, cluster.instances.a.url);
  try {
    await signIn(page, owner.email, owner.password);
    // A copy of the cookies, as someone who took them before sign-out would have.
    await copy.addCookies(await context.cookies());
    expect(await overviewOn(copy, "a")).not.toBeNull();
    expect(await overviewOn(copy, "b")).not.toBeNull();

    await signOut(page);
    expect(await overviewOn(copy, "a")).toBeNull();
    expect(await overviewOn(copy, "b")).toBeNull();
  } finally {
    await copy.close();
    await context.close();
  }
});

test("a role changed on one instance is the role on both at the next request", async ({ browser }) => {
  const admin = await on(browser, cluster.instances.a.url);
  const invitee = await on(browser, cluster.instances.b.url);
  try {
    await signIn(admin.page, owner.email, owner.password);
    const id = uniqueId();
    const person = { name: `Colleague ${id}`, email: `cluster-${id}@flowline-e2e.example`, password: `pw-${id}-horse` };

    // Invited on instance a, the invitation is accepted on instance b.
    await admin.page.goto(`/o/${owner.slug}/members`);
    await admin.page.getByLabel("Email addresses").fill(person.email);
    await admin.page.getByLabel("Role", { exact: true }).selectOption({ label: "Admin" });
    await admin.page.getByRole("button", { name: "Send invitations" }).click();
    const link = await admin.page.getByLabel("Copy this link").inputValue();
    await invitee.page.goto(new URL(link).pathname);
    await invitee.page.getByLabel("Your name").fill(person.name);
    await invitee.page.getByLabel("Password", { exact: true }).fill(person.password);
    await invitee.page.getByRole("button", { name: "Create account and join" }).click();
    await invitee.page.waitForURL(new RegExp(`/o/${owner.slug}$`));
    for (const instance of ["a", "b"] as const) {
      expect(await overviewOn(invitee.context, instance)).toContain("You are admin here.");
    }

    // Changed to viewer on instance a: both instances answer the viewer's overview next.
    await admin.page.reload();
    const row = admin.page.getByRole("row").filter({ hasText: person.email });
    await row.getByLabel(`Role of ${person.name}`).selectOption({ label: "Viewer" });
    await row.getByRole("button", { name: "Change" }).click();
    await expect(row.getByRole("status")).toHaveText("Role changed to Viewer.");
    for (const instance of ["b", "a"] as const) {
      const overview = await overviewOn(invitee.context, instance);
      expect(overview).toContain("You are viewer here.");
      expect(overview).not.toContain("You are admin here.");
    }
  } finally {
    await admin.context.close();
    await invitee.context.close();
  }
});

test("failed sign-ins are counted across instances: the account's limit of 5 holds over both", async ({ browser }) => {
  const a = await on(browser, cluster.instances.a.url);
  const b = await on(browser, cluster.instances.b.url);
  const pages = { a: a.page, b: b.page };
  try {
    // Three wrong passwords on a and two on b: neither instance saw more than the limit of 5 by itself.
    // (A fresh form each time: the last answer's alert must not stand for the next one's.)
    for (const instance of ["a", "b", "a", "b", "a"] as const) {
      await openSignIn(pages[instance]);
      await submitSignIn(pages[instance], owner.email, "not-the-password");
      await expect(pages[instance].locator("form [role=alert]")).toHaveText(
        "That email and password don't match an account.",
      );
    }
    // The right password is now refused on both.
    for (const instance of ["b", "a"] as const) {
      await openSignIn(pages[instance]);
      await submitSignIn(pages[instance], owner.email, owner.password);
      await expect(pages[instance].locator("form [role=alert]")).toHaveText(
        "Too many failed attempts. Wait 15 minutes, then try again.",
      );
    }
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

/** The Monday `week` weeks after 3 January 2000 (a Monday), as YYYY-MM-DD: one weekly period per write. */
function monday(week: number): string {
  return new Date(Date.UTC(2000, 0, 3 + 7 * week)).toISOString().slice(0, 10);
}

test("killing an instance mid-stream of API writes loses no acknowledged write", async () => {
  test.setTimeout(90_000);
  const token = execFileSync(
    "npm",
    [
      "run",
      "--silent",
      "flowline",
      "--",
      "token",
      "create",
      "--org",
      owner.slug,
      "--name",
      "Cluster",
      "--scope",
      "write",
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] },
  )
    .toString()
    .trim();
  const api = (path: string, body: unknown) =>
    fetch(`${cluster.balancerUrl}/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const stream = (await (await api("/streams", { template: "production" })).json()) as { id: string };
  const kpiAnswer = await api("/kpis", {
    streamId: stream.id,
    key: "CLU-1",
    name: "Parts written through the balancer",
    kind: "output",
    direction: "increase",
    baseline: 0,
    target: 1000,
    cadence: "week",
  });
  expect(kpiAnswer.status).toBe(201);
  const kpi = (await kpiAnswer.json()) as { id: string };

  const TOTAL = 160;
  const WRITERS = 6;
  const KILL_AFTER = 40;
  const acknowledged: { week: number; by: string; afterKill: boolean }[] = [];
  const unacknowledged: { week: number; status: number | string }[] = [];
  let next = 0;
  let killing: Promise<void> | undefined;

  async function writer() {
    while (next < TOTAL) {
      const week = next++;
      try {
        const response = await api("/measurements", {
          measurements: [{ kpiId: kpi.id, date: monday(week), value: week }],
        });
        await response.arrayBuffer();
        if (response.ok) {
          acknowledged.push({ week, by: response.headers.get(INSTANCE_HEADER) ?? "", afterKill: Boolean(killing) });
          if (acknowledged.length === KILL_AFTER) killing = cluster.kill("a");
        } else {
          unacknowledged.push({ week, status: response.status });
        }
      } catch {
        // The balancer closed the connection of a request the killed instance held: no answer, no promise.
        unacknowledged.push({ week, status: "no answer" });
      }
    }
  }
  await Promise.all(Array.from({ length: WRITERS }, writer));
  await killing;
  test.info().annotations.push({
    type: "writes",
    description: `${acknowledged.length} acknowledged (${acknowledged.filter((w) => w.afterKill).length} after the kill), ${unacknowledged.length} not: ${unacknowledged.map((w) => w.status).join(", ")}`,
  });

  // Only requests the killed instance held may go unanswered (or answered 502/503 by the balancer);
  // the app itself fails none.
  for (const { status } of unacknowledged) {
    expect([502, 503, "no answer"], `an unacknowledged write: ${status}`).toContain(status);
  }
  expect(acknowledged.filter((w) => !w.afterKill && w.by === "a").length).toBeGreaterThan(0);
  expect(acknowledged.filter((w) => w.afterKill).length).toBeGreaterThan(TOTAL / 2);
  expect(acknowledged.filter((w) => w.afterKill).at(-1)?.by).toBe("b");

  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ period: string; value: number }[]>`
      select period::text as period, value from measurements where kpi_id = ${kpi.id}`;
    const stored = new Map(rows.map((r) => [r.period, r.value]));
    const lost = acknowledged.filter((w) => stored.get(monday(w.week)) !== w.week);
    expect(lost, "acknowledged writes missing from the database").toEqual([]);
  } finally {
    await sql.end();
  }
});
