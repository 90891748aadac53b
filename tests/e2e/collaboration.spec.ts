import { expect, test, uniqueId } from "./fixtures";
import { card, contextAs, DEMO_SLUG, signInAs } from "./demo";

/**
 * Reviews and follow-up actions on the demo's "Production line" stream (owned by the process owner,
 * Priya Process). The review and the action this adds carry unique texts; they change no KPI value.
 */

const MEMBER_NAME = "Max Member";
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("a process owner reviews the Production line and assigns an action to the member, who finds it in the Inbox and My actions", async ({
  page,
  browser,
  baseURL,
}) => {
  // Two sign-ins and about a dozen page loads: allow for a slow shared CI machine.
  test.setTimeout(60_000);
  const id = uniqueId();
  const summary = `Assembly held the line back (${id}).`;
  const decisions = `Add a second shift on Assembly (${id}).`;
  const title = `Second shift on Assembly ${id}`;
  await signInAs(page, "processOwner");

  let kpiOption = "";
  await test.step("run a review from the stream page", async () => {
    await page.goto(`/o/${DEMO_SLUG}/streams`);
    await page.getByRole("link", { name: "Production line", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Production line" })).toBeVisible();
    await card(page, "Reviews").getByRole("link", { name: "Run a review" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Review Production line" })).toBeVisible();

    // The default period is last month; keep it.
    const from = await page.getByLabel("From").inputValue();
    const to = await page.getByLabel("To", { exact: true }).inputValue();
    expect(from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(to > from).toBe(true);
    await page.getByLabel("Overall status").selectOption({ label: "Off track" });
    const comment = page.getByLabel(/^Comment on /).first();
    const kpiKey = (await comment.evaluate((input: HTMLInputElement) => input.labels?.[0]?.textContent ?? "")).replace(
      /^Comment on /,
      "",
    );
    await comment.fill(`Short of target (${id}).`);
    await page.getByLabel("Summary").fill(summary);
    await page.getByLabel("Decisions").fill(decisions);
    await page.getByRole("button", { name: "Save review" }).click();

    await page.waitForURL(new RegExp(`/o/${DEMO_SLUG}/reviews/[0-9a-f-]{36}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Review of ${from} to ${to}` })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("By Priya Process");
    await expect(card(page, "Summary")).toContainText(summary);
    await expect(card(page, "Decisions")).toContainText(decisions);
    const kpiRow = card(page, "KPIs at the review")
      .getByRole("row")
      .filter({ hasText: `Short of target (${id}).` });
    await expect(kpiRow.getByRole("cell").first()).toContainText(kpiKey);
  });

  await test.step("create an action on a KPI, owned by the member, with an expected effect", async () => {
    const form = card(page, "New action");
    await form.getByLabel("What will be done").fill(title);
    await form.getByLabel("Owner").selectOption({ label: MEMBER_NAME });
    // An off-track KPI when the demo has one today, else the first one.
    const options = await form
      .getByLabel("Aimed at KPI (optional)")
      .locator("option")
      .evaluateAll((os) =>
        os
          .map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" }))
          .filter((o) => o.value !== ""),
      );
    expect(options.length).toBeGreaterThan(0);
    const chosen = options.find((o) => o.label.endsWith("(off track)")) ?? options[0]!;
    kpiOption = chosen.label;
    await form.getByLabel("Aimed at KPI (optional)").selectOption(chosen.value);
    await form.getByLabel("Expected effect (points)").fill("10");
    const due = await form.getByLabel("Due").inputValue();
    await form.getByRole("button", { name: "Create action" }).click();
    await expect(form.getByRole("status")).toHaveText("Action created.");

    const action = card(page, "Follow-up actions").getByRole("listitem").filter({ hasText: title });
    await expect(action).toContainText(`${MEMBER_NAME} · due ${due} · Production line`);
    const [key, name] = kpiOption.replace(/ \([a-z ]+\)$/, "").split(" · ");
    await expect(action).toContainText(`${key} ${name}: expected +10 pts (followed up after the due date)`);
  });

  const member = await contextAs(browser, baseURL, "member");
  try {
    const memberPage = member.page;
    await test.step("the member sees the action in the Inbox on the overview", async () => {
      const inbox = memberPage.getByRole("region", { name: "Inbox" });
      const yours = inbox
        .getByRole("heading", { level: 3, name: /^Your actions \(\d+\)$/ })
        .locator("xpath=following-sibling::ul[1]");
      const item = yours.getByRole("listitem").filter({ hasText: title });
      await expect(item).toBeVisible();
      await expect(item).toContainText(/due \d{4}-\d{2}-\d{2}/);
      await item.getByRole("link", { name: title }).click();
    });

    await test.step("and on My actions, with the KPI and its expected effect", async () => {
      await expect(memberPage).toHaveURL(new RegExp(`/o/${DEMO_SLUG}/follow-ups$`));
      await expect(memberPage.getByRole("heading", { level: 1, name: "My actions" })).toBeVisible();
      const action = card(memberPage, /^Open \(\d+\)$/)
        .getByRole("listitem")
        .filter({ hasText: title });
      await expect(action).toContainText(`${MEMBER_NAME} · due`);
      await expect(action).toContainText(new RegExp(`${escape(kpiOption.split(" · ")[0]!)} .*: expected \\+10 pts`));
      // The owner of an action may update its status.
      await expect(action.getByLabel(`Status of ${title}`)).toHaveValue("open");
      // Also reached from the navigation.
      await memberPage.goto(`/o/${DEMO_SLUG}`);
      await memberPage.getByRole("link", { name: "My actions", exact: true }).click();
      await expect(
        card(memberPage, /^Open \(\d+\)$/)
          .getByRole("listitem")
          .filter({ hasText: title }),
      ).toBeVisible();
    });
  } finally {
    await member.context.close();
  }
});
