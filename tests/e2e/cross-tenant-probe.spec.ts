import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { captureAction, contextAs, createKpi, createStream, DEMO_SLUG, uniqueKey } from "./demo";
import { expect, expectNotFound, newContext, signUp, test, uniqueId } from "./fixtures";

/**
 * The outside probe of issue 12, kept in CI: someone signed in to another organisation walks every
 * page of the app with the demo organisation's ids, under the demo's address and under their own,
 * and is answered the not-found page each time. The pages come from the app/ folder, so a new page
 * is probed (or this spec fails until it is) without anyone remembering to add it here.
 */

const UUID = "[0-9a-f-]{36}";

/**
 * Every page (page.tsx) or, with `file` "route.ts", every route handler of the app as its pattern
 * ("/o/[org]/kpis/[kpiId]"), from the app/ folder.
 */
function pagePatterns(file = "page.tsx", dir = "app", prefix = ""): string[] {
  const patterns: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === file) patterns.push(prefix || "/");
    if (!entry.isDirectory() || entry.name.startsWith("_")) continue;
    // A route group "(auth)" adds nothing to the URL.
    const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    patterns.push(...pagePatterns(file, path.join(dir, entry.name), prefix + segment));
  }
  return patterns.sort();
}

/** Pages that belong to no organisation: nothing of one to leak. A new one must be added here or probed. */
const OUTSIDE_ORGANISATIONS = [
  "/",
  "/account",
  "/api-docs",
  "/dev/outbox",
  "/invite/[token]",
  "/orgs/new",
  "/sign-in",
  "/sign-up",
  "/sign-up/confirm/[token]",
];

const params = (pattern: string) => [...pattern.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);

test("the app's pages are either under /o/[org] or listed as outside any organisation", () => {
  const outside = pagePatterns().filter((p) => !p.startsWith("/o/[org]"));
  expect(outside).toEqual(OUTSIDE_ORGANISATIONS);
});

test("signed in to another organisation, every page with the demo organisation's ids is not found", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const patterns = pagePatterns().filter((p) => p.startsWith("/o/[org]"));

  // The demo organisation's rows of every kind a page names: a stream of its own (with a KPI, a
  // review and a scenario), so the demo's seeded data stays as it was.
  const ids: Record<string, string> = { org: DEMO_SLUG };
  const owner = await contextAs(browser, baseURL, "owner");
  try {
    const page = owner.page;
    ids.streamId = await createStream(page, { name: `Probe ${uniqueId()}`, template: "Production line" });
    ids.kpiId = (
      await createKpi(page, ids.streamId, {
        name: `Probe KPI ${uniqueId()}`,
        key: uniqueKey(),
        kind: "Output",
        target: "5",
      })
    ).id;

    await page.goto(`/o/${DEMO_SLUG}/streams/${ids.streamId}`);
    await page.getByText("Plan a change").click();
    await page.getByLabel("Scenario name").fill("Probe");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.waitForURL(new RegExp(`/scenarios/${UUID}$`));
    ids.scenarioId = new URL(page.url()).pathname.split("/").at(-1)!;

    await page.goto(`/o/${DEMO_SLUG}/streams/${ids.streamId}/reviews/new`);
    await page.getByRole("button", { name: "Save review" }).click();
    await page.waitForURL(new RegExp(`/reviews/${UUID}$`));
    ids.reviewId = new URL(page.url()).pathname.split("/").at(-1)!;

    await page.goto(`/o/${DEMO_SLUG}/teams`);
    const hrefs = await page
      .getByRole("main")
      .locator(`a[href^="/o/${DEMO_SLUG}/teams/"]`)
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    ids.teamId = hrefs.map((h) => new RegExp(`/teams/(${UUID})$`).exec(h)?.[1]).find(Boolean)!;
    expect(ids.teamId).toBeDefined();

    // Each page opens for the demo's owner: the probe below is refused because of who asks, not what.
    for (const pattern of patterns) {
      const missing = params(pattern).filter((p) => !(p in ids));
      expect(missing, `${pattern}: the probe has no id for these; give it one`).toEqual([]);
      const url = params(pattern).reduce((p, name) => p.replace(`[${name}]`, ids[name]!), pattern);
      const response = await page.request.get(url, { maxRedirects: 0 });
      expect(response.status(), `the demo's owner opens ${url}`).toBe(200);
    }
  } finally {
    await owner.context.close();
  }

  const stranger = await newContext(browser, baseURL);
  try {
    const page = await stranger.newPage();
    const own = await signUp(page);
    for (const pattern of patterns) {
      for (const org of [DEMO_SLUG, own.slug]) {
        // Under their own organisation only pages that name a row of the demo's are probed.
        if (org === own.slug && params(pattern).length === 1) continue;
        const url = params(pattern).reduce(
          (p, name) => p.replace(`[${name}]`, name === "org" ? org : ids[name]!),
          pattern,
        );
        await expectNotFound(page, url);
      }
    }
    // The organisation's route handlers (the CSV export) answer 404 too.
    const routes = pagePatterns("route.ts").filter((p) => p.startsWith("/o/[org]"));
    expect(routes.length).toBeGreaterThan(0);
    for (const pattern of routes) {
      expect(params(pattern), `${pattern}: the probe fills only [org] in routes`).toEqual(["org"]);
      const response = await page.request.get(pattern.replace("[org]", DEMO_SLUG), { maxRedirects: 0 });
      expect(response.status(), pattern).toBe(404);
    }
  } finally {
    await stranger.close();
  }
});

// ---- Server actions ------------------------------------------------------------------------------

interface ManifestAction {
  filename: string;
  exportedName: string;
  workers: Record<string, unknown>;
}

/** Every server action of the build, from Next's manifest of them (so a new action is probed too). */
function serverActions() {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, ManifestAction>;
  };
  return Object.entries(manifest.node).map(([id, a]) => ({
    id,
    name: `${a.filename}#${a.exportedName}`,
    page: Object.keys(a.workers)[0]!,
  }));
}

/** Actions that belong to no organisation (sign-in, one's own account, invitations by secret link). */
const ACTIONS_OUTSIDE_ORGANISATIONS = [
  "app/(auth)/actions.ts#confirmSignUpAction",
  "app/(auth)/actions.ts#signInAction",
  "app/(auth)/actions.ts#signOutAction",
  "app/(auth)/actions.ts#signUpAction",
  "app/account/actions.ts#changePasswordAction",
  "app/account/actions.ts#revokeSessionAction",
  "app/account/actions.ts#signOutEverywhereAction",
  "app/invite/[token]/actions.ts#acceptInvitationAction",
  "app/invite/[token]/actions.ts#signUpWithInvitationAction",
  "app/orgs/actions.ts#createOrganisationAction",
  "components/auth/oauth-buttons.tsx#$$RSC_SERVER_ACTION_0",
];

/** The table each id field of the actions' forms names a row of. */
const ID_FIELDS: Record<string, string> = {
  teamId: "teams",
  streamId: "value_streams",
  otherStreamId: "value_streams",
  kpiId: "kpis",
  outputKpiId: "kpis",
  outcomeKpiId: "kpis",
  stageId: "stages",
  resourceId: "resources",
  scenarioId: "stream_scenarios",
  reviewId: "reviews",
  controlId: "controls",
  actionId: "actions",
  linkId: "stream_links",
  tokenId: "api_tokens",
  invitationId: "invitations",
};

test("the build's server actions are either under /o/[org] or listed as outside any organisation", () => {
  const outside = serverActions()
    .filter((a) => !a.name.startsWith("app/o/[org]/"))
    .map((a) => a.name)
    .sort();
  expect(outside).toEqual(ACTIONS_OUTSIDE_ORGANISATIONS);
});

test("signed in to another organisation, every server action with the demo organisation's ids is refused and changes nothing", async ({
  browser,
  baseURL,
}) => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  test.skip(!databaseUrl, "compares the demo organisation's rows in the database (E2E_DATABASE_URL)");
  test.setTimeout(180_000);
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  const stranger = await newContext(browser, baseURL);
  try {
    const [demo] = await sql<{ id: string }[]>`select id::text from organisations where slug = ${DEMO_SLUG}`;
    // One row of the demo's per kind, the oldest: seeded, which no other spec changes.
    const named: Record<string, string> = {};
    for (const [field, table] of Object.entries(ID_FIELDS)) {
      const [row] = await sql<{ id: string }[]>`
        select id::text from ${sql(table)} where org_id = ${demo!.id} order by created_at limit 1`;
      if (row) named[field] = row.id;
    }
    const [member] = await sql<{ id: string }[]>`
      select user_id as id from memberships where org_id = ${demo!.id} and role <> 'owner' order by created_at limit 1`;
    named.userId = named.ownerId = member!.id;

    /** The named rows and the demo's organisation and settings, as text. */
    const fingerprint = async () => {
      const rows: string[] = [];
      for (const [field, id] of Object.entries(named)) {
        const table = ID_FIELDS[field] ?? "memberships";
        const column = table === "memberships" ? "user_id" : "id";
        const found = await sql<{ row: string }[]>`
          select t::text as row from ${sql(table)} t where org_id = ${demo!.id} and ${sql(column)}::text = ${id}`;
        rows.push(`${field}: ${found.map((r) => r.row).join()}`);
      }
      const org = await sql<{ row: string }[]>`
        select o::text || s::text as row from organisations o join org_settings s on s.org_id = o.id where o.id = ${demo!.id}`;
      return [...rows, org[0]!.row];
    };

    const page = await stranger.newPage();
    const own = await signUp(page);
    // The body as the browser encodes a form action, learnt from a real one: the stranger's own team.
    const teamForm = await captureAction(page, async () => {
      await page.goto(`/o/${own.slug}/teams`);
      await page.getByLabel("Team name").fill(`Own ${uniqueId()}`);
      await page.getByRole("button", { name: "Create team" }).click();
    });
    expect(teamForm.headers["content-type"]).toMatch(/^multipart\/form-data/);
    const fields = parseMultipart(teamForm.body, teamForm.headers["content-type"]!);
    const orgField = Object.keys(fields).find((k) => fields[k] === own.slug);
    expect(orgField, `the org field among ${Object.keys(fields).join(", ")}`).toBeDefined();
    const prefix = orgField!.slice(0, -"org".length);
    const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith(prefix)));

    const actions = serverActions().filter((a) => a.name.startsWith("app/o/[org]/"));
    const send = async (action: (typeof actions)[number], values: Record<string, string>) => {
      const url = action.page
        .replace(/^app/, "")
        .replace(/\/page$/, "")
        .replace(/\/\([^)]+\)/g, "")
        .replace("[org]", own.slug)
        .replace(/\[(\w+)\]/g, (_, p: string) => named[p] ?? "x");
      // In the browser's order: the form's fields, then the arguments that refer to them (the server
      // reads the body as a stream, so a reference must come after what it refers to).
      const form = new FormData();
      for (const [k, v] of Object.entries(values)) form.append(`${prefix}${k}`, v);
      for (const [k, v] of Object.entries(rest)) form.append(k, v);
      const response = await page.request.post(url, {
        headers: { "next-action": action.id, origin: new URL(baseURL!).origin, accept: "text/x-component" },
        multipart: form,
        maxRedirects: 0,
      });
      return { status: response.status(), text: await response.text() };
    };
    // The request as built here does run an action: the stranger's own organisation gets a team.
    const createTeam = actions.find((a) => a.name === "app/o/[org]/teams/actions.ts#createTeamAction")!;
    expect((await send(createTeam, { org: own.slug, name: `Control ${uniqueId()}` })).text).toContain('"ok":true');

    const before = await fingerprint();
    for (const action of actions) {
      for (const org of [DEMO_SLUG, own.slug]) {
        const answer = await send(action, {
          org,
          name: "Probe",
          role: "viewer",
          confirm: DEMO_SLUG,
          date: "2026-01-05",
          value: "1",
          ...named,
        });
        expect(answer.status, `${action.name} as a stranger (org ${org})`).toBeLessThan(500);
        // Under the demo's slug the action runs and refuses. Under their own, it may do what it does
        // in their own organisation (create a token, say): the demo's rows are compared below.
        if (org === DEMO_SLUG) expect(answer.text, `${action.name} under ${org}`).toContain('"ok":false');
      }
    }
    expect(await fingerprint()).toEqual(before);
  } finally {
    await stranger.close();
    await sql.end();
  }
});

/** The text fields of a multipart/form-data body. */
function parseMultipart(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
  const fields: Record<string, string> = {};
  for (const part of body.toString("utf8").split(`--${boundary}`)) {
    const match = /name="([^"]+)"\r\n\r\n([\s\S]*)\r\n$/.exec(part);
    if (match) fields[match[1]!] = match[2]!;
  }
  return fields;
}
