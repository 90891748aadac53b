import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test, uniqueId } from "./fixtures";
import {
  captureAction,
  createKpi,
  createStream,
  DEMO_SLUG,
  PRODUCTION_TEAM,
  recordValue,
  replayAction,
  signInAs,
  uniqueKey,
  valueRows,
  type CreatedKpi,
} from "./demo";

/** A stream of the process owner (who may record its values) with a weekly output and a monthly outcome KPI. */
async function streamWithKpis(page: Page): Promise<{ streamId: string; weekly: CreatedKpi; monthly: CreatedKpi }> {
  const streamId = await createStream(page, { name: `CSV ${uniqueId()}` });
  const weekly = await createKpi(page, streamId, {
    name: `Orders packed ${uniqueId()}`,
    key: uniqueKey(),
    kind: "Output",
    unit: "orders",
    cadence: "Weekly",
    target: "100",
    team: PRODUCTION_TEAM,
  });
  const monthly = await createKpi(page, streamId, {
    name: `Complaints ${uniqueId()}`,
    key: uniqueKey(),
    kind: "Outcome",
    direction: "Lower is better",
    unit: "%",
    cadence: "Monthly",
    baseline: "5",
    target: "1",
  });
  return { streamId, weekly, monthly };
}

/** Loads CSV text into the import page's file input (the page must be open). */
async function chooseFile(page: Page, csv: string, name = "values.csv"): Promise<void> {
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
}

async function openImport(page: Page): Promise<void> {
  await page.goto(`/o/${DEMO_SLUG}/import`);
  await expect(page.getByRole("heading", { level: 1, name: "Import values" })).toBeVisible();
}

const csv = (...lines: string[]) => lines.join("\r\n") + "\r\n";

async function rowsOf(page: Page, kpi: CreatedKpi): Promise<string[][]> {
  await page.goto(`/o/${DEMO_SLUG}/kpis/${kpi.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `${kpi.key} · ${kpi.name}` })).toBeVisible();
  return valueRows(page);
}

test("a CSV with one bad row imports nothing and names the row; a good one imports", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "processOwner");
  const { weekly, monthly } = await streamWithKpis(page);

  // A good file: a week given by a mid-week date, a quoted note, two KPIs, any case for the key.
  await openImport(page);
  await chooseFile(
    page,
    csv(
      "kpi,date,value,note",
      `${weekly.key},2025-01-06,10,First week`,
      `${weekly.key.toLowerCase()},2025-01-15,12,"Line stop, 2 hours"`,
      `${monthly.key},2025-01-20,3.5,`,
    ),
  );
  await expect(page.getByText("Preview: 3 of 3 rows")).toBeVisible();
  await page.getByRole("button", { name: "Check 3 rows" }).click();
  await expect(page.getByRole("status")).toHaveText("All 3 rows are valid and ready to import.");
  const apply = await captureAction(page, () => page.getByRole("button", { name: "Import 3 values" }).click());
  await expect(page.getByRole("status")).toHaveText("Imported 3 values.");

  const imported = [
    ["2025-01-13", "12", "Line stop, 2 hours"],
    ["2025-01-06", "10", "First week"],
  ];
  expect(await rowsOf(page, weekly)).toEqual(imported);
  expect(await rowsOf(page, monthly)).toEqual([["2025-01-01", "3.5", ""]]);

  // Files with one bad row among good ones: an unknown KPI key, then an impossible date.
  const bad = [
    {
      lines: [
        `${weekly.key},2025-01-06,99,Would replace`,
        `NOPE${uniqueId().slice(0, 4).toUpperCase()}-1,2025-01-13,5,`,
        `${weekly.key},2025-01-27,14,`,
      ],
      message: (line: string[]) => `Line 3, kpi: No KPI “${line[1]!.split(",")[0]}” in this organisation.`,
    },
    {
      lines: [`${weekly.key},2025-01-06,99,Would replace`, `${monthly.key},2025-02-30,2,`],
      message: () => "Line 3, date: That date does not exist or is out of range (1900–2200).",
    },
  ];
  for (const file of bad) {
    await openImport(page);
    await chooseFile(page, csv("kpi,date,value,note", ...file.lines), "bad.csv");
    await page.getByRole("button", { name: `Check ${file.lines.length} rows` }).click();
    const alert = page.getByRole("main").getByRole("alert");
    await expect(alert).toContainText("Nothing was imported: 1 problem to fix in the file first.");
    await expect(alert.getByRole("listitem")).toHaveText([file.message(file.lines)]);
    await expect(page.getByRole("button", { name: /^Import / })).toHaveCount(0);
  }

  // The server checks again when applying: the import request sent with a bad row added writes nothing.
  const [org, rows] = JSON.parse(apply.body.toString("utf8")) as [
    string,
    { line: number; kpi: string; date: string; value: string; note: string }[],
  ];
  expect(org).toBe(DEMO_SLUG);
  const tampered = [
    ...rows.map((r) => ({ ...r, value: "99" })),
    { line: 5, kpi: weekly.key, date: "2025-13-01", value: "1", note: "" },
  ];
  const answer = await replayAction(page, { ...apply, body: Buffer.from(JSON.stringify([org, tampered]), "utf8") });
  expect(await answer.text()).toContain("That date does not exist or is out of range (1900–2200).");

  expect(await rowsOf(page, weekly)).toEqual(imported);
  expect(await rowsOf(page, monthly)).toEqual([["2025-01-01", "3.5", ""]]);
});

test("a semicolon CSV with decimal commas from a European spreadsheet imports, and a sample CSV is offered", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signInAs(page, "processOwner");
  const { weekly, monthly } = await streamWithKpis(page);

  await openImport(page);
  const sample = await page.request.get(
    (await page.getByRole("link", { name: "Download a sample CSV" }).getAttribute("href"))!,
  );
  expect(sample.ok()).toBe(true);
  expect((await sample.text()).split(/\r?\n/)[0]).toBe("kpi,date,value,note");

  await chooseFile(
    page,
    "\uFEFF" +
      csv(
        "kpi;date;value;note",
        `${weekly.key};2025-02-03;12,5;"Schicht; verkürzt"`,
        `${monthly.key};2025-02-10;0,75;`,
      ),
  );
  await expect(page.getByText("Preview: 2 of 2 rows")).toBeVisible();
  await page.getByRole("button", { name: "Check 2 rows" }).click();
  await expect(page.getByRole("status")).toHaveText("All 2 rows are valid and ready to import.");
  await page.getByRole("button", { name: "Import 2 values" }).click();
  await expect(page.getByRole("status")).toHaveText("Imported 2 values.");
  expect(await rowsOf(page, weekly)).toEqual([["2025-02-03", "12.5", "Schicht; verkürzt"]]);
  expect(await rowsOf(page, monthly)).toEqual([["2025-02-01", "0.75", ""]]);
});

test("a stream's CSV export downloads and imports back unchanged", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "processOwner");
  const { streamId, weekly, monthly } = await streamWithKpis(page);

  // Values with notes a spreadsheet could misread: a formula, quotes, a comma.
  await page.goto(`/o/${DEMO_SLUG}/kpis/${weekly.id}`);
  await recordValue(page, { date: "2025-03-04", value: "-7", note: '=SUM(A1:A2), "draft"' });
  await recordValue(page, { date: "2025-03-12", value: "1250.75", note: "" });
  await page.goto(`/o/${DEMO_SLUG}/kpis/${monthly.id}`);
  await recordValue(page, { date: "2025-03-31", value: "2.25", note: "@ops review" });
  const weeklyBefore = await rowsOf(page, weekly);
  expect(weeklyBefore).toEqual([
    ["2025-03-10", "1250.75", ""],
    ["2025-03-03", "-7", '=SUM(A1:A2), "draft"'],
  ]);

  await page.goto(`/o/${DEMO_SLUG}/streams/${streamId}`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^acme-measurements-\d{4}-\d{2}-\d{2}\.csv$/);
  const exported = await readFile((await download.path())!, "utf8");
  const [lo, hi] = [weekly, monthly].sort((a, b) => a.key.localeCompare(b.key));
  const lineOf = (k: CreatedKpi) =>
    k === weekly
      ? [
          `${k.key},2025-03-03,-7,"'=SUM(A1:A2), ""draft""",${k.name},output,orders`,
          `${k.key},2025-03-10,1250.75,,${k.name},output,orders`,
        ]
      : [`${k.key},2025-03-01,2.25,'@ops review,${k.name},outcome,%`];
  expect(exported).toBe(csv("kpi,date,value,note,name,kind,unit", ...lineOf(lo!), ...lineOf(hi!)));

  // The same file through the export URL, with the page's session.
  const response = await page.request.get(`/o/${DEMO_SLUG}/export?stream=${streamId}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(await response.text()).toBe(exported);

  // Change a value, then import the export: every value is back as it was.
  await page.goto(`/o/${DEMO_SLUG}/kpis/${weekly.id}`);
  await recordValue(page, { date: "2025-03-03", value: "0", note: "Overwritten" });
  await openImport(page);
  await chooseFile(page, exported, download.suggestedFilename());
  await page.getByRole("button", { name: "Check 3 rows" }).click();
  await page.getByRole("button", { name: "Import 3 values" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Imported 3 values; 3 replaced earlier values (kept in the audit log).",
  );
  expect(await rowsOf(page, weekly)).toEqual(weeklyBefore);
  expect(await rowsOf(page, monthly)).toEqual([["2025-03-01", "2.25", "@ops review"]]);
});
