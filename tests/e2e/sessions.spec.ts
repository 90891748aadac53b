import type { Browser, BrowserContext } from "@playwright/test";
import { card } from "./demo";
import { expect, newContext, signIn, signOut, signUp, test, type Account } from "./fixtures";

/** A second browser with a copy of the first one's cookies, as someone who copied them would have. */
async function withCopiedCookies(browser: Browser, baseURL: string | undefined, from: BrowserContext) {
  const copy = await newContext(browser, baseURL);
  await copy.addCookies(await from.cookies());
  return copy;
}

/** Whether the context's session still opens the organisation (or is sent to sign in). */
async function isSignedIn(context: BrowserContext, slug: string): Promise<boolean> {
  const response = await context.request.get(`/o/${slug}`, { maxRedirects: 0 });
  if (response.status() === 200) return true;
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toMatch(/\/sign-in\?callbackUrl=/);
  return false;
}

test("a cookie copied before sign-out stops working after it", async ({ page, browser, baseURL }) => {
  const account = await signUp(page);
  const copy = await withCopiedCookies(browser, baseURL, page.context());
  try {
    expect(await isSignedIn(copy, account.slug)).toBe(true);
    await signOut(page);
    expect(await isSignedIn(copy, account.slug)).toBe(false);
    expect(await isSignedIn(page.context(), account.slug)).toBe(false);
  } finally {
    await copy.close();
  }
});

test.describe("the account page's sessions", () => {
  let account: Account;

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
    account = await signUp(page);
    await signOut(page);
    await page.close();
  });

  test("lists each browser, signs one out, then everywhere", async ({ page, browser, baseURL }) => {
    test.setTimeout(60_000);
    await signIn(page, account.email, account.password);
    const laptop = await newContext(browser, baseURL);
    try {
      const other = await laptop.newPage();
      await signIn(other, account.email, account.password);

      await page.goto("/account");
      const rows = card(page, "Sessions").locator("tbody tr");
      // The sign-up's session was signed out: this browser and the other one are listed.
      await expect(rows).toHaveCount(2);
      await expect(rows.filter({ hasText: "This browser" })).toHaveCount(1);
      await expect(rows.first()).toContainText(/^Chrome on \w+/);

      // Sign the other browser out from here.
      await rows
        .filter({ hasNotText: "This browser" })
        .getByRole("button", { name: /^Sign out/ })
        .click();
      await expect(rows).toHaveCount(1);
      expect(await isSignedIn(laptop, account.slug)).toBe(false);
      expect(await isSignedIn(page.context(), account.slug)).toBe(true);

      // Back on the other browser, then sign out everywhere from this one.
      await signIn(other, account.email, account.password);
      const copy = await withCopiedCookies(browser, baseURL, page.context());
      await page.goto("/account");
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await page.waitForURL((url) => url.pathname === "/sign-in");
      for (const context of [laptop, copy, page.context()]) expect(await isSignedIn(context, account.slug)).toBe(false);
      await copy.close();
    } finally {
      await laptop.close();
    }
  });

  test("changing the password signs the other browsers out and keeps this one in", async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    await signIn(page, account.email, account.password);
    const laptop = await newContext(browser, baseURL);
    try {
      await signIn(await laptop.newPage(), account.email, account.password);
      await page.goto("/account");
      await page.getByLabel("Current password").fill(account.password);
      const newPassword = `${account.password}-new`;
      await page.getByLabel("New password").fill(newPassword);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByRole("status")).toContainText("Password changed");
      account.password = newPassword;
      expect(await isSignedIn(laptop, account.slug)).toBe(false);
      expect(await isSignedIn(page.context(), account.slug)).toBe(true);
      await expect(card(page, "Sessions").locator("tbody tr")).toHaveCount(1);
    } finally {
      await laptop.close();
    }
  });
});
