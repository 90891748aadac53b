import { expect, test, uniqueId } from "./fixtures";
import { card, createStream, DEMO_SLUG, fillKpiForm, PRODUCTION_TEAM, signInAs, submitKpiForm } from "./demo";

test("a process owner builds a stream from the Production template, tunes it and adds linked KPIs", async ({
  page,
}) => {
  // About thirty form submissions on one stream: allow for a slow shared CI machine.
  test.setTimeout(120_000);
  const id = uniqueId();
  const streamName = `Line ${id}`;
  await signInAs(page, "processOwner");

  let streamId = "";
  await test.step("create the stream from the Production template", async () => {
    await page.goto(`/o/${DEMO_SLUG}/streams`);
    await page.getByRole("link", { name: "New stream" }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${DEMO_SLUG}/streams/new$`));
    streamId = await createStream(page, { name: streamName, template: "Production line" });
    await expect(page.getByText("Production · owned by Priya Process · demand 120 orders/week")).toBeVisible();
  });

  const stages = page.getByRole("list", { name: "Stages, in order" });
  const stage = (name: string) =>
    stages.getByRole("listitem", { name: new RegExp(`^Stage \\d+: ${name}( \\(bottleneck\\))?$`) });
  const stageLabels = () =>
    stages.locator(":scope > li").evaluateAll((items) => items.map((li) => li.getAttribute("aria-label")));
  const note = page.getByRole("note");

  await test.step("the template's stages show Assembly as the bottleneck, with the reason", async () => {
    expect(await stageLabels()).toEqual([
      "Stage 1: Raw material",
      "Stage 2: Machining",
      "Stage 3: Assembly (bottleneck)",
      "Stage 4: Quality",
      "Stage 5: Shipping",
    ]);
    await expect(note).toHaveText(
      "Assembly limits the stream to 90 orders/week; demand is 120; 2 more fitters would close the gap.",
    );
    await expect(stage("Assembly")).toContainText("90 orders/week");
  });

  await test.step("adding 2 fitters to Assembly closes the gap", async () => {
    const assembly = stage("Assembly");
    await assembly.getByText("Add a resource").click();
    const form = assembly.locator("details").filter({ has: page.locator("summary", { hasText: "Add a resource" }) });
    await form.getByLabel("Kind").selectOption({ label: "People" });
    await form.getByLabel("Name").fill("Temporary fitters");
    await form.getByLabel("Quantity").fill("2");
    await form.getByLabel("Rate per period").fill("15");
    await form.getByLabel("Availability %").fill("100");
    await form.getByRole("button", { name: "Add resource" }).click();
    await expect(form.getByRole("status")).toHaveText("Resource added.");
    await expect(note).toHaveText(
      "Assembly is the busiest stage at 100% of its capacity; the stream can meet demand of 120 orders/week.",
    );
    await expect(assembly).toContainText("2 × Temporary fitters");
    await expect(assembly).toContainText("120 orders/week");
  });

  await test.step("one more fitter moves the bottleneck to Machining", async () => {
    const assembly = stage("Assembly");
    await assembly.getByText("6 × Fitters").click();
    const resource = assembly.locator("details").filter({ has: page.locator("summary", { hasText: "× Fitters" }) });
    await expect(resource.getByLabel("Quantity")).toHaveValue("6");
    await resource.getByLabel("Quantity").fill("7");
    await resource.getByRole("button", { name: "Save resource" }).click();
    await expect(resource.getByRole("status")).toHaveText("Resource saved.");
    await expect(assembly.locator("summary", { hasText: "× Fitters" })).toContainText("7 × Fitters");
    await expect(note).toHaveText(
      "Machining, the busiest stage, can handle 382.5 machined parts a week; the demand needs 360 (94% of its capacity), so the stream can meet demand of 120 orders a week.",
    );
    await expect(stages.getByRole("listitem", { name: "Stage 2: Machining (bottleneck)" })).toBeVisible();
    await expect(stages.getByRole("listitem", { name: "Stage 3: Assembly", exact: true })).toBeVisible();
  });

  await test.step("rename a stage", async () => {
    const quality = stage("Quality");
    await quality.getByText("Edit stage").click();
    const form = quality.locator("details").filter({ has: page.locator("summary", { hasText: "Edit stage" }) });
    await expect(form.getByLabel("Stage name")).toHaveValue("Quality");
    await form.getByLabel("Stage name").fill("Final inspection");
    await form.getByLabel("What comes out").fill("Released units");
    await form.getByRole("button", { name: "Save stage" }).click();
    await expect(stages.getByRole("listitem", { name: "Stage 4: Final inspection" })).toContainText("Released units");
  });

  await test.step("move a stage earlier and later with the keyboard", async () => {
    await expect(page.getByRole("button", { name: "Move Raw material earlier" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Move Shipping later" })).toBeDisabled();

    await page.getByRole("button", { name: "Move Final inspection earlier" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(stageLabels)
      .toEqual([
        "Stage 1: Raw material",
        "Stage 2: Machining (bottleneck)",
        "Stage 3: Final inspection",
        "Stage 4: Assembly",
        "Stage 5: Shipping",
      ]);

    await page.getByRole("button", { name: "Move Raw material later" }).focus();
    await page.keyboard.press("Space");
    await expect
      .poll(stageLabels)
      .toEqual([
        "Stage 1: Machining (bottleneck)",
        "Stage 2: Raw material",
        "Stage 3: Final inspection",
        "Stage 4: Assembly",
        "Stage 5: Shipping",
      ]);
    // The order survives a reload: it is stored, not only shown.
    await page.reload();
    await expect
      .poll(stageLabels)
      .toEqual([
        "Stage 1: Machining (bottleneck)",
        "Stage 2: Raw material",
        "Stage 3: Final inspection",
        "Stage 4: Assembly",
        "Stage 5: Shipping",
      ]);
  });

  await test.step("remove a stage after confirming, add one at the end", async () => {
    await stage("Shipping").getByRole("button", { name: "Remove", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Remove Shipping?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(stage("Shipping")).toBeVisible();

    await stage("Shipping").getByRole("button", { name: "Remove", exact: true }).click();
    await dialog.getByRole("button", { name: "Remove stage" }).click();
    await expect(dialog).toBeHidden();
    await expect(stage("Shipping")).toHaveCount(0);
    await expect(stages.locator(":scope > li")).toHaveCount(4);

    const add = card(page, "Add a stage");
    await add.getByLabel("Stage name").fill("Packaging");
    await add.getByLabel("Responsible team").selectOption({ label: PRODUCTION_TEAM });
    await add.getByRole("button", { name: "Add stage" }).click();
    await expect(add.getByRole("status")).toHaveText("Stage “Packaging” added.");
    // A stage without resources has no capacity: it becomes the bottleneck.
    await expect(stages.getByRole("listitem", { name: "Stage 5: Packaging (bottleneck)" })).toContainText(
      PRODUCTION_TEAM,
    );
    await expect(note).toHaveText(
      "Packaging limits the stream to 0 orders/week; demand is 120; it has no resources, so add some to close the gap.",
    );
  });

  const output = {
    name: `Units fitted ${id}`,
    kind: "Output",
    direction: "Higher is better",
    unit: "units",
    cadence: "Weekly",
    stage: "Assembly",
    team: PRODUCTION_TEAM,
  } as const;
  const outcome = {
    name: `Orders late ${id}`,
    kind: "Outcome",
    direction: "Lower is better",
    unit: "%",
    cadence: "Monthly",
    team: PRODUCTION_TEAM,
  } as const;

  const outputKpi =
    await test.step("add an output KPI; a direction that contradicts baseline and target is refused", async () => {
      await page.getByRole("link", { name: "Add KPI" }).click();
      await expect(page).toHaveURL(new RegExp(`/o/${DEMO_SLUG}/streams/${streamId}/kpis/new$`));
      await expect(page.getByRole("heading", { level: 1, name: "New KPI" })).toBeVisible();
      await fillKpiForm(page, { ...output, baseline: "100", target: "80" });
      await page.getByRole("button", { name: "Create KPI" }).click();
      await expect(page.locator("form [role=alert]")).toHaveText("Check the highlighted fields.");
      const target = page.getByLabel("Target", { exact: true });
      await expect(target).toHaveAttribute("aria-invalid", "true");
      await expect(target).toHaveAccessibleDescription(
        /^The target \(80\) is below the baseline \(100\), but higher is better for this KPI/,
      );
      await expect(page).toHaveURL(/\/kpis\/new$/);
      // What was typed is kept.
      await expect(page.getByLabel("Name", { exact: true })).toHaveValue(output.name);
      await expect(page.getByRole("combobox", { name: "Kind" })).toHaveValue("output");
      await expect(page.getByLabel("Stage")).toHaveValue(/.+/);

      await target.fill("130");
      const kpi = await submitKpiForm(page, output.name);
      expect(kpi.key).toMatch(/^PRD-\d+$/);
      await expect(page.getByRole("main")).toContainText(
        `Output Higher is better · Weekly · team ${PRODUCTION_TEAM} · stage Assembly`,
      );
      return kpi;
    });

  const outcomeKpi =
    await test.step("add an outcome KPI; lower is better with a target above the baseline is refused", async () => {
      await page.getByRole("link", { name: streamName }).click();
      await expect(page.getByRole("heading", { level: 1, name: streamName })).toBeVisible();
      await page.getByRole("link", { name: "Add KPI" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "New KPI" })).toBeVisible();
      await fillKpiForm(page, { ...outcome, baseline: "2", target: "5" });
      await page.getByRole("button", { name: "Create KPI" }).click();
      await expect(page.getByLabel("Target", { exact: true })).toHaveAccessibleDescription(
        /^The target \(5\) is above the baseline \(2\), but lower is better for this KPI/,
      );
      await page.getByLabel("Baseline").fill("8");
      const kpi = await submitKpiForm(page, outcome.name);
      await expect(page.getByRole("main")).toContainText(`Outcome Lower is better · Monthly · team ${PRODUCTION_TEAM}`);
      return kpi;
    });

  await test.step("link the output KPI to the outcome KPI it drives", async () => {
    await page.goto(`/o/${DEMO_SLUG}/kpis/${outputKpi.id}`);
    const links = card(page, "Links");
    await expect(links).toContainText("No links yet.");
    await links.getByLabel("Drives outcome").selectOption({ label: `${outcomeKpi.key} · ${outcomeKpi.name}` });
    await links.getByRole("button", { name: "Link" }).click();
    await expect(links.getByRole("link", { name: `${outcomeKpi.key} ${outcomeKpi.name}` })).toBeVisible();
    await expect(links.getByRole("button", { name: `Unlink ${outcomeKpi.key}` })).toBeVisible();
    // A linked outcome is no longer offered.
    await expect(links.getByLabel("Drives outcome").locator("option", { hasText: outcomeKpi.name })).toHaveCount(0);

    // The outcome's page shows what drives it.
    await links.getByRole("link", { name: `${outcomeKpi.key} ${outcomeKpi.name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/kpis/${outcomeKpi.id}$`));
    await expect(card(page, "Links").getByRole("link", { name: `${outputKpi.key} ${outputKpi.name}` })).toBeVisible();
  });

  await test.step("the stream lists both KPIs by kind, and the stream list shows the new bottleneck", async () => {
    await page.goto(`/o/${DEMO_SLUG}/streams/${streamId}`);
    await expect(
      card(page, "Output KPIs").getByRole("link", { name: `${outputKpi.key} ${outputKpi.name}` }),
    ).toBeVisible();
    await expect(
      card(page, "Outcome KPIs").getByRole("link", { name: `${outcomeKpi.key} ${outcomeKpi.name}` }),
    ).toBeVisible();
    await expect(card(page, "Output KPIs").getByRole("link", { name: outcomeKpi.name })).toHaveCount(0);

    await page.goto(`/o/${DEMO_SLUG}/streams`);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: streamName, exact: true }) });
    await expect(row).toContainText("Packaging");
    await expect(row.getByRole("cell").nth(2)).toHaveText("5");
    // The template's five KPIs and the two added here.
    await expect(row.getByRole("cell").nth(3)).toHaveText("7");
  });
});
