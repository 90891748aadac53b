import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { kpiDefinitionVersions, measurementVersions } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { getKpi, patchKpi, updateKpi } from "@/lib/data/kpis";
import { deleteMeasurement, recordMeasurement } from "@/lib/data/measurements";
import { scoreScope } from "@/lib/data/scores";
import { AppError } from "@/lib/errors";
import { endOfDayUtc } from "@/lib/time";
import { updateKpiSchema } from "@/lib/validations/kpi";
import { createTenants, createTestKpi, createTestStream, expectAppError, type OrgFixture } from "../helpers/fixtures";
import { injectedClock } from "../helpers/clock";

/*
 * Valid time and knowledge time (DESIGN "Time"), hand-computed: a KPI monthly, increase, baseline 0,
 * target 100 unless said otherwise, so attainment = value / target.
 */

let orgA: OrgFixture;
let orgB: OrgFixture;

const at = injectedClock();

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

async function monthlyKpi(ctx: OrgContext = orgA.ctx.owner) {
  const stream = await createTestStream(ctx, { kind: "production" });
  return createTestKpi(ctx, stream.id, { baseline: 0, target: 100, cadence: "month" });
}

const attainmentOf = async (ctx: OrgContext, kpiId: string, asOf: string, knownAt?: Date) =>
  (await scoreScope(ctx, {}, asOf, knownAt)).kpis.find((k) => k.id === kpiId)?.attainment;

async function versionCount(kpiId: string) {
  const db = await getDb();
  return (await db.select().from(kpiDefinitionVersions).where(eq(kpiDefinitionVersions.kpiId, kpiId))).length;
}

describe("definition versions", () => {
  test("a target planned from a future date: today unchanged, redrawn after that date with the new target", async () => {
    at("2026-11-10T10:00:00Z");
    const kpi = await monthlyKpi();
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-11-05", value: 50 });
    at("2026-11-15T10:00:00Z");
    await patchKpi(orgA.ctx.owner, kpi.id, { target: 200, validFrom: "2027-01-01" });

    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-11-15")).toBe(0.5); // 50 / 100
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2027-01-15")).toBe(0.25); // 50 / 200
    // The KPI as it stands today keeps its target: the change is planned, not in force.
    expect((await getKpi(orgA.ctx.owner, kpi.id)).target).toBe(100);
    const history = (await getKpi(orgA.ctx.owner, kpi.id)).history;
    expect(history.at(-1)).toMatchObject({
      validFrom: "2027-01-01",
      changes: [{ field: "target", from: 100, to: 200 }],
      author: { kind: "user", id: orgA.users.owner.id },
    });
  });

  test("a correction dated in the past changes the past as known now, not as known then", async () => {
    at("2026-10-20T10:00:00Z");
    const kpi = await monthlyKpi();
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-05", value: 40 });
    at("2026-11-20T10:00:00Z");
    await patchKpi(orgA.ctx.owner, kpi.id, { target: 80, validFrom: "2026-10-01" });

    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-10-15")).toBe(0.5); // 40 / 80, as known now
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-10-15", endOfDayUtc("2026-11-19"))).toBe(0.4); // 40 / 100
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-09-15")).toBeNull(); // no value then
    expect((await getKpi(orgA.ctx.owner, kpi.id)).target).toBe(80); // in force today
  });

  test("a KPI created from a date is out of the sets before it", async () => {
    at("2026-11-10T10:00:00Z");
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, { validFrom: "2026-11-01" });
    const before = await scoreScope(orgA.ctx.owner, {}, "2026-10-31");
    expect(before.kpis.map((k) => k.id)).not.toContain(kpi.id);
    expect(before.notInSet).toEqual([expect.objectContaining({ id: kpi.id, reason: "not_defined_yet" })]);
    expect((await scoreScope(orgA.ctx.owner, {}, "2026-11-01")).kpis.map((k) => k.id)).toContain(kpi.id);
  });

  test("an edit that changes only labels adds no version; archiving from a date does", async () => {
    at("2026-11-10T10:00:00Z");
    const kpi = await monthlyKpi();
    await patchKpi(orgA.ctx.owner, kpi.id, { name: "Renamed" });
    expect(await versionCount(kpi.id)).toBe(1);
    await patchKpi(orgA.ctx.owner, kpi.id, { archived: true, validFrom: "2026-12-01" });
    expect(await versionCount(kpi.id)).toBe(2);
    expect((await scoreScope(orgA.ctx.owner, {}, "2026-11-30")).kpis.map((k) => k.id)).toContain(kpi.id);
    expect((await scoreScope(orgA.ctx.owner, {}, "2026-12-01")).notInSet).toEqual([
      expect.objectContaining({ id: kpi.id, reason: "archived" }),
    ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["validFrom before 2000", { validFrom: "1999-12-31", target: 150 }, "validFrom"],
    ["a target date before its plan start", { targetDate: "2026-12-01", planStart: "2027-01-01" }, "targetDate"],
    [
      "a target date before the day the change applies from",
      { targetDate: "2026-12-01", validFrom: "2027-01-01" },
      "targetDate",
    ],
    [
      "a direction contradicting a future version's target",
      { direction: "decrease", validFrom: "2027-01-01" },
      "target",
    ],
  ])("%s is a validation error on %s, and nothing is written", async (_label, patch, field) => {
    at("2026-11-10T10:00:00Z");
    const kpi = await monthlyKpi();
    // The data layer refuses with an AppError naming the field, or (the direction rule, shared with the
    // forms) a ZodError with its path: the API answers both with a 422 naming the field.
    const error = await patchKpi(orgA.ctx.owner, kpi.id, patch).then(
      () => null,
      (e: unknown) => e,
    );
    const fields =
      error instanceof ZodError
        ? error.issues.map((i) => String(i.path[0]))
        : Object.keys((error as AppError).fields ?? {});
    expect(error instanceof ZodError || (error instanceof AppError && error.code === "validation")).toBe(true);
    expect(fields).toContain(field);
    expect(await versionCount(kpi.id)).toBe(1);
    expect(await getKpi(orgA.ctx.owner, kpi.id)).toMatchObject({
      target: 100,
      direction: "increase",
      targetDate: null,
    });
  });

  test("the edit form's 'applies from' is a version from that date", async () => {
    at("2026-11-10T10:00:00Z");
    const kpi = await monthlyKpi();
    await updateKpi(
      orgA.ctx.owner,
      updateKpiSchema.parse({
        kpiId: kpi.id,
        name: kpi.name,
        kind: "output",
        direction: "increase",
        baseline: "0",
        target: "140",
        cadence: "month",
        validFrom: "2027-01-01",
      }),
    );
    const { history } = await getKpi(orgA.ctx.owner, kpi.id);
    expect(history.map((h) => [h.validFrom, h.version.target])).toEqual([
      ["2000-01-01", 100],
      ["2027-01-01", 140],
    ]);
  });

  test("another organisation's KPI is not found and gets no version", async () => {
    at("2026-11-10T10:00:00Z");
    const kpi = await monthlyKpi(orgB.ctx.owner);
    await expectAppError(patchKpi(orgA.ctx.owner, kpi.id, { target: 150 }), "not_found");
    expect(await versionCount(kpi.id)).toBe(1);
  });
});

describe("measurement history", () => {
  test("a backfill and a delete change the past as known now; as known then shows what was known", async () => {
    at("2026-11-02T09:00:00Z");
    const kpi = await monthlyKpi();
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-01", value: 30 });
    at("2026-11-20T09:00:00Z");
    // Backfilled for October, and a correction of it.
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-09-01", value: 20, note: "late" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: kpi.id, date: "2026-10-01", value: 35 });
    at("2026-11-25T09:00:00Z");
    await deleteMeasurement(orgA.ctx.owner, { kpiId: kpi.id, period: "2026-10-01" });

    const known = (day: string) => endOfDayUtc(day);
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-10-15", known("2026-11-10"))).toBe(0.3);
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-09-15", known("2026-11-10"))).toBeNull();
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-10-15", known("2026-11-21"))).toBe(0.35);
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-09-15", known("2026-11-21"))).toBe(0.2);
    // As known now the October value is deleted: September's stands.
    expect(await attainmentOf(orgA.ctx.owner, kpi.id, "2026-10-15")).toBe(0.2);

    const db = await getDb();
    const versions = await db
      .select()
      .from(measurementVersions)
      .where(and(eq(measurementVersions.orgId, orgA.org.id), eq(measurementVersions.kpiId, kpi.id)))
      .orderBy(measurementVersions.seq);
    expect(versions.map((v) => [v.period, v.value, v.note, v.recordedAt.toISOString(), v.authorUserId])).toEqual([
      ["2026-10-01", 30, null, "2026-11-02T09:00:00.000Z", orgA.users.owner.id],
      ["2026-09-01", 20, "late", "2026-11-20T09:00:00.000Z", orgA.users.owner.id],
      ["2026-10-01", 35, null, "2026-11-20T09:00:00.000Z", orgA.users.owner.id],
      ["2026-10-01", null, null, "2026-11-25T09:00:00.000Z", orgA.users.owner.id],
    ]);
  });
});
