import { expect, test, uniqueId } from "./fixtures";
import {
  contextAs,
  createKpi,
  createStream,
  daysFromToday,
  DEMO_SLUG,
  periodOf,
  PRODUCTION_TEAM,
  recordValue,
  uniqueKey,
  valueRows,
} from "./demo";

/**
 * A process owner changes a weekly KPI with values to monthly: the edit form previews the re-bucketing
 * and changes nothing until it is confirmed; confirmed, each month holds one value (DESIGN "Time").
 */
test("a cadence change on a KPI with values is previewed, refused unconfirmed, and re-buckets once confirmed", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const { context, page } = await contextAs(browser, baseURL, "processOwner");
  try {
    const streamId = await createStream(page, { name: `Cadence ${uniqueId()}`, demand: "50", unit: "parts" });
    const kpi = await createKpi(page, streamId, {
      name: `Parts ${uniqueId()}`,
      key: uniqueKey(),
      kind: "Output",
      direction: "Higher is better",
      unit: "parts",
      cadence: "Weekly",
      baseline: "30",
      target: "50",
      team: PRODUCTION_TEAM,
    });
    const weeks: string[] = [];
    for (const [days, value] of [
      [-15, "31"],
      [-8, "32"],
      [-1, "33"],
    ] as const) {
      weeks.push(periodOf(await recordValue(page, { date: daysFromToday(days), value })));
    }
    const before = await valueRows(page);
    expect(before).toHaveLength(3);
    // Each week goes to the month its Monday is in; the latest week of a month wins.
    const months = [...new Set(weeks.map((w) => `${w.slice(0, 7)}-01`))].sort().reverse();

    await page.goto(`/o/${DEMO_SLUG}/kpis/${kpi.id}/edit`);
    const preview = page.getByRole("group", { name: "Re-bucket the values" });
    await expect(preview).toHaveCount(0);
    await page.getByLabel("Cadence").selectOption({ label: "Monthly" });
    await expect(preview).toContainText(
      `re-buckets 3 values into ${months.length} month${months.length === 1 ? "" : "s"}`,
    );
    await expect(preview).toContainText(`${weeks[2]} (33) → ${weeks[2]!.slice(0, 7)}-01`);

    // Unconfirmed: refused with a message on the form, nothing changed.
    await page.getByRole("button", { name: "Save KPI" }).click();
    await expect(page.getByText(/has 3 values by week/).first()).toBeVisible();
    await page.goto(`/o/${DEMO_SLUG}/kpis/${kpi.id}`);
    await expect.poll(() => valueRows(page)).toEqual(before);

    // Confirmed: one value per month.
    await page.goto(`/o/${DEMO_SLUG}/kpis/${kpi.id}/edit`);
    await page.getByLabel("Cadence").selectOption({ label: "Monthly" });
    await preview.getByLabel("Re-bucket the values into the new cadence").check();
    await page.getByRole("button", { name: "Save KPI" }).click();
    await page.waitForURL(new RegExp(`/kpis/${kpi.id}$`));
    const latestOf = (month: string) => before.find((row) => row[0]!.startsWith(month.slice(0, 7)))![1];
    await expect
      .poll(async () => (await valueRows(page)).map((row) => [row[0], row[1]]))
      .toEqual(months.map((m) => [m, latestOf(m)]));
  } finally {
    await context.close();
  }
});
