import { expect, test, uniqueId } from "./fixtures";
import {
  card,
  contextAs,
  createKpi,
  createStream,
  daysFromToday,
  DEMO_SLUG,
  periodOf,
  PRODUCTION_TEAM,
  recordValue,
  uniqueKey,
} from "./demo";

/*
 * Valid time and knowledge time through the UI (DESIGN "Time"): a target changed "from next quarter"
 * leaves today's dashboard as it is and applies when the dashboard is redrawn after that date; "as
 * known then" hides a value backfilled later.
 */

const startOfNextQuarter = () => {
  const today = new Date(`${daysFromToday(0)}T00:00:00Z`);
  const month = Math.floor(today.getUTCMonth() / 3) * 3 + 3;
  return new Date(Date.UTC(today.getUTCFullYear(), month, 1)).toISOString().slice(0, 10);
};

test("an owner changes a target from next quarter: today unchanged, a later date uses it", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await contextAs(browser, baseURL, "owner");
  try {
    const streamId = await createStream(page, { name: `History ${uniqueId()}`, demand: "10", unit: "parts" });
    const kpi = await createKpi(page, streamId, {
      name: `Orders ${uniqueId()}`,
      key: uniqueKey(),
      kind: "Output",
      cadence: "Monthly",
      baseline: "0",
      target: "100",
      team: PRODUCTION_TEAM,
    });
    await recordValue(page, { value: "50" });

    const from = startOfNextQuarter();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Target", { exact: true }).fill("200");
    await page.getByLabel("Applies from").fill(from);
    await page.getByRole("button", { name: "Save KPI" }).click();
    await page.waitForURL(new RegExp(`/kpis/${kpi.id}$`));
    const history = card(page, "Definition history");
    await expect(history).toContainText(`From ${from}: target 100 → 200`);

    await page.goto(`/o/${DEMO_SLUG}/teams`);
    await page
      .getByRole("main")
      .getByRole("link", { name: new RegExp(`^${PRODUCTION_TEAM} \\d+ members?$`) })
      .click();
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    const kpiCard = page.getByRole("listitem").filter({ has: page.getByText(kpi.key, { exact: true }) });
    await expect(kpiCard).toContainText("target 100");
    await expect(kpiCard).toContainText("attainment 0.50");

    const later = new Date(`${from}T00:00:00Z`);
    later.setUTCDate(15);
    await page.goto(`${page.url().split("?")[0]}?asOf=${later.toISOString().slice(0, 10)}`);
    await expect(kpiCard).toContainText("target 200");
    await expect(kpiCard).toContainText("attainment 0.25");
  } finally {
    await context.close();
  }
});

test("'as known then' hides a value backfilled later; 'as known now' shows it", async ({ browser, baseURL }) => {
  const { context, page } = await contextAs(browser, baseURL, "owner");
  try {
    // A demo KPI with a set baseline, backfilled for a month before the demo's history (so today's
    // scores and the leverage window stay as seeded).
    const day = daysFromToday(-30 * 31);
    await page.goto(`/o/${DEMO_SLUG}/kpis/PRD-1`);
    const period = await recordValue(page, { date: day, value: "1.5", note: "From the old ledger" });
    expect(period).toMatch(/period starting \d{4}-\d{2}-\d{2}/);

    await page.goto(`/o/${DEMO_SLUG}/teams`);
    await page
      .getByRole("main")
      .getByRole("link", { name: new RegExp(`^${PRODUCTION_TEAM} \\d+ members?$`) })
      .click();
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    const path = page.url().split("?")[0];
    const kpiCard = page.getByRole("listitem").filter({ has: page.getByText("PRD-1", { exact: true }) });

    await page.goto(`${path}?asOf=${day}&known=now`);
    await expect(kpiCard).toContainText("1.5");
    await expect(page.getByLabel("Knowledge")).toHaveValue("now");

    await page.goto(`${path}?asOf=${day}&known=then`);
    await expect(page.getByLabel("Knowledge")).toHaveValue("then");
    await expect(kpiCard).not.toContainText("1.5");
    await expect(kpiCard).toContainText("—");

    // The KPI page, as of that day: as known now the value is there, with its history (who, when, note);
    // as known then it was not recorded yet.
    await page.goto(`/o/${DEMO_SLUG}/kpis/PRD-1?asOf=${day}`);
    const values = card(page, /^\d+ recorded values?$/);
    const row = values.getByRole("row").filter({ hasText: periodOf(period) });
    await expect(row).toContainText("1.5");
    await row.getByText(/^\d+ versions?$/).click();
    await expect(row.getByRole("list", { name: `Versions of ${periodOf(period)}` })).toContainText(
      "From the old ledger",
    );
    await expect(row).toContainText(/recorded \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by /);
    await page.goto(`/o/${DEMO_SLUG}/kpis/PRD-1?asOf=${day}&known=then`);
    await expect(page.getByText("Nothing was recorded by then.")).toBeVisible();
  } finally {
    await context.close();
  }
});
