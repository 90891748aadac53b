import { expect, expectNotFound, test, uniqueId } from "./fixtures";
import {
  captureAction,
  card,
  contextAs,
  createKpi,
  createStream,
  daysFromToday,
  DEMO_SLUG,
  periodOf,
  PRODUCTION_TEAM,
  recordValue,
  replayAction,
  uniqueKey,
  valueRows,
  type CreatedKpi,
} from "./demo";

/**
 * A stream of the demo's process owner with weekly KPIs of the Production team (the member's team),
 * made for this file so the demo's own data stays as seeded; each test writes to its own KPI.
 */
let streamId: string;
let streamName: string;
let kpi: CreatedKpi;
let viewerKpi: CreatedKpi;
let quickKpi: CreatedKpi;

const weeklyKpi = () =>
  ({
    name: `Parts shipped ${uniqueId()}`,
    key: uniqueKey(),
    kind: "Output",
    direction: "Higher is better",
    unit: "parts",
    cadence: "Weekly",
    baseline: "30",
    target: "50",
    team: PRODUCTION_TEAM,
  }) as const;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  const { context, page } = await contextAs(browser, test.info().project.use.baseURL, "processOwner");
  try {
    streamName = `Values ${uniqueId()}`;
    streamId = await createStream(page, { name: streamName, demand: "50", unit: "parts" });
    kpi = await createKpi(page, streamId, weeklyKpi());
    viewerKpi = await createKpi(page, streamId, weeklyKpi());
    quickKpi = await createKpi(page, streamId, weeklyKpi());
  } finally {
    await context.close();
  }
});

test("a team member records a value, backfills a past week and replaces a value", async ({ browser, baseURL }) => {
  const { context, page } = await contextAs(browser, baseURL, "member");
  try {
    // Reached from the stream list, as a member would.
    await page.goto(`/o/${DEMO_SLUG}/streams`);
    await page.getByRole("link", { name: streamName, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: streamName })).toBeVisible();
    // A member reads the stream but does not edit it.
    await expect(page.getByRole("link", { name: "Add KPI" })).toHaveCount(0);
    await page.getByRole("link", { name: `${kpi.key} ${kpi.name}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${kpi.key} · ${kpi.name}` })).toBeVisible();
    await expect(card(page, "0 recorded values")).toContainText("Nothing recorded yet.");

    // The date field starts at today.
    await expect(card(page, "Record a value").getByLabel("Date")).toHaveValue(daysFromToday(0));
    const thisWeek = periodOf(await recordValue(page, { value: "42", note: "Counted at dispatch" }));
    await expect(card(page, "Record a value").getByRole("status")).toHaveText(
      `Value recorded for the period starting ${thisWeek}.`,
    );

    const past = periodOf(
      await recordValue(page, { date: daysFromToday(-22), value: "37.5", note: "Backfilled from the paper log" }),
    );
    expect(past < thisWeek).toBe(true);
    await expect(card(page, "Record a value").getByRole("status")).toHaveText(
      `Value recorded for the period starting ${past}.`,
    );
    await expect(card(page, "2 recorded values")).toBeVisible();
    await expect
      .poll(() => valueRows(page))
      .toEqual([
        [thisWeek, "42", "Counted at dispatch"],
        [past, "37.5", "Backfilled from the paper log"],
      ]);

    // Another date in the same week replaces that week's value instead of adding one.
    const replacedWeek = periodOf(await recordValue(page, { date: thisWeek, value: "45", note: "Recount" }));
    expect(replacedWeek).toBe(thisWeek);
    await expect(card(page, "Record a value").getByRole("status")).toHaveText(
      `Value for the period starting ${thisWeek} replaced.`,
    );
    await expect(card(page, "2 recorded values")).toBeVisible();
    await expect
      .poll(() => valueRows(page))
      .toEqual([
        [thisWeek, "45", "Recount"],
        [past, "37.5", "Backfilled from the paper log"],
      ]);
  } finally {
    await context.close();
  }
});

test("quick entry on the team dashboard shows a value at once and rolls a refused one back, saying why", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await contextAs(browser, baseURL, "member");
  try {
    await page.goto(`/o/${DEMO_SLUG}/teams`);
    await page
      .getByRole("main")
      .getByRole("link", { name: new RegExp(`^${PRODUCTION_TEAM} \\d+ members?$`) })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: PRODUCTION_TEAM })).toBeVisible();
    const kpiCard = page.getByRole("listitem").filter({ has: page.getByText(quickKpi.key, { exact: true }) });
    const shown = kpiCard.locator("[aria-live=polite]");
    const input = kpiCard.getByLabel(`New value for ${quickKpi.name}`);
    const record = kpiCard.getByRole("button", { name: "Record" });

    // The server's answers wait until released, so the card can be read while a write is under way.
    let release = () => {};
    await page.route("**/*", async (route) => {
      if (!route.request().headers()["next-action"]) return route.fallback();
      await new Promise<void>((resolve) => (release = resolve));
      await route.continue();
    });

    await input.fill("48");
    await record.click();
    await expect(shown).toContainText("48 parts");
    await expect(shown).toContainText("updating scores…");
    release();
    await expect(kpiCard.getByRole("status")).toHaveText(
      /^Value recorded for the period starting \d{4}-\d{2}-\d{2}\.$/,
    );
    await expect(shown).toHaveText("48 parts");
    await expect(input).toHaveValue("");

    // Too large for the server: shown at once, then rolled back with the server's reason.
    await input.fill("1e16");
    await record.click();
    await expect(shown).toContainText("1e16 parts");
    release();
    await expect(kpiCard.getByRole("alert")).toHaveText("Value is too large.");
    await expect(shown).toHaveText("48 parts");
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await page.unrouteAll({ behavior: "ignoreErrors" });

    // What the card showed is what was stored.
    await page.reload();
    await expect(shown).toHaveText("48 parts");
  } finally {
    await context.close();
  }
});

test("a viewer reads streams and KPIs without edit controls, and server actions refuse them", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const viewer = await contextAs(browser, baseURL, "viewer");
  const member = await contextAs(browser, baseURL, "member");
  try {
    const page = viewer.page;
    await expect(page.getByRole("link", { name: "Import values" })).toHaveCount(0);

    // The demo's stream: readable, with nothing to change.
    await page.goto(`/o/${DEMO_SLUG}/streams`);
    await expect(page.getByRole("heading", { level: 1, name: "Value streams" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New stream" })).toHaveCount(0);
    await page.getByRole("link", { name: "Production line", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Production line" })).toBeVisible();
    const stages = page.getByRole("list", { name: "Stages, in order" });
    await expect(stages.getByRole("listitem", { name: /^Stage 1: / })).toBeVisible();
    await expect(page.getByRole("note")).toBeVisible();
    for (const name of ["Add KPI", "New stream"]) await expect(page.getByRole("link", { name })).toHaveCount(0);
    for (const text of ["Edit stage", "Add a resource", "Add a stage", "Stream details"])
      await expect(page.getByText(text)).toHaveCount(0);
    for (const name of [/^Move .* (earlier|later)$/, /^Remove/, /^Archive$/, /^Delete$/, /^Save/]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
    await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();

    // One of its KPIs: values readable, no form.
    await card(page, "Output KPIs").getByRole("link").first().click();
    await expect(page).toHaveURL(/\/kpis\/[0-9a-f-]{36}$/);
    await expect(card(page, /recorded values?$/).getByRole("table")).toBeVisible();
    await expect(card(page, "Record a value")).toContainText("You can read this KPI.");
    // No recording form: the only date field is the page's as-of control.
    await expect(page.getByRole("main").getByLabel("Date", { exact: true })).toHaveCount(0);
    for (const name of ["Record value", "Archive", "Delete", "Link"])
      await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
    await expect(page.getByLabel("Drives outcome")).toHaveCount(0);

    // The pages behind edit controls are not there for a viewer.
    for (const path of [
      `/o/${DEMO_SLUG}/streams/new`,
      `/o/${DEMO_SLUG}/streams/${streamId}/kpis/new`,
      `/o/${DEMO_SLUG}/kpis/${viewerKpi.id}/edit`,
      `/o/${DEMO_SLUG}/import`,
    ]) {
      await expectNotFound(page, path);
    }

    // A request the member's "Record value" form sends, stopped before it reaches the server…
    await member.page.goto(`/o/${DEMO_SLUG}/kpis/${viewerKpi.id}`);
    const form = card(member.page, "Record a value");
    await form.getByLabel("Date").fill("2024-06-12");
    await form.getByLabel(/^Value/).fill("999");
    await form.getByLabel("Note").fill("Sent again by someone else");
    await member.page.route("**/*", (route) =>
      route.request().headers()["next-action"] ? route.abort() : route.fallback(),
    );
    const recordAction = await captureAction(member.page, () =>
      form.getByRole("button", { name: "Record value" }).click(),
    );
    await member.page.unrouteAll({ behavior: "ignoreErrors" });

    // …is refused when the viewer sends it with their own session, and writes nothing.
    const refused = await replayAction(page, recordAction);
    expect(refused.status()).toBe(200);
    expect(await refused.text()).toContain("You don't have permission to do that.");
    await page.goto(`/o/${DEMO_SLUG}/kpis/${viewerKpi.id}`);
    await expect(page.getByRole("heading", { level: 1, name: `${viewerKpi.key} · ${viewerKpi.name}` })).toBeVisible();
    await expect(card(page, /recorded values?$/)).not.toContainText("999");

    // The same request from the member is accepted: the refusal above was the viewer's role.
    const accepted = await replayAction(member.page, recordAction);
    expect(await accepted.text()).toContain("Value recorded for the period starting 2024-06-10.");
    await page.reload();
    const row = card(page, /recorded values?$/)
      .getByRole("row")
      .filter({ hasText: "2024-06-10" });
    await expect(row).toContainText("999");
    await expect(row).toContainText("Sent again by someone else");
  } finally {
    await viewer.context.close();
    await member.context.close();
  }
});
