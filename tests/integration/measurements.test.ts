import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { teamMembers } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { getKpi } from "@/lib/data/kpis";
import { deleteMeasurement, recordMeasurement } from "@/lib/data/measurements";
import { recordMeasurementSchema } from "@/lib/validations/kpi";
import {
  addMembership,
  auditEntries,
  createTenants,
  ctxFor,
  createTestKpi,
  createTestStream,
  expectAppError,
  measurementCount,
  measurementRows,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

async function kpiWith(cadence: "week" | "month" | "quarter", fixture = orgA) {
  const stream = await createTestStream(fixture.ctx.owner, { kind: "production" });
  return createTestKpi(fixture.ctx.owner, stream.id, { cadence, teamId: fixture.teams.production.id });
}

describe("recordMeasurement", () => {
  test.each<["week" | "month" | "quarter", string, string]>([
    ["week", "2026-01-07", "2026-01-05"], // a Wednesday → its Monday
    ["week", "2026-01-05", "2026-01-05"], // a Monday is its own period
    ["week", "2026-01-11", "2026-01-05"], // a Sunday belongs to the week before
    ["week", "2026-01-01", "2025-12-29"], // ISO week 1 of 2026 starts in 2025
    ["week", "2024-03-01", "2024-02-26"], // across a leap day
    ["month", "2026-02-28", "2026-02-01"],
    ["month", "2024-02-29", "2024-02-01"],
    ["month", "2026-12-31", "2026-12-01"],
    ["month", "2026-03-01", "2026-03-01"],
    ["quarter", "2026-03-31", "2026-01-01"],
    ["quarter", "2026-04-01", "2026-04-01"],
    ["quarter", "2026-05-20", "2026-04-01"],
    ["quarter", "2026-09-30", "2026-07-01"],
    ["quarter", "2026-12-31", "2026-10-01"],
  ])("a %s KPI files %s under %s", async (cadence, date, period) => {
    const kpi = await kpiWith(cadence);
    expect(
      await recordMeasurement(orgA.ctx.member, recordMeasurementSchema.parse({ kpiId: kpi.id, date, value: "42.5" })),
    ).toEqual({
      period,
      replaced: false,
    });
    expect(await measurementRows(orgA.org.id)).toEqual([
      { kpiId: kpi.id, period, value: 42.5, note: null, recordedBy: orgA.users.member.id },
    ]);
    expect(await measurementCount(orgB.org.id)).toBe(0);
  });

  test("past periods can be backfilled, in any order, each kept apart; audited as recorded", async () => {
    const kpi = await kpiWith("month");
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.key, date: "2026-03-10", value: 15 });
    await recordMeasurement(orgA.ctx.owner, {
      kpiId: kpi.key,
      date: "2024-06-15",
      value: 11,
      note: "from the old spreadsheet",
    });
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.key, date: "2025-01-31", value: 12 });
    expect((await measurementRows(orgA.org.id, kpi.id)).map((m) => [m.period, m.value, m.note])).toEqual([
      ["2024-06-01", 11, "from the old spreadsheet"],
      ["2025-01-01", 12, null],
      ["2026-03-01", 15, null],
    ]);
    expect((await auditEntries(orgA.org.id, "measurement.recorded")).map((e) => [e.targetId, e.data])).toEqual([
      [kpi.id, { key: kpi.key, period: "2026-03-01", value: 15, note: null }],
      [kpi.id, { key: kpi.key, period: "2024-06-01", value: 11, note: "from the old spreadsheet" }],
      [kpi.id, { key: kpi.key, period: "2025-01-01", value: 12, note: null }],
    ]);
  });

  test("a second value for the same period replaces the first; the audit log keeps the old value", async () => {
    const kpi = await kpiWith("week");
    await recordMeasurement(orgA.ctx.member, { kpiId: kpi.id, date: "2026-01-06", value: 10, note: "first count" });
    // Thursday of the same week, by someone else.
    expect(await recordMeasurement(orgA.ctx.admin, { kpiId: kpi.id, date: "2026-01-08", value: 12 })).toEqual({
      period: "2026-01-05",
      replaced: true,
    });
    expect(await measurementRows(orgA.org.id)).toEqual([
      { kpiId: kpi.id, period: "2026-01-05", value: 12, note: null, recordedBy: orgA.users.admin.id },
    ]);
    const replaced = await auditEntries(orgA.org.id, "measurement.replaced");
    expect(replaced.map((e) => [e.actorUserId, e.targetType, e.targetId, e.data])).toEqual([
      [
        orgA.users.admin.id,
        "kpi",
        kpi.id,
        { key: kpi.key, period: "2026-01-05", value: 12, note: null, previous: { value: 10, note: "first count" } },
      ],
    ]);
    // The same value again is still one row.
    await recordMeasurement(orgA.ctx.admin, { kpiId: kpi.id, date: "2026-01-05", value: 12 });
    expect(await measurementCount(orgA.org.id)).toBe(1);
    expect(await auditEntries(orgA.org.id, "measurement.replaced")).toHaveLength(2);
  });

  test("values of org B's KPI for the same period are not replaced", async () => {
    const kpi = await kpiWith("month");
    const kpiB = await kpiWith("month", orgB);
    expect(kpiB.key).toBe(kpi.key);
    await recordMeasurement(orgB.ctx.owner, { kpiId: kpiB.key, date: "2026-05-02", value: 1 });
    expect((await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.key, date: "2026-05-03", value: 2 })).replaced).toBe(
      false,
    );
    expect((await measurementRows(orgB.org.id)).map((m) => m.value)).toEqual([1]);
    expect((await measurementRows(orgA.org.id)).map((m) => m.value)).toEqual([2]);
  });

  test("org B's KPI, by id or key, is not found; nothing is written", async () => {
    await kpiWith("month");
    const stream = await createTestStream(orgB.ctx.owner, { kind: "sales" });
    const kpiB = await createTestKpi(orgB.ctx.owner, stream.id);
    for (const kpiId of [kpiB.id, kpiB.key, kpiB.key.toLowerCase()]) {
      await expectAppError(recordMeasurement(orgA.ctx.owner, { kpiId, date: "2026-01-01", value: 1 }), "not_found");
      await expectAppError(deleteMeasurement(orgA.ctx.owner, { kpiId, period: "2026-01-01" }), "not_found");
    }
    expect(await measurementCount(orgA.org.id)).toBe(0);
    expect(await measurementCount(orgB.org.id)).toBe(0);
    expect(await auditEntries(orgA.org.id, "measurement.recorded")).toEqual([]);
  });

  test("the schema refuses impossible dates and values", () => {
    const kpiId = "00000000-0000-4000-8000-000000000000";
    for (const [date, value, field] of [
      ["2026-02-30", "1", "date"],
      ["2026-13-01", "1", "date"],
      ["26-01-01", "1", "date"],
      ["1899-12-31", "1", "date"],
      ["2026-01-01", "abc", "value"],
      ["2026-01-01", "NaN", "value"],
      ["2026-01-01", "Infinity", "value"],
      ["2026-01-01", "1e400", "value"],
      ["2026-01-01", "", "value"],
    ] as const) {
      const result = recordMeasurementSchema.safeParse({ kpiId, date, value });
      expect([...new Set(result.error?.issues.map((i) => i.path[0]))], `${date} ${value}`).toEqual([field]);
    }
    expect(
      recordMeasurementSchema.safeParse({ kpiId, date: "2026-01-01", value: "1", note: "x".repeat(501) }).error
        ?.issues[0]?.path,
    ).toEqual(["note"]);
  });
});

describe("deleteMeasurement", () => {
  test("removes the value of one period; the audit log keeps it", async () => {
    const kpi = await kpiWith("month");
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-01-10", value: 5, note: "typo" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-02-10", value: 6 });
    await deleteMeasurement(orgA.ctx.member, { kpiId: kpi.id, period: "2026-01-01" });
    expect((await measurementRows(orgA.org.id)).map((m) => m.period)).toEqual(["2026-02-01"]);
    expect(
      (await auditEntries(orgA.org.id, "measurement.deleted")).map((e) => [e.actorUserId, e.targetId, e.data]),
    ).toEqual([
      [orgA.users.member.id, kpi.id, { key: kpi.key, period: "2026-01-01", previous: { value: 5, note: "typo" } }],
    ]);
    // Gone is gone: deleting it again is not found.
    await expectAppError(deleteMeasurement(orgA.ctx.owner, { kpiId: kpi.id, period: "2026-01-01" }), "not_found");
    // A date inside the period is not the period.
    await expectAppError(deleteMeasurement(orgA.ctx.owner, { kpiId: kpi.id, period: "2026-02-10" }), "not_found");
    expect(await measurementCount(orgA.org.id)).toBe(1);
  });

  test("never touches org B's value of the same key and period", async () => {
    const kpi = await kpiWith("month");
    const kpiB = await kpiWith("month", orgB);
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-01-10", value: 5 });
    await recordMeasurement(orgB.ctx.owner, { kpiId: kpiB.id, date: "2026-01-10", value: 7 });
    await deleteMeasurement(orgA.ctx.owner, { kpiId: kpi.key, period: "2026-01-01" });
    expect(await measurementCount(orgA.org.id)).toBe(0);
    expect((await measurementRows(orgB.org.id)).map((m) => m.value)).toEqual([7]);
  });
});

describe("who may record values", () => {
  async function setUp() {
    const poStream = await createTestStream(orgA.ctx.process_owner, { kind: "production" });
    const adminStream = await createTestStream(orgA.ctx.admin, { kind: "production" });
    return {
      // The process owner's stream, for a team they are not in.
      poStreamDelivery: await createTestKpi(orgA.ctx.owner, poStream.id, { teamId: orgA.teams.delivery.id }),
      // Another's stream, for the team of the process owner and the member.
      production: await createTestKpi(orgA.ctx.owner, adminStream.id, { teamId: orgA.teams.production.id }),
      // Another's stream, another team.
      delivery: await createTestKpi(orgA.ctx.owner, adminStream.id, { teamId: orgA.teams.delivery.id }),
      // Another's stream, no team.
      noTeam: await createTestKpi(orgA.ctx.owner, adminStream.id),
    };
  }

  const allowed: Record<Role, string[]> = {
    owner: ["poStreamDelivery", "production", "delivery", "noTeam"],
    admin: ["poStreamDelivery", "production", "delivery", "noTeam"],
    process_owner: ["poStreamDelivery", "production"],
    member: ["production"],
    viewer: [],
  };

  test.each(Object.keys(allowed) as Role[])(
    "a %s records and deletes values only for the KPIs the role allows",
    async (role) => {
      const kpis = await setUp();
      const ctx = orgA.ctx[role];
      for (const [name, kpi] of Object.entries(kpis)) {
        const may = allowed[role].includes(name);
        // Seed a value for the delete check, as an owner.
        await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-01-15", value: 1 });
        if (may) {
          expect((await recordMeasurement(ctx, { kpiId: kpi.id, date: "2026-02-15", value: 2 })).period, name).toBe(
            "2026-02-01",
          );
          await deleteMeasurement(ctx, { kpiId: kpi.id, period: "2026-01-01" });
          expect(
            (await measurementRows(orgA.org.id, kpi.id)).map((m) => [m.period, m.value]),
            name,
          ).toEqual([["2026-02-01", 2]]);
        } else {
          await expectAppError(recordMeasurement(ctx, { kpiId: kpi.id, date: "2026-02-15", value: 2 }), "forbidden");
          await expectAppError(deleteMeasurement(ctx, { kpiId: kpi.id, period: "2026-01-01" }), "forbidden");
          expect(
            (await measurementRows(orgA.org.id, kpi.id)).map((m) => [m.period, m.value]),
            name,
          ).toEqual([["2026-01-01", 1]]);
        }
        expect((await getKpi(ctx, kpi.id)).canRecord, name).toBe(may);
      }
    },
  );

  test("a viewer in a team still may not record for the team's KPIs", async () => {
    const db = await getDb();
    await db
      .insert(teamMembers)
      .values({ orgId: orgA.org.id, teamId: orgA.teams.production.id, userId: orgA.users.viewer.id });
    const kpi = await kpiWith("month");
    await expectAppError(
      recordMeasurement(orgA.ctx.viewer, { kpiId: kpi.id, date: "2026-01-01", value: 1 }),
      "forbidden",
    );
    expect(await measurementCount(orgA.org.id)).toBe(0);
  });

  test("a member of org B's Production team may not record for org A's Production KPIs", async () => {
    const kpi = await kpiWith("month");
    // Same user, member of A without teams: A's membership decides.
    const db = await getDb();
    await addMembership(orgA.org.id, orgB.users.member.id, "member");
    const ctx = ctxFor(orgB.users.member, orgA.org, "member");
    await expectAppError(recordMeasurement(ctx, { kpiId: kpi.id, date: "2026-01-01", value: 1 }), "forbidden");
    await db
      .insert(teamMembers)
      .values({ orgId: orgA.org.id, teamId: orgA.teams.production.id, userId: orgB.users.member.id });
    expect((await recordMeasurement(ctx, { kpiId: kpi.id, date: "2026-01-01", value: 1 })).replaced).toBe(false);
  });
});
