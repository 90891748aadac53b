import { createTeam, expect, expectNotFound, newContext, signUp, test, uniqueId } from "./fixtures";

test("another user cannot open an organisation they do not belong to", async ({ page, browser, baseURL }) => {
  // Two sign-ups and seven page loads: allow for a slow shared CI machine.
  test.setTimeout(60_000);
  const first = await signUp(page);
  const teamId = await createTeam(page, first.slug, `Production ${uniqueId()}`);
  // The owner does see the team page.
  await page.goto(`/o/${first.slug}/teams/${teamId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Production");

  const other = await newContext(browser, baseURL);
  try {
    const stranger = await other.newPage();
    const second = await signUp(stranger);
    expect(second.slug).not.toBe(first.slug);

    for (const path of [
      `/o/${first.slug}`,
      `/o/${first.slug}/teams`,
      `/o/${first.slug}/teams/${teamId}`,
      `/o/${first.slug}/members`,
      `/o/${first.slug}/settings`,
      // The other organisation's team id under the stranger's own organisation.
      `/o/${second.slug}/teams/${teamId}`,
      // An organisation that does not exist looks the same as one that is not yours.
      `/o/no-such-org-${uniqueId()}`,
    ]) {
      await expectNotFound(stranger, path);
      await expect(stranger.getByText(first.organisation)).toHaveCount(0);
    }

    // The stranger's own organisation still works, and does not list the first one.
    await stranger.goto(`/o/${second.slug}`);
    await expect(stranger.getByRole("heading", { level: 1, name: second.organisation })).toBeVisible();
    await expect(stranger.getByText(first.organisation)).toHaveCount(0);
  } finally {
    await other.close();
  }
});

test("a signed-out visitor is sent to sign in, not shown the organisation", async ({ page, browser, baseURL }) => {
  const owner = await signUp(page);
  const visitor = await newContext(browser, baseURL);
  try {
    const anonymous = await visitor.newPage();
    await anonymous.goto(`/o/${owner.slug}/teams`);
    await expect(anonymous).toHaveURL(/\/sign-in\?callbackUrl=/);
    await expect(anonymous.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(anonymous.getByText(owner.organisation)).toHaveCount(0);
  } finally {
    await visitor.close();
  }
});
