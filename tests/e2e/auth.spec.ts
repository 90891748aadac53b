import {
  blockOffSite,
  createTeam,
  expect,
  openSignIn,
  OFF_SITE_HOST,
  signIn,
  signOut,
  signUp,
  signUpAnswer,
  submitSignIn,
  submitSignUp,
  test,
  uniqueId,
  type Account,
} from "./fixtures";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("sign up, create a team, sign out and sign back in to the organisation", async ({ page }) => {
  const account = await signUp(page);
  expect(page.url()).toMatch(new RegExp(`/o/${escape(account.slug)}$`));
  await expect(page.getByLabel("Switch organisation")).toContainText(account.organisation);

  const team = `Assembly ${uniqueId()}`;
  await createTeam(page, account.slug, team);
  await expect(page.locator("form [role=status]")).toContainText(team);

  await signOut(page);
  // Signed out: the organisation is behind the sign-in page again.
  await page.goto(`/o/${account.slug}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

  const slug = await signIn(page, account.email, account.password);
  expect(slug).toBe(account.slug);
  await expect(page.getByRole("heading", { level: 1, name: account.organisation })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: team })).toBeVisible();
});

test("a wrong password shows an error and keeps the email", async ({ page }) => {
  const account = await signUp(page);
  await page.context().clearCookies();

  await openSignIn(page);
  await submitSignIn(page, account.email, `${account.password}-wrong`);
  await expect(page.locator("form [role=alert]")).toHaveText("That email and password don't match an account.");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");

  // The right password still works straight after.
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${escape(account.slug)}$`));
});

test.describe("callbackUrl stays inside the app", () => {
  let account: Account;

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
    account = await signUp(page);
    await page.close();
  });

  test.beforeEach(async ({ context }) => {
    await blockOffSite(context);
  });

  const offSite = [
    `https://${OFF_SITE_HOST}/`,
    `//${OFF_SITE_HOST}`,
    `/\\${OFF_SITE_HOST}`,
    `https:${OFF_SITE_HOST}`,
    `javascript:alert(1)`,
  ];

  for (const target of offSite) {
    test(`from the query string: ${target}`, async ({ page, baseURL }) => {
      await openSignIn(page, target);
      await submitSignIn(page, account.email, account.password);
      await expect(page).toHaveURL(new RegExp(`^${escape(baseURL!)}/o/${escape(account.slug)}$`));
    });
  }

  test("from a tampered form field", async ({ page, baseURL }) => {
    await openSignIn(page);
    const field = page.locator('form input[type="hidden"][name="callbackUrl"]');
    await field.evaluate((input: HTMLInputElement, value) => {
      input.value = value;
    }, `https://${OFF_SITE_HOST}/`);
    await submitSignIn(page, account.email, account.password);
    await expect(page).toHaveURL(new RegExp(`^${escape(baseURL!)}/o/${escape(account.slug)}$`));
  });

  test("when already signed in", async ({ page, baseURL }) => {
    await signIn(page, account.email, account.password);
    const path = `/sign-in?callbackUrl=${encodeURIComponent(`//${OFF_SITE_HOST}`)}`;
    // The browser does not route redirected navigations, so check the redirect itself first.
    const response = await page.request.get(path, { maxRedirects: 0 });
    const location = response.headers()["location"];
    expect(location, "sign-in redirects a signed-in user").toBeTruthy();
    expect(new URL(location!, baseURL).origin, `redirect to ${location}`).toBe(new URL(baseURL!).origin);
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`^${escape(baseURL!)}/o/${escape(account.slug)}$`));
  });

  test("an on-site callbackUrl is honoured", async ({ page, baseURL }) => {
    await openSignIn(page, `/o/${account.slug}/teams`);
    await submitSignIn(page, account.email, account.password);
    await expect(page).toHaveURL(`${baseURL}/o/${account.slug}/teams`);
    await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
  });
});

test("without mail set up, signing up with a taken address answers as a new one, changes nothing and mails its owner", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const account = await signUp(page);
  await signOut(page);

  const attempt = {
    name: "Someone Else",
    email: account.email.toUpperCase(),
    password: `other-${uniqueId()}-password`,
    organisation: `Squatter ${uniqueId()}`,
  };
  // The address is read case-insensitively: the answer names it as the account has it.
  await expect(await submitSignUp(page, attempt)).toHaveText(signUpAnswer(account.email));

  // The account is the owner's as before: the new password does not sign in, and no organisation was added.
  await openSignIn(page);
  await submitSignIn(page, account.email, attempt.password);
  await expect(page.locator("form [role=alert]")).toHaveText("That email and password don't match an account.");
  expect(await signIn(page, account.email, account.password)).toBe(account.slug);
  await expect(page.getByLabel("Switch organisation")).not.toContainText(attempt.organisation);

  // The owner reads the mail in their outbox.
  await page.goto("/dev/outbox");
  const mail = page.getByRole("listitem").filter({ hasText: `To ${account.email}` });
  await expect(mail.getByRole("heading", { level: 2 })).toHaveText(
    "Someone tried to create a Flowline account with your address",
  );
});
