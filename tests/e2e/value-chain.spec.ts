import { expect, test, uniqueId } from "./fixtures";
import { createStream, DEMO_SLUG, signInAs } from "./demo";

test("a process owner builds marketing from the template, links it to sales and sees the chain constraint", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const id = uniqueId();
  const marketing = `Marketing ${id}`;
  const sales = `Sales ${id}`;
  await signInAs(page, "processOwner");

  const stages = page.getByRole("list", { name: "Stages, in order" });
  const stage = (name: string) =>
    stages.getByRole("listitem", { name: new RegExp(`^Stage \\d+: ${name}( \\(bottleneck\\))?$`) });

  await test.step("the marketing template counts briefs, content pieces and leads, and every stage is sanely used", async () => {
    await createStream(page, { name: marketing, template: "Marketing" });
    await expect(page.getByRole("note")).toHaveText(
      "Produce content, the busiest stage, can handle 41.6 content pieces a month; the demand needs 40 (96% of its capacity), so the stream can meet demand of 400 leads a month.",
    );
    const plan = stage("Plan campaigns");
    await expect(plan).toContainText("1 campaign brief brings 60 leads");
    await expect(plan).toContainText("7.2 campaign briefs/month");
    await expect(plan).toContainText("= 432 leads/month");
    await expect(plan).toContainText("93% utilised");
    await expect(stage("Produce content")).toContainText("96% utilised");
    await expect(stage("Generate leads")).toContainText("82% utilised");
  });

  await test.step("a scenario with one more content writer moves the bottleneck; applied, the stream follows", async () => {
    await page.getByText("Plan a change").click();
    await page.getByLabel("Scenario name").fill("One more writer");
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Scenario: One more writer" })).toBeVisible();
    await page.getByLabel("Content writers: quantity").fill("3");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByRole("status")).toHaveText("Draft saved.");
    const table = page.getByRole("table", { name: "Today and the draft" });
    await expect(table.getByRole("row", { name: /^Bottleneck/ })).toHaveText("BottleneckProduce contentPlan campaigns");
    await expect(table.getByRole("row", { name: /^Produce content: utilisation/ })).toHaveText(
      "Produce content: utilisation96%76%",
    );
    await expect(page.getByRole("list", { name: "Changes" })).toContainText("Content writers");
    await page.getByRole("button", { name: "Apply to stream" }).click();
    await page.getByRole("dialog", { name: "Apply One more writer?" }).getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("heading", { level: 1, name: marketing })).toBeVisible();
    await expect(page.getByRole("note")).toHaveText(
      "Plan campaigns, the busiest stage, can handle 7.2 campaign briefs a month; the demand needs 6.67 (93% of its capacity), so the stream can meet demand of 400 leads a month.",
    );
    await expect(page.getByRole("list", { name: "Drafts" })).toHaveCount(0);
  });

  const links = page.locator("section").filter({ has: page.getByRole("heading", { name: "Value chain links" }) });
  await test.step("sales, with one SDR left, is linked to be fed by the new marketing stream", async () => {
    await createStream(page, { name: sales, template: "Sales" });
    const qualify = stage("Qualify");
    await qualify.getByText("3 × SDRs").click();
    const resource = qualify.locator("details").filter({ has: page.locator("summary", { hasText: "× SDRs" }) });
    await resource.getByLabel("Quantity").fill("1");
    await resource.getByRole("button", { name: "Save resource" }).click();
    await expect(resource.getByRole("status")).toHaveText("Resource saved.");
    await expect(qualify).toContainText("180 leads/month");

    // The template's win rate is a formula: computed from deals won ÷ proposals sent, never recorded.
    await page.getByRole("link", { name: /^SAL-\d+ Win rate$/ }).click();
    await expect(page.getByText(/is a formula: SAL-\d+ ÷ SAL-\d+/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "How it is computed" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Record value" })).toHaveCount(0);
    await page.goBack();

    await expect(links).toContainText("Not linked");
    await links.getByText("Link another stream").click();
    await links.getByLabel("This stream").selectOption("fed_by");
    await links.getByLabel("Stream", { exact: true }).selectOption({ label: `${marketing} (leads)` });
    await links.getByLabel("Conversion").selectOption("make");
    await links.getByLabel("Amount").fill("16");
    await links.getByRole("button", { name: "Link streams" }).click();
    await expect(links.getByRole("status")).toHaveText("Streams linked.");
    const linked = links.getByRole("list", { name: "Links" }).getByRole("listitem");
    await expect(linked).toHaveCount(1);
    await expect(linked).toContainText(`Fed by ${marketing}: 16 leads make 1 customer.`);
  });

  await test.step("a second link the other way would close a loop: refused, with the reason", async () => {
    // The form stays open after a link.
    await links.getByLabel("This stream").selectOption("feeds");
    await links.getByLabel("Stream", { exact: true }).selectOption({ label: `${marketing} (leads)` });
    await links.getByLabel("Amount").fill("1");
    await links.getByRole("button", { name: "Link streams" }).click();
    await expect(links.getByRole("alert").first()).toContainText("would close a loop");
  });

  await test.step("the overview's value chain marks sales as the constraint and calls out marketing's plan", async () => {
    await page.goto(`/o/${DEMO_SLUG}`);
    const chain = page.getByRole("region", { name: "Value chain" });
    await expect(chain.getByRole("note")).toContainText(
      `${sales} limits the value chain: the chain needs 30 customers a month from it and it can handle 11.25 (267%).`,
    );
    await expect(chain.getByRole("listitem", { name: `${sales} (constraint)` })).toContainText("267%");
    await expect(chain.getByRole("listitem", { name: marketing, exact: true })).toContainText("480 a month");
    await expect(chain).toContainText(`${marketing} → ${sales}: 16 leads make 1 customer`);
    await expect(chain.getByRole("list", { name: "Mismatched demands" })).toContainText(
      `${sales} needs 480 leads a month to win its 30 customers; ${marketing} plans 400.`,
    );
    await expect(chain.getByRole("list", { name: "Streams not linked" })).toContainText("Production line");
  });

  await test.step("clean up: both streams are deleted, and the link with them", async () => {
    for (const name of [sales, marketing]) {
      await page.goto(`/o/${DEMO_SLUG}/streams`);
      await page.getByRole("link", { name, exact: true }).click();
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page
        .getByRole("dialog", { name: `Delete ${name}?` })
        .getByRole("button", { name: "Delete stream" })
        .click();
      await page.waitForURL(new RegExp(`/o/${DEMO_SLUG}/streams$`));
    }
    await page.goto(`/o/${DEMO_SLUG}`);
    await expect(page.getByRole("region", { name: "Value chain" })).not.toContainText(sales);
  });
});
