import { expect, test } from "./fixtures";
import { DEMO_SLUG, signInAs } from "./demo";

/** A year before today, as the date input takes it. */
const aYearAgo = () => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
};

test("a process owner filters the cross-team review to off-track outcomes, opens a team's dashboard and redraws it as of a past date", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signInAs(page, "processOwner");
  await page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "Cross-team review" }).click();
  await expect(page.getByRole("heading", { name: "Cross-team review" })).toBeVisible();

  // Every team is placed, with the demo's profiles in their quadrants.
  const teams = page.getByRole("table").first();
  await expect(teams.getByRole("row", { name: /Marketing.*Output trap/ })).toBeVisible();
  await expect(teams.getByRole("row", { name: /Production.*Creating value/ })).toBeVisible();

  const filters = page.getByRole("form", { name: "Filter KPIs" });
  await filters.getByLabel("Kind").selectOption("outcome");
  await filters.getByLabel("Status").selectOption("off_track");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/kind=outcome/);
  await expect(page).toHaveURL(/status=off_track/);

  // Only off-track outcome KPIs remain: the output trap's outcomes are there, no output is.
  const kpis = page.getByRole("table").nth(1);
  await expect(kpis.getByRole("link", { name: /Qualified pipeline/ })).toBeVisible();
  await expect(kpis.getByRole("link", { name: /Campaigns launched/ })).toHaveCount(0);
  const rows = kpis.locator("tbody tr");
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toContainText("Outcome");
    await expect(rows.nth(i)).toContainText("Off track");
  }

  // The filtered view is a URL: reloading it keeps the filters.
  await page.reload();
  await expect(page.getByRole("form", { name: "Filter KPIs" }).getByLabel("Status")).toHaveValue("off_track");

  await kpis
    .getByRole("row", { name: /Qualified pipeline/ })
    .getByRole("link", { name: "Marketing" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_SLUG}/teams/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { name: "Marketing", level: 1 })).toBeVisible();
  await expect(page.getByText("Outputs are on target but outcomes are not moving")).toBeVisible();
  const valueTile = page.getByRole("link", { name: /^Value score: / });
  const today = await valueTile.getAttribute("aria-label");

  const past = aYearAgo();
  await page.getByLabel("As of").fill(past);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`asOf=${past}`));
  await expect(page.getByText(`As it was on ${past}`)).toBeVisible();
  // A year ago the team's outputs were further from target: the value score is not today's.
  await expect(valueTile).not.toHaveAttribute("aria-label", today!);
  await expect(page.getByRole("link", { name: "Back to today" })).toBeVisible();
});

test("the cross-team review and the follow-ups moved: their old addresses redirect permanently", async ({
  request,
}) => {
  for (const [old, moved] of [
    ["review", "cross-team"],
    ["actions", "follow-ups"],
  ]) {
    const response = await request.get(`/o/${DEMO_SLUG}/${old}?asOf=2025-01-06`, { maxRedirects: 0 });
    expect(response.status(), old).toBe(308);
    const location = new URL(response.headers()["location"]!, "http://host");
    expect(`${location.pathname}${location.search}`).toBe(`/o/${DEMO_SLUG}/${moved}?asOf=2025-01-06`);
  }
});
