import { expect, test, uniqueId } from "./fixtures";
import {
  card,
  contextAs,
  createKpi,
  createStream,
  daysFromToday,
  PRODUCTION_TEAM,
  recordValue,
  uniqueKey,
} from "./demo";

/**
 * The KPI page's chart (DESIGN "Surfaces": a time-scaled chart with baseline and the target as it
 * changed; labelled axes, a legend, values on hover or focus, a text alternative; 390 px wide).
 */
test("the KPI chart has axes, a legend, a stepped target and points that show their value", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const { context, page } = await contextAs(browser, baseURL, "processOwner");
  try {
    const streamId = await createStream(page, { name: `Charts ${uniqueId()}`, demand: "50", unit: "parts" });
    const name = `Parts charted ${uniqueId()}`;
    await createKpi(page, streamId, {
      name,
      key: uniqueKey(),
      kind: "Output",
      unit: "parts",
      cadence: "Weekly",
      baseline: "30",
      target: "50",
      team: PRODUCTION_TEAM,
    });
    // Half a year back, then last week and this week: by index these would be evenly spaced.
    const long = daysFromToday(-182);
    await recordValue(page, { date: long, value: "32" });
    await recordValue(page, { date: daysFromToday(-7), value: "41" });
    await recordValue(page, { date: daysFromToday(0), value: "44" });
    const changedFrom = daysFromToday(-91);
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Target", { exact: true }).fill("60");
    await page.getByLabel("Applies from").fill(changedFrom);
    await page.getByRole("button", { name: "Save KPI" }).click();
    await expect(card(page, "Definition history")).toContainText(`From ${changedFrom}: target 50 → 60`);

    const chart = card(page, "Values").locator("figure");
    // Axes: round value ticks (multiples of 5 here) and date ticks on a time scale.
    const tickTexts = await chart.locator("svg text").allTextContents();
    const numbers = tickTexts.filter((t) => /^\d+$/.test(t)).map(Number);
    expect(numbers.length).toBeGreaterThanOrEqual(3);
    for (const n of numbers) expect(n % 5).toBe(0);
    expect(tickTexts.some((t) => /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\d{4})/.test(t))).toBe(true);
    expect(tickTexts).toContain("Target 60");
    expect(tickTexts).toContain("Baseline 30");

    const legend = chart.getByRole("list", { name: /Legend/ });
    await expect(legend).toContainText("Values (parts)");
    await expect(legend).toContainText("Target, stepping where it changed");
    await expect(legend).toContainText("Baseline");
    await expect(chart.locator("figcaption")).toContainText(`Target 50 parts, then 60 parts from ${changedFrom}`);

    // Positions follow the dates: the half-year gap is far wider than the week's.
    const points = chart.getByRole("group", { name: `${name}: values` }).getByRole("button");
    await expect(points).toHaveCount(3);
    const xs = await Promise.all([0, 1, 2].map(async (i) => (await points.nth(i).boundingBox())!.x));
    expect((xs[1]! - xs[0]!) / (xs[2]! - xs[1]!)).toBeGreaterThan(10);

    // One tab stop: the latest point; arrows move along the series and show each value.
    await page.getByRole("link", { name: "Edit" }).focus();
    const latest = points.nth(2);
    for (let i = 0; i < 20 && !(await latest.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press("Tab");
    await expect(latest).toBeFocused();
    const tooltip = chart.getByRole("tooltip");
    await expect(tooltip).toContainText("44 parts");
    await page.keyboard.press("ArrowLeft");
    await expect(points.nth(1)).toBeFocused();
    await expect(tooltip).toContainText("41 parts (target 60)");
    await page.keyboard.press("Escape");
    await expect(tooltip).toHaveCount(0);
    await points.nth(0).hover();
    await expect(tooltip).toContainText(`(target 50)`);
    await expect(tooltip).toContainText("32 parts");

    // A phone: the page does not scroll sideways and the chart's text keeps its size.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    const fontSize = await chart
      .locator("svg text")
      .first()
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(fontSize).toBeGreaterThanOrEqual(11);
  } finally {
    await context.close();
  }
});
