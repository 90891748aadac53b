import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { queryCount, usesServer } from "@/db/client";
import { measurementVersions } from "@/db/schema";
import {
  checkMeasurements,
  resolveRecordableKpis,
  writeMeasurements,
  type MeasurementWrite,
} from "@/lib/data/measurement-writes";
import { withTenant } from "@/lib/data/tenant";
import {
  createTenants,
  createTestKpi,
  createTestStream,
  expectAppError,
  measurementRows,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeAll(async () => {
  ({ orgA, orgB } = await createTenants());
});

/** Statements `work` sends, BEGIN/COMMIT and the tenant's set_config excluded. */
async function statements<T>(ctx: OrgFixture["ctx"]["owner"], work: Parameters<typeof withTenant<T>>[1]) {
  let before = 0;
  const result = await withTenant(ctx, async (tx) => {
    before = queryCount();
    return work(tx);
  });
  return { result, statements: queryCount() - before };
}

const weeks = (n: number, from = Date.UTC(1990, 0, 1)) =>
  Array.from({ length: n }, (_, i) => new Date(from + i * 7 * 86_400_000).toISOString().slice(0, 10));

describe("resolveRecordableKpis", () => {
  test("one query finds KPIs by id or key in any case; the member's teams are read once, only when needed", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const ours = await createTestKpi(orgA.ctx.owner, stream.id, { teamId: orgA.teams.production.id });
    const other = await createTestKpi(orgA.ctx.owner, stream.id, { teamId: orgA.teams.delivery.id });
    const theirStream = await createTestStream(orgB.ctx.owner);
    const theirs = await createTestKpi(orgB.ctx.owner, theirStream.id, { key: "THEIRS-1" });
    const refs = [ours.id, ours.key.toLowerCase(), ` ${other.key} `, theirs.id, theirs.key, "NOPE-1", ""];

    const asOwner = await statements(orgA.ctx.owner, (tx) => resolveRecordableKpis(tx, orgA.ctx.owner, refs));
    expect(asOwner.statements).toBe(1);
    const asMember = await statements(orgA.ctx.member, (tx) => resolveRecordableKpis(tx, orgA.ctx.member, refs));
    expect(asMember.statements).toBe(2);

    expect(refs.map((ref) => asOwner.result(ref))).toEqual([
      { ok: true, kpi: expect.objectContaining({ id: ours.id, key: ours.key }) },
      { ok: true, kpi: expect.objectContaining({ id: ours.id }) },
      { ok: true, kpi: expect.objectContaining({ id: other.id }) },
      { ok: false, code: "kpi_unknown" },
      { ok: false, code: "kpi_unknown" },
      { ok: false, code: "kpi_unknown" },
      { ok: false, code: "kpi_missing" },
    ]);
    expect(refs.slice(0, 3).map((ref) => asMember.result(ref))).toEqual([
      { ok: true, kpi: expect.objectContaining({ id: ours.id }) },
      { ok: true, kpi: expect.objectContaining({ id: ours.id }) },
      { ok: false, code: "kpi_not_recordable", kpi: expect.objectContaining({ id: other.id }) },
    ]);
  });

  test("a viewer records nothing: forbidden before any lookup", async () => {
    await expectAppError(
      withTenant(orgA.ctx.viewer, (tx) => resolveRecordableKpis(tx, orgA.ctx.viewer, ["PRD-1"])),
      "forbidden",
    );
  });
});

describe("writeMeasurements", () => {
  test("a value written again unchanged is counted but neither updated nor versioned; a changed note is", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, { cadence: "week" });
    const write = (rows: MeasurementWrite[]) =>
      withTenant(orgA.ctx.owner, (tx) => writeMeasurements(tx, orgA.ctx.owner, rows, { previous: true }));
    const versions = async () =>
      (
        await withTenant(orgA.ctx.owner, (tx) =>
          tx
            .select({
              period: measurementVersions.period,
              value: measurementVersions.value,
              note: measurementVersions.note,
            })
            .from(measurementVersions)
            .where(eq(measurementVersions.kpiId, kpi.id))
            .orderBy(asc(measurementVersions.seq)),
        )
      ).map((v) => [v.period, v.value, v.note]);
    const first = [
      { kpiId: kpi.id, period: "1990-01-01", value: 1, note: null },
      { kpiId: kpi.id, period: "1990-01-08", value: 2, note: "n" },
    ];
    await write(first);
    const same = await write(first);
    expect(same).toMatchObject({ count: 2, inserted: 0, replaced: 2 });
    expect(same.previous.map((p) => p.value)).toEqual([1, 2]);
    await write([
      { kpiId: kpi.id, period: "1990-01-01", value: 1, note: "now noted" },
      { kpiId: kpi.id, period: "1990-01-08", value: 2, note: "n" },
    ]);
    expect(await versions()).toEqual([
      ["1990-01-01", 1, null],
      ["1990-01-08", 2, "n"],
      ["1990-01-01", 1, "now noted"],
    ]);
    expect((await measurementRows(orgA.org.id, kpi.id)).map((m) => [m.period, m.value, m.note])).toEqual([
      ["1990-01-01", 1, "now noted"],
      ["1990-01-08", 2, "n"],
    ]);
  });

  test("10,000 rows in one statement, answering inserted and replaced counts and the values replaced", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const kpis = await Promise.all(
      Array.from({ length: 4 }, () => createTestKpi(orgA.ctx.owner, stream.id, { cadence: "week" })),
    );
    const rows: MeasurementWrite[] = weeks(2500).flatMap((period, i) =>
      kpis.map((k) => ({ kpiId: k.id, period, value: i, note: null })),
    );
    const first = await statements(orgA.ctx.owner, (tx) => writeMeasurements(tx, orgA.ctx.owner, rows));
    expect(first.statements).toBe(1);
    expect(first.result).toEqual({ count: 10_000, inserted: 10_000, replaced: 0, kpis: 4, previous: [] });

    const [a, b] = kpis;
    const again = await statements(orgA.ctx.owner, (tx) =>
      writeMeasurements(
        tx,
        orgA.ctx.owner,
        [
          { kpiId: b!.id, period: "1990-01-08", value: 2.5, note: "second" },
          { kpiId: a!.id, period: "1990-01-01", value: -1, note: null },
          { kpiId: a!.id, period: "2100-01-04", value: 7, note: "new" },
        ],
        { previous: true },
      ),
    );
    expect(again.statements).toBe(1);
    expect(again.result).toMatchObject({ count: 3, inserted: 1, replaced: 2, kpis: 2 });
    expect(new Set(again.result.previous.map((p) => JSON.stringify(p)))).toEqual(
      new Set([
        JSON.stringify({ kpiId: a!.id, period: "1990-01-01", value: 0, note: null }),
        JSON.stringify({ kpiId: b!.id, period: "1990-01-08", value: 1, note: null }),
      ]),
    );
    expect((await measurementRows(orgA.org.id, b!.id))[1]).toMatchObject({
      period: "1990-01-08",
      value: 2.5,
      note: "second",
      recordedBy: orgA.users.owner.id,
    });
  });

  test("two overlapping bulk writes sent at once in opposite orders both succeed (rows are locked in one order)", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const kpis = await Promise.all(
      Array.from({ length: 4 }, () => createTestKpi(orgA.ctx.owner, stream.id, { cadence: "week" })),
    );
    const rows = (value: number): MeasurementWrite[] =>
      weeks(500).flatMap((period) => kpis.map((k) => ({ kpiId: k.id, period, value, note: null })));
    const write = (list: MeasurementWrite[]) =>
      withTenant(orgA.ctx.owner, (tx) => writeMeasurements(tx, orgA.ctx.owner, list));
    await write(rows(0));
    // On a server both transactions run at once and update the same 2,000 rows; unsorted, each would
    // hold locks the other waits for. The embedded database runs them one after the other.
    for (let round = 1; round <= (usesServer() ? 5 : 1); round++) {
      const answers = await Promise.all([write(rows(round)), write(rows(-round).reverse())]);
      expect(answers.map((a) => a.replaced)).toEqual([2000, 2000]);
    }
    const values = new Set(
      (await measurementRows(orgA.org.id))
        .filter((m) => kpis.some((k) => k.id === m.kpiId))
        .map((m) => Math.abs(m.value)),
    );
    expect(values).toEqual(new Set([usesServer() ? 5 : 1]));
  });
});

describe("checkMeasurements", () => {
  test("every item's problems, in order, for the callers to word; valid items become rows under their period", async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const weekly = await createTestKpi(orgA.ctx.owner, stream.id, {
      cadence: "week",
      teamId: orgA.teams.production.id,
    });
    const monthly = await createTestKpi(orgA.ctx.owner, stream.id, {
      cadence: "month",
      teamId: orgA.teams.delivery.id,
    });
    const items = [
      { kpi: weekly.key, date: "2026-03-04", value: "12.5", note: " counted " },
      { kpi: monthly.id, date: "2026-03-31", value: 3 },
      { kpi: "", date: "2026-02-30", value: "", note: "x".repeat(501) },
      { kpi: weekly.id, date: "2026-03-06", value: 1 },
      { kpi: monthly.key, date: "2026-03-01", value: "1,5", note: "a\u0000b" },
    ];
    const kpiOf = await withTenant(orgA.ctx.member, (tx) =>
      resolveRecordableKpis(
        tx,
        orgA.ctx.member,
        items.map((i) => i.kpi),
      ),
    );
    const { rows, problems } = checkMeasurements(kpiOf, items);
    expect(rows).toEqual([{ kpiId: weekly.id, period: "2026-03-02", value: 12.5, note: "counted" }]);
    expect(problems.map((p) => [p.index, p.field, p.code, p.message])).toEqual([
      [1, "kpi", "kpi_not_recordable", `You can't record values for ${monthly.key}.`],
      [2, "kpi", "kpi_missing", "The KPI key or id is missing."],
      [2, "date", "invalid", "That date does not exist or is out of range (1900–2200)."],
      [2, "value", "invalid", "The value is missing."],
      [2, "note", "invalid", "Keep the note under 500 characters."],
      [3, "period", "duplicate", `${weekly.key} already has a value for the period starting 2026-03-02 in item 0.`],
      [4, "kpi", "kpi_not_recordable", `You can't record values for ${monthly.key}.`],
      [4, "value", "invalid", "Value must be a number."],
      [4, "note", "invalid", "Note can't contain the NUL character (\\u0000)."],
    ]);
  });
});
