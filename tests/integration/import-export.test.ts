import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { teamMembers } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { readMeasurementsCsv, toCsv, type MeasurementRow } from "@/lib/csv";
import { getKpi, setKpiArchived, updateKpi } from "@/lib/data/kpis";
import { deleteMeasurement, exportMeasurements, importMeasurements, recordMeasurement } from "@/lib/data/measurements";
import { listStreams } from "@/lib/data/streams";
import { endOfDayUtc } from "@/lib/time";
import { recordMeasurementSchema, updateKpiSchema } from "@/lib/validations/kpi";
import { injectedClock } from "../helpers/clock";
import {
  auditEntries,
  createTenants,
  createTestKpi,
  createTestStream,
  expectAppError,
  measurementCount,
  measurementRows,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;
/** Org A's production template stream: PRD-1..3 weekly outputs, PRD-4..5 monthly outcomes. */
let streamA: { id: string };
let streamB: { id: string };
let prd1: { id: string };

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
  streamA = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
  // B has the same keys, and one of its own.
  streamB = await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
  await createTestKpi(orgB.ctx.owner, streamB.id, { key: "ZZ-1" });
  prd1 = await getKpi(orgA.ctx.owner, "PRD-1");
  // A value already there.
  await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-4", date: "2026-01-20", value: 85, note: "January" });
  await recordMeasurement(orgB.ctx.owner, { kpiId: "PRD-4", date: "2026-01-20", value: 70 });
});

const header = "kpi,date,value,note";
/** Rows as the import page sends them: read from a CSV file. */
function csv(...lines: string[]): MeasurementRow[] {
  const { rows, error } = readMeasurementsCsv([header, ...lines].join("\n"));
  expect(error).toBeUndefined();
  return rows;
}

const snapshot = async () => ({
  a: await measurementRows(orgA.org.id),
  b: await measurementRows(orgB.org.id),
  audit: (await auditEntries(orgA.org.id)).length,
});

describe("importMeasurements: one bad row and nothing is written", () => {
  const good = ["PRD-1,2026-01-05,100,first", "PRD-4,2026-02-10,90,"];
  const longNote = "x".repeat(501);

  test.each<
    [string, string | ((ids: { prd1: string; zz1B: string; prd1B: string }) => string), MeasurementRow["line"], string]
  >([
    ["an unknown key", "PRD-99,2026-01-12,1,", 4, "kpi"],
    ["a missing key", ",2026-01-12,1,", 4, "kpi"],
    ["an id that is no KPI", "00000000-0000-4000-8000-000000000000,2026-01-12,1,", 4, "kpi"],
    ["a key of org B only", "ZZ-1,2026-01-12,1,", 4, "kpi"],
    ["a KPI of org B by id", (ids) => `${ids.zz1B},2026-01-12,1,`, 4, "kpi"],
    ["org B's PRD-1 by id (A has a PRD-1 too)", (ids) => `${ids.prd1B},2026-01-12,1,`, 4, "kpi"],
    ["a date that does not exist", "PRD-1,2026-02-30,1,", 4, "date"],
    ["a date in another format", "PRD-1,12/01/2026,1,", 4, "date"],
    ["a missing date", "PRD-1,,1,", 4, "date"],
    ["a year out of range", "PRD-1,1850-01-01,1,", 4, "date"],
    ["a value that is no number", "PRD-1,2026-01-12,lots,", 4, "value"],
    ["a thousands point before a decimal comma (ambiguous)", 'PRD-1,2026-01-12,"1.234,5",', 4, "value"],
    ["NaN", "PRD-1,2026-01-12,NaN,", 4, "value"],
    ["Infinity", "PRD-1,2026-01-12,Infinity,", 4, "value"],
    ["-Infinity", "PRD-1,2026-01-12,-Infinity,", 4, "value"],
    ["a value too large for a double", "PRD-1,2026-01-12,1e400,", 4, "value"],
    ["a missing value", "PRD-1,2026-01-12,,", 4, "value"],
    ["a note over 500 characters", `PRD-1,2026-01-12,1,${longNote}`, 4, "note"],
    ["a second value for a period in the file (same week)", "PRD-1,2026-01-08,1,", 4, "row"],
    ["a second value for a period in the file (by id, same week)", (ids) => `${ids.prd1},2026-01-11,1,`, 4, "row"],
    ["a second value for a period in the file (lower-case key, same month)", "prd-4,2026-02-28,1,", 4, "row"],
  ])("%s: ok false with the line and field; apply writes nothing", async (_label, line, lineNo, field) => {
    const ids = {
      prd1: prd1.id,
      zz1B: (await getKpi(orgB.ctx.owner, "ZZ-1")).id,
      prd1B: (await getKpi(orgB.ctx.owner, "PRD-1")).id,
    };
    const rows = csv(...good, typeof line === "string" ? line : line(ids));
    const before = await snapshot();
    for (const apply of [false, true]) {
      const result = await importMeasurements(orgA.ctx.owner, rows, { apply });
      expect(result).toEqual({ ok: false, errors: [{ line: lineNo, field, message: expect.any(String) }] });
    }
    expect(await snapshot()).toEqual(before);
    expect(await auditEntries(orgA.org.id, "measurements.imported")).toEqual([]);
  });

  test("messages say what is wrong", async () => {
    const result = await importMeasurements(
      orgA.ctx.owner,
      csv(
        "PRD-1,2026-01-05,1,",
        "prd-1,2026-01-07,2,",
        "nope-1,2026-01-05,1,",
        "PRD-2,2026-02-30,1,",
        "PRD-2,2026-03-01,x,",
      ),
      { apply: true },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, field: "row", message: "PRD-1 already has a value for the period starting 2026-01-05 on line 2." },
        { line: 4, field: "kpi", message: "No KPI “nope-1” in this organisation." },
        { line: 5, field: "date", message: "That date does not exist or is out of range (1900–2200)." },
        { line: 6, field: "value", message: "Value must be a number." },
      ],
    });
  });

  test("every bad row is reported, each field of a row apart, with the file's line numbers", async () => {
    const text = [
      header,
      "PRD-1,2026-01-05,1,ok",
      "",
      'PRD-1,2026-01-12,2,"a note',
      'over two lines"',
      "PRD-99,2026-13-01,abc,",
      "PRD-2,2026-01-05,3,",
    ].join("\r\n");
    const { rows } = readMeasurementsCsv(text);
    const before = await snapshot();
    const result = await importMeasurements(orgA.ctx.owner, rows, { apply: true });
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 6, field: "kpi", message: expect.any(String) },
        { line: 6, field: "date", message: expect.any(String) },
        { line: 6, field: "value", message: expect.any(String) },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });

  test("a file of 33,000 distinct unknown ids is answered row by row (the lookup stays under 65,535 parameters)", async () => {
    const rows = Array.from({ length: 33_000 }, (_, i) => ({
      line: i + 2,
      kpi: randomUUID(),
      date: "2026-01-05",
      value: "1",
      note: "",
    }));
    const result = await importMeasurements(orgA.ctx.owner, rows, { apply: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(33_000);
      expect(result.errors.every((e) => e.field === "kpi")).toBe(true);
    }
  });

  test("an empty file is an error", async () => {
    expect(await importMeasurements(orgA.ctx.owner, [], { apply: true })).toEqual({
      ok: false,
      errors: [{ line: 1, field: "row", message: "The file has no rows to import." }],
    });
  });
});

describe("importMeasurements: a valid file", () => {
  const file = () =>
    csv(
      "PRD-1,2026-01-07,100,Wednesday counts for Monday",
      "prd-1,2026-01-12,110,",
      `${prd1.id},2026-01-19,120,by id`,
      "PRD-4,2026-01-31,88,revised",
      "PRD-5,2025-11-15,3.5,backfilled",
    );

  test("checking (apply: false) answers the counts and writes nothing", async () => {
    const before = await snapshot();
    expect(await importMeasurements(orgA.ctx.member, [], { apply: false })).toMatchObject({ ok: false });
    expect(await importMeasurements(orgA.ctx.owner, file(), { apply: false })).toEqual({
      ok: true,
      applied: false,
      count: 5,
      replaced: 0,
      kpiCount: 3,
    });
    expect(await snapshot()).toEqual(before);
  });

  test("applying writes every row into its period, replaces existing values and audits once, listing what it replaced", async () => {
    const prd4 = await getKpi(orgA.ctx.owner, "PRD-4");
    const prd5 = await getKpi(orgA.ctx.owner, "PRD-5");
    const b = await measurementRows(orgB.org.id);
    expect(await importMeasurements(orgA.ctx.admin, file(), { apply: true })).toEqual({
      ok: true,
      applied: true,
      count: 5,
      replaced: 1,
      kpiCount: 3,
    });

    const byKey = new Map([
      [prd1.id, "PRD-1"],
      [prd4.id, "PRD-4"],
      [prd5.id, "PRD-5"],
    ]);
    const rows = (await measurementRows(orgA.org.id)).map((m) => [
      byKey.get(m.kpiId),
      m.period,
      m.value,
      m.note,
      m.recordedBy,
    ]);
    expect(rows.sort()).toEqual(
      [
        ["PRD-1", "2026-01-05", 100, "Wednesday counts for Monday", orgA.users.admin.id],
        ["PRD-1", "2026-01-12", 110, null, orgA.users.admin.id],
        ["PRD-1", "2026-01-19", 120, "by id", orgA.users.admin.id],
        ["PRD-4", "2026-01-01", 88, "revised", orgA.users.admin.id],
        ["PRD-5", "2025-11-01", 3.5, "backfilled", orgA.users.admin.id],
      ].sort(),
    );
    expect(await measurementRows(orgB.org.id)).toEqual(b);

    const audits = await auditEntries(orgA.org.id, "measurements.imported");
    expect(audits.map((e) => [e.actorUserId, e.targetType, e.targetId, e.data])).toEqual([
      [
        orgA.users.admin.id,
        "organisation",
        orgA.org.id,
        { count: 5, kpis: 3, replaced: [{ kpiId: prd4.id, period: "2026-01-01", value: 85, note: "January" }] },
      ],
    ]);
    // One entry for the import, none per value.
    expect(await auditEntries(orgA.org.id, "measurement.recorded")).toHaveLength(1);
    expect(await auditEntries(orgA.org.id, "measurement.replaced")).toEqual([]);

    // Importing the same file again changes nothing but says it replaced every value.
    const again = await importMeasurements(orgA.ctx.admin, file(), { apply: true });
    expect(again).toEqual({ ok: true, applied: true, count: 5, replaced: 5, kpiCount: 3 });
    expect(await measurementCount(orgA.org.id)).toBe(5);
  });

  test("a member imports for the KPIs of their teams; one KPI of another team is a row error and nothing is written", async () => {
    const teamKpi = await createTestKpi(orgA.ctx.owner, streamA.id, {
      key: "PRD-20",
      cadence: "week",
      teamId: orgA.teams.production.id,
    });
    const otherTeam = await createTestKpi(orgA.ctx.owner, streamA.id, {
      key: "PRD-21",
      cadence: "week",
      teamId: orgA.teams.delivery.id,
    });
    const before = await snapshot();
    const result = await importMeasurements(
      orgA.ctx.member,
      csv("PRD-20,2026-01-05,1,", "PRD-21,2026-01-05,1,", "PRD-1,2026-01-05,1,"),
      { apply: true },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, field: "kpi", message: "You can't record values for PRD-21." },
        { line: 4, field: "kpi", message: "You can't record values for PRD-1." },
      ],
    });
    expect(await snapshot()).toEqual(before);

    expect(
      await importMeasurements(orgA.ctx.member, csv("PRD-20,2026-01-05,1,", "prd-20,2026-01-12,2,"), { apply: true }),
    ).toMatchObject({
      ok: true,
      count: 2,
    });
    expect((await measurementRows(orgA.org.id, teamKpi.id)).map((m) => [m.period, m.value])).toEqual([
      ["2026-01-05", 1],
      ["2026-01-12", 2],
    ]);
    expect(await measurementRows(orgA.org.id, otherTeam.id)).toEqual([]);
  });

  test("a process owner imports for their own streams; a viewer may not import at all", async () => {
    const own = await createTestStream(orgA.ctx.process_owner, { kind: "custom" });
    const kpi = await createTestKpi(orgA.ctx.process_owner, own.id, { key: "OWN-1" });
    expect(
      await importMeasurements(orgA.ctx.process_owner, csv("OWN-1,2026-01-05,1,", "PRD-1,2026-01-05,1,"), {
        apply: true,
      }),
    ).toEqual({
      ok: false,
      errors: [{ line: 3, field: "kpi", message: "You can't record values for PRD-1." }],
    });
    expect(await importMeasurements(orgA.ctx.process_owner, csv("OWN-1,2026-01-05,1,"), { apply: true })).toMatchObject(
      { ok: true, count: 1 },
    );
    expect(await measurementRows(orgA.org.id, kpi.id)).toHaveLength(1);

    const db = await getDb();
    await db
      .insert(teamMembers)
      .values({ orgId: orgA.org.id, teamId: orgA.teams.production.id, userId: orgA.users.viewer.id });
    for (const apply of [false, true]) {
      await expectAppError(importMeasurements(orgA.ctx.viewer, csv("OWN-1,2026-02-05,1,"), { apply }), "forbidden");
    }
    expect(await measurementRows(orgA.org.id, kpi.id)).toHaveLength(1);
  });

  test("6,000 rows go in at once (more than one insert statement)", async () => {
    const lines: string[] = [];
    for (const key of ["PRD-1", "PRD-2", "PRD-3"]) {
      for (let week = 0; week < 2000; week++) {
        const date = new Date(Date.UTC(1990, 0, 1 + 7 * week)).toISOString().slice(0, 10);
        lines.push(`${key},${date},${week},`);
      }
    }
    const rows = csv(...lines);
    expect(await importMeasurements(orgA.ctx.owner, rows, { apply: true })).toEqual({
      ok: true,
      applied: true,
      count: 6000,
      replaced: 0,
      kpiCount: 3,
    });
    expect(await measurementCount(orgA.org.id)).toBe(6001);
    expect(await measurementCount(orgB.org.id)).toBe(1);
  });
});

describe("exportMeasurements", () => {
  async function seedValues() {
    const teamKpi = await createTestKpi(orgA.ctx.owner, streamA.id, {
      key: "PRD-30",
      cadence: "month",
      teamId: orgA.teams.delivery.id,
    });
    const other = await createTestStream(orgA.ctx.owner, { kind: "sales" });
    const salesKpi = await createTestKpi(orgA.ctx.owner, other.id, {
      key: "SAL-1",
      cadence: "month",
      teamId: orgA.teams.delivery.id,
    });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-1", date: "2026-01-06", value: 95 });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-30", date: "2026-01-06", value: 1 });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "SAL-1", date: "2026-01-06", value: 2 });
    const teamKpiB = await createTestKpi(orgB.ctx.owner, streamB.id, {
      key: "PRD-30",
      cadence: "month",
      teamId: orgB.teams.delivery.id,
    });
    await recordMeasurement(orgB.ctx.owner, { kpiId: "PRD-1", date: "2026-01-06", value: 50 });
    await recordMeasurement(orgB.ctx.owner, { kpiId: teamKpiB.id, date: "2026-01-06", value: 9 });
    return { teamKpi, salesKpi, other };
  }

  test("by stream: the stream's values in natural key order (PRD-4 before PRD-30), then period; only the organisation's own", async () => {
    const { other } = await seedValues();
    expect(
      (await exportMeasurements(orgA.ctx.viewer, { streamId: streamA.id })).map((r) => [
        r.kpi,
        r.date,
        r.value,
        r.note,
        r.kind,
      ]),
    ).toEqual([
      ["PRD-1", "2026-01-05", 95, null, "output"],
      ["PRD-4", "2026-01-01", 85, "January", "outcome"],
      ["PRD-30", "2026-01-01", 1, null, "output"],
    ]);
    expect((await exportMeasurements(orgA.ctx.viewer, { streamId: other.id })).map((r) => [r.kpi, r.value])).toEqual([
      ["SAL-1", 2],
    ]);
    // Org B's stream from org A: not found.
    await expectAppError(exportMeasurements(orgA.ctx.owner, { streamId: streamB.id }), "not_found");
  });

  test("by team: the team's KPIs across streams; B's team gives nothing", async () => {
    await seedValues();
    expect(
      (await exportMeasurements(orgA.ctx.viewer, { teamId: orgA.teams.delivery.id })).map((r) => [r.kpi, r.value]),
    ).toEqual([
      ["PRD-30", 1],
      ["SAL-1", 2],
    ]);
    expect(await exportMeasurements(orgA.ctx.viewer, { teamId: orgA.teams.production.id })).toEqual([]);
    await expectAppError(exportMeasurements(orgA.ctx.owner, { teamId: orgB.teams.delivery.id }), "not_found");
    expect(
      (await exportMeasurements(orgB.ctx.viewer, { teamId: orgB.teams.delivery.id })).map((r) => [r.kpi, r.value]),
    ).toEqual([["PRD-30", 9]]);
  });

  test("without a scope: all of the organisation's values; archived KPIs are left out", async () => {
    await seedValues();
    expect((await exportMeasurements(orgA.ctx.viewer, {})).map((r) => r.kpi)).toEqual([
      "PRD-1",
      "PRD-4",
      "PRD-30",
      "SAL-1",
    ]);
    await setKpiArchived(orgA.ctx.owner, { kpiId: "SAL-1" }, true);
    expect((await exportMeasurements(orgA.ctx.viewer, {})).map((r) => r.kpi)).toEqual(["PRD-1", "PRD-4", "PRD-30"]);
  });
});

describe("export → CSV → import round trip", () => {
  const notes = [
    "plain",
    "with, a comma",
    'with "quotes"',
    "two\nlines",
    "windows\r\nlines",
    "=SUM(A1:A9)",
    "-not a number",
    "- list item",
    "+49 30 123",
    "@mention",
    "-2+3+cmd|' /C calc'!A0",
    "'=already quoted",
    "-12",
    "ünïcødé — “quotes” €",
  ];

  /** The export as the export route writes it. */
  async function exportCsv(ctx: OrgContext, streamId: string) {
    const rows = await exportMeasurements(ctx, { streamId });
    const text = toCsv([
      ["kpi", "date", "value", "note", "name", "kind", "unit"],
      ...rows.map((r) => [r.kpi, r.date, r.value, r.note, r.name, r.kind, r.unit]),
    ]);
    return { rows, text };
  }

  async function seedNotes() {
    // One weekly value per note on PRD-1, and values of awkward sizes on PRD-2.
    for (const [i, note] of notes.entries()) {
      const date = new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10);
      await recordMeasurement(
        orgA.ctx.owner,
        recordMeasurementSchema.parse({ kpiId: prd1.id, date, value: String(90 + i), note }),
      );
    }
    for (const [i, value] of [-5, 0, 0.1 + 0.2, 1 / 3, -1e-7, 123456789.123, 1e15, -0.5].entries()) {
      const date = new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10);
      await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-2", date, value });
    }
  }

  test("the notes are stored as given", async () => {
    await seedNotes();
    expect((await getKpi(orgA.ctx.owner, prd1.id)).measurements.map((m) => m.note).reverse()).toEqual(notes);
  });

  test("re-importing an export after the values changed restores them exactly", async () => {
    await seedNotes();
    const first = await exportCsv(orgA.ctx.owner, streamA.id);
    expect(first.rows).toHaveLength(notes.length + 8 + 1);
    // The file defuses formulas.
    expect(first.text).toContain(`,'=SUM(A1:A9),`);
    expect(first.text).toContain(`,'-2+3+cmd|' /C calc'!A0,`);

    // Change some values, remove one.
    await recordMeasurement(orgA.ctx.owner, { kpiId: prd1.id, date: "2025-01-06", value: -1, note: "overwritten" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-2", date: "2025-01-13", value: 999 });
    await deleteMeasurement(orgA.ctx.owner, { kpiId: "PRD-4", period: "2026-01-01" });

    const { rows, error } = readMeasurementsCsv(first.text);
    expect(error).toBeUndefined();
    expect(await importMeasurements(orgA.ctx.owner, rows, { apply: true })).toMatchObject({
      ok: true,
      applied: true,
      count: first.rows.length,
    });
    const second = await exportCsv(orgA.ctx.owner, streamA.id);
    expect(second.rows).toEqual(first.rows);
    expect(second.text).toBe(first.text);
  });

  test("org A's export imports into org B (same keys) and exports from B the same, leaving A alone", async () => {
    await seedNotes();
    const fromA = await exportCsv(orgA.ctx.owner, streamA.id);
    const aBefore = await measurementRows(orgA.org.id);
    const { rows } = readMeasurementsCsv(fromA.text);
    expect(await importMeasurements(orgB.ctx.owner, rows, { apply: true })).toMatchObject({ ok: true, replaced: 1 });
    expect((await exportCsv(orgB.ctx.owner, streamB.id)).rows).toEqual(fromA.rows);
    expect(await measurementRows(orgA.org.id)).toEqual(aBefore);
  });

  test("the KPI list on the stream page is unchanged by imports", async () => {
    await seedNotes();
    const listed = await listStreams(orgA.ctx.viewer);
    const { rows } = readMeasurementsCsv((await exportCsv(orgA.ctx.owner, streamA.id)).text);
    await importMeasurements(orgA.ctx.owner, rows, { apply: true });
    expect(await listStreams(orgA.ctx.viewer)).toEqual(listed);
  });
});

// A KPI's cadence decides the period at import time, so changing it re-buckets new values only.
describe("cadence at import", () => {
  test("values imported after a cadence change go into the new cadence's periods", async () => {
    const kpi = await getKpi(orgA.ctx.owner, "PRD-2");
    await updateKpi(
      orgA.ctx.owner,
      updateKpiSchema.parse({
        kpiId: kpi.id,
        name: kpi.name,
        kind: kpi.kind,
        unit: kpi.unit,
        direction: kpi.direction,
        baseline: kpi.baseline,
        target: kpi.target,
        cadence: "quarter",
      }),
    );
    expect(await importMeasurements(orgA.ctx.owner, csv("PRD-2,2026-05-20,93,"), { apply: true })).toMatchObject({
      ok: true,
    });
    expect((await measurementRows(orgA.org.id, kpi.id)).map((m) => m.period)).toEqual(["2026-04-01"]);
  });
});

describe("exportMeasurements as of a date and as known at an instant", () => {
  const at = injectedClock();

  test("asOf bounds the periods; knownAt gives the values as recorded by then, deletions and later backfills left out", async () => {
    at("2026-11-02T09:00:00Z");
    const stream = await createTestStream(orgA.ctx.owner, { kind: "sales" });
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, { key: "SAL-7", cadence: "month" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-03", value: 40, note: "first" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-11-01", value: 44 });
    at("2026-11-10T09:00:00Z");
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-20", value: 41, note: "recount" });
    await deleteMeasurement(orgA.ctx.owner, { kpiId: kpi.id, period: "2026-11-01" });
    at("2026-11-20T09:00:00Z");
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-09-15", value: 30 });
    const rows = async (time: { asOf?: string; knownAt?: Date }) =>
      (await exportMeasurements(orgA.ctx.viewer, { streamId: stream.id }, time)).map((r) => [r.date, r.value, r.note]);

    expect(await rows({})).toEqual([
      ["2026-09-01", 30, null],
      ["2026-10-01", 41, "recount"],
    ]);
    expect(await rows({ asOf: "2026-09-30" })).toEqual([["2026-09-01", 30, null]]);
    expect(await rows({ knownAt: endOfDayUtc("2026-11-02") })).toEqual([
      ["2026-10-01", 40, "first"],
      ["2026-11-01", 44, null],
    ]);
    expect(await rows({ asOf: "2026-10-31", knownAt: endOfDayUtc("2026-11-02") })).toEqual([
      ["2026-10-01", 40, "first"],
    ]);
    expect(await rows({ knownAt: endOfDayUtc("2026-11-10") })).toEqual([["2026-10-01", 41, "recount"]]);
    expect(await rows({ knownAt: endOfDayUtc("2026-11-01") })).toEqual([]);
    // Another organisation's history never shows.
    expect(await exportMeasurements(orgB.ctx.viewer, {}, { knownAt: endOfDayUtc("2026-11-30") })).toEqual([]);
  });
});
