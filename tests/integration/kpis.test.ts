import { todayIso } from "@/lib/clock";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { kpiLinks, kpis } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import type { OrgContext } from "@/lib/auth/org-context";
import { deleteKpi, getKpi, linkKpis, listOutcomeKpis, setKpiArchived, unlinkKpis, updateKpi } from "@/lib/data/kpis";
import { recordMeasurement } from "@/lib/data/measurements";
import { addStage } from "@/lib/data/stages";
import { getStream, listStreams } from "@/lib/data/streams";
import { createKpiSchema, updateKpiSchema } from "@/lib/validations/kpi";
import { addStageSchema } from "@/lib/validations/stream";
import {
  auditEntries,
  createTenants,
  createTestKpi,
  createTestStream,
  expectAppError,
  measurementCount,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

const kpiInput = {
  name: "Units",
  kind: "output",
  unit: "units",
  direction: "increase",
  baseline: 10,
  target: 20,
  cadence: "month",
} as const;

const update = (ctx: OrgContext, kpiId: string, fields: Record<string, unknown> = {}) =>
  updateKpi(ctx, updateKpiSchema.parse({ kpiId, ...kpiInput, ...fields }));

async function orgKpis(orgId: string) {
  const db = await getDb();
  return db.select().from(kpis).where(eq(kpis.orgId, orgId));
}

async function links(orgId: string) {
  const db = await getDb();
  return (await db.select().from(kpiLinks).where(eq(kpiLinks.orgId, orgId)))
    .map((l) => `${l.outputKpiId}>${l.outcomeKpiId}`)
    .sort();
}

describe("createKpi", () => {
  test("gives a key from the stream kind's prefix when none is given, numbering on from the highest", async () => {
    const production = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const custom = await createTestStream(orgA.ctx.owner, { kind: "custom" });
    const marketing = await createTestStream(orgA.ctx.owner, { kind: "marketing" });
    const first = await createTestKpi(orgA.ctx.owner, production.id);
    const second = await createTestKpi(orgA.ctx.owner, production.id, { key: "" });
    await createTestKpi(orgA.ctx.owner, production.id, { key: "PRD-10" });
    const afterGap = await createTestKpi(orgA.ctx.owner, production.id);
    expect([first.key, second.key, afterGap.key]).toEqual(["PRD-1", "PRD-2", "PRD-11"]);
    expect((await createTestKpi(orgA.ctx.owner, custom.id)).key).toBe("KPI-1");
    expect((await createTestKpi(orgA.ctx.owner, marketing.id)).key).toBe("MKT-1");
    // B numbers its own.
    const inB = await createTestStream(orgB.ctx.owner, { kind: "production" });
    expect((await createTestKpi(orgB.ctx.owner, inB.id)).key).toBe("PRD-1");
  });

  test("stores what was given, audited", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const stage = await addStage(orgA.ctx.owner, addStageSchema.parse({ streamId: stream.id, name: "Assembly" }));
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, {
      key: " mkt-7 ",
      name: "On-time delivery",
      description: "Share of orders delivered by the promised date",
      kind: "outcome",
      unit: "%",
      direction: "increase",
      baseline: "82",
      target: "96",
      weight: "2",
      cadence: "week",
      stageId: stage.id,
      teamId: orgA.teams.production.id,
      ownerId: orgA.users.member.id,
    });
    expect(kpi).toMatchObject({
      orgId: orgA.org.id,
      streamId: stream.id,
      key: "MKT-7",
      name: "On-time delivery",
      description: "Share of orders delivered by the promised date",
      kind: "outcome",
      unit: "%",
      direction: "increase",
      baseline: 82,
      target: 96,
      weight: 2,
      cadence: "week",
      stageId: stage.id,
      teamId: orgA.teams.production.id,
      ownerId: orgA.users.member.id,
      archivedAt: null,
    });
    expect((await auditEntries(orgA.org.id, "kpi.created")).map((e) => [e.targetId, e.data])).toEqual([
      [kpi.id, { key: "MKT-7", name: "On-time delivery", kind: "outcome" }],
    ]);
    const view = await getKpi(orgA.ctx.viewer, kpi.id);
    expect(view).toMatchObject({
      teamName: "Production",
      stageName: "Assembly",
      ownerName: orgA.users.member.name,
      streamName: stream.name,
    });
  });

  test.each([["PRD-1"], ["prd-1"], ["Prd-1"], [" prd-1 "]])(
    "an explicit key %j that exists (in any case) is a conflict on key, and nothing is written",
    async (key) => {
      const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
      await createTestKpi(orgA.ctx.owner, stream.id, { key: "PRD-1" });
      const error = await expectAppError(createTestKpi(orgA.ctx.owner, stream.id, { key }), "conflict");
      expect(Object.keys(error.fields ?? {})).toEqual(["key"]);
      expect(await orgKpis(orgA.org.id)).toHaveLength(1);
      expect(await auditEntries(orgA.org.id, "kpi.created")).toHaveLength(1);
    },
  );

  test("a key used by another organisation is free here", async () => {
    const inB = await createTestStream(orgB.ctx.owner, { kind: "sales" });
    await createTestKpi(orgB.ctx.owner, inB.id, { key: "SAL-9" });
    const stream = await createTestStream(orgA.ctx.owner, { kind: "sales" });
    expect((await createTestKpi(orgA.ctx.owner, stream.id, { key: "sal-9" })).key).toBe("SAL-9");
  });

  test.each<
    [
      string,
      (ids: { otherStage: string; stageB: string; teamB: string; ownerB: string }) => Record<string, string>,
      string,
    ]
  >([
    ["a stage of another stream", (ids) => ({ stageId: ids.otherStage }), "stageId"],
    ["a stage of org B", (ids) => ({ stageId: ids.stageB }), "stageId"],
    ["a team of org B", (ids) => ({ teamId: ids.teamB }), "teamId"],
    ["an owner from org B", (ids) => ({ ownerId: ids.ownerB }), "ownerId"],
  ])("%s is a validation error on that field, and nothing is written", async (_label, refs, field) => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const other = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const otherStage = await addStage(orgA.ctx.owner, addStageSchema.parse({ streamId: other.id, name: "Elsewhere" }));
    const inB = await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
    const stageB = (await getStream(orgB.ctx.owner, inB.id)).stages[0]!.id;
    const input = refs({
      otherStage: otherStage.id,
      stageB,
      teamB: orgB.teams.production.id,
      ownerB: orgB.users.owner.id,
    });

    const error = await expectAppError(createTestKpi(orgA.ctx.owner, stream.id, input), "validation");
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
    expect(await orgKpis(orgA.org.id)).toEqual([]);

    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, { name: "Before" });
    const onUpdate = await expectAppError(update(orgA.ctx.owner, kpi.id, { name: "After", ...input }), "validation");
    expect(Object.keys(onUpdate.fields ?? {})).toEqual([field]);
    expect((await getKpi(orgA.ctx.owner, kpi.id)).name).toBe("Before");
  });

  test("a stream of org B is not found", async () => {
    const inB = await createTestStream(orgB.ctx.owner, { kind: "production" });
    await expectAppError(createTestKpi(orgA.ctx.owner, inB.id), "not_found");
    expect(await orgKpis(orgB.org.id)).toEqual([]);
  });
});

describe("the direction must agree with baseline and target", () => {
  const base = {
    streamId: "00000000-0000-4000-8000-000000000000",
    name: "X",
    kind: "output",
    unit: "",
    cadence: "month",
  };

  test.each<[string, number | string, number | string, boolean]>([
    ["increase", 10, 20, true],
    ["increase", 10, 10, true],
    ["increase", "", 5, true],
    ["increase", 20, 10, false],
    ["increase", 0, -1, false],
    ["decrease", 20, 10, true],
    ["decrease", 10, 10, true],
    ["decrease", "", 50, true],
    ["decrease", 10, 20, false],
    ["decrease", -5, 0, false],
  ])("%s from %j to %j: valid = %s", (direction, baseline, target, valid) => {
    for (const [schema, id] of [
      [createKpiSchema, { streamId: base.streamId }],
      [updateKpiSchema, { kpiId: base.streamId }],
    ] as const) {
      const result = schema.safeParse({ ...base, ...id, direction, baseline, target });
      expect(result.success).toBe(valid);
      if (!valid) {
        expect(result.error!.issues).toHaveLength(1);
        expect(result.error!.issues[0]).toMatchObject({ path: ["target"] });
        expect(result.error!.issues[0]!.message).toMatch(
          direction === "increase" ? /below the baseline/ : /above the baseline/,
        );
      }
    }
  });
});

describe("updateKpi", () => {
  test("changes the KPI and audits from and to", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id, { name: "Old" });
    await update(orgA.ctx.owner, kpi.id, {
      key: "prd-99",
      name: "New",
      direction: "decrease",
      baseline: 30,
      target: 5,
      weight: 3,
      cadence: "quarter",
      teamId: orgA.teams.delivery.id,
    });
    expect(await getKpi(orgA.ctx.owner, "PRD-99")).toMatchObject({
      id: kpi.id,
      key: "PRD-99",
      name: "New",
      direction: "decrease",
      baseline: 30,
      target: 5,
      weight: 3,
      cadence: "quarter",
      teamId: orgA.teams.delivery.id,
    });
    expect((await auditEntries(orgA.org.id, "kpi.updated")).map((e) => e.data)).toEqual([
      {
        from: {
          key: "PRD-1",
          name: "Old",
          kind: "output",
          direction: "increase",
          baseline: 10,
          target: 20,
          weight: 1,
          cadence: "month",
        },
        to: {
          key: "PRD-99",
          name: "New",
          kind: "output",
          direction: "decrease",
          baseline: 30,
          target: 5,
          weight: 3,
          cadence: "quarter",
          targetDate: null,
          planStart: null,
        },
        validFrom: todayIso(),
      },
    ]);
  });

  test("without a key the KPI keeps its key; another KPI's key is a conflict", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const kpi = await createTestKpi(orgA.ctx.owner, stream.id);
    await createTestKpi(orgA.ctx.owner, stream.id);
    await update(orgA.ctx.owner, kpi.id, { key: "", name: "Renamed" });
    expect(await getKpi(orgA.ctx.owner, kpi.id)).toMatchObject({ key: "PRD-1", name: "Renamed" });
    const error = await expectAppError(update(orgA.ctx.owner, kpi.id, { key: "prd-2", name: "Clash" }), "conflict");
    expect(Object.keys(error.fields ?? {})).toEqual(["key"]);
    expect(await getKpi(orgA.ctx.owner, kpi.id)).toMatchObject({ key: "PRD-1", name: "Renamed" });
  });

  test("turning an output KPI into an outcome drops what it drove; an outcome turned output loses its drivers", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "sales", template: "sales" });
    // SAL-1 (output) drives SAL-4 and SAL-5; SAL-2 drives SAL-4 (SAL-3, deals won, is the win rate's input).
    expect((await getKpi(orgA.ctx.owner, "SAL-1")).drives.map((k) => k.key)).toEqual(["SAL-4", "SAL-5"]);
    const sal1 = await getKpi(orgA.ctx.owner, "SAL-1");
    await update(orgA.ctx.owner, sal1.id, { name: sal1.name, kind: "outcome" });
    expect((await getKpi(orgA.ctx.owner, "SAL-1")).drives).toEqual([]);
    expect((await getKpi(orgA.ctx.owner, "SAL-4")).drivenBy.map((k) => k.key)).toEqual(["SAL-2"]);

    const sal4 = await getKpi(orgA.ctx.owner, "SAL-4");
    await update(orgA.ctx.owner, sal4.id, { name: sal4.name, kind: "output" });
    expect((await getKpi(orgA.ctx.owner, "SAL-2")).drives).toEqual([]);
    expect((await getStream(orgA.ctx.owner, stream.id)).kpis.map((k) => [k.key, k.kind])).toEqual([
      ["SAL-2", "output"],
      ["SAL-4", "output"],
      ["SAL-1", "outcome"],
      ["SAL-3", "outcome"],
      ["SAL-5", "outcome"],
    ]);
  });

  test.each([
    ["a NUL", "PRD\u0000-1"],
    ["a lone surrogate", "PRD-\uD800"],
    ["no key's shape", "not a key"],
  ])("a reference with %s is not found, without reaching Postgres", async (_label, ref) => {
    await expectAppError(getKpi(orgA.ctx.owner, ref), "not_found");
  });

  test("another organisation's KPI is not found and stays as it was", async () => {
    await createTestStream(orgB.ctx.owner, { name: "", kind: "retention", template: "retention" });
    const kpiB = await getKpi(orgB.ctx.owner, "RET-1");
    await expectAppError(update(orgA.ctx.owner, kpiB.id, { name: "Taken" }), "not_found");
    for (const ref of [kpiB.id, "RET-1", "ret-1"]) {
      await expectAppError(setKpiArchived(orgA.ctx.owner, { kpiId: ref }, true), "not_found");
      await expectAppError(deleteKpi(orgA.ctx.owner, { kpiId: ref }), "not_found");
    }
    expect(await getKpi(orgB.ctx.owner, kpiB.id)).toMatchObject({ name: kpiB.name, archivedAt: null });
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });
});

describe("archive, restore and delete", () => {
  test("an archived KPI leaves the counts and the outcome list; restored it is back", async () => {
    await createTestStream(orgA.ctx.owner, { name: "", kind: "marketing", template: "marketing" });
    await createTestStream(orgB.ctx.owner, { name: "", kind: "marketing", template: "marketing" });
    expect((await listOutcomeKpis(orgA.ctx.viewer)).map((k) => k.key)).toEqual(["MKT-3", "MKT-4"]);
    await setKpiArchived(orgA.ctx.owner, { kpiId: "MKT-3" }, true);
    expect((await getKpi(orgA.ctx.viewer, "MKT-3")).archivedAt).toBeInstanceOf(Date);
    expect((await listOutcomeKpis(orgA.ctx.viewer)).map((k) => k.key)).toEqual(["MKT-4"]);
    // Six KPIs in the template (spend and cost per MQL with them), one archived.
    expect((await listStreams(orgA.ctx.viewer))[0]!.kpiCount).toBe(5);
    await setKpiArchived(orgA.ctx.owner, { kpiId: "mkt-3" }, false);
    expect((await getKpi(orgA.ctx.viewer, "MKT-3")).archivedAt).toBeNull();
    expect((await listOutcomeKpis(orgA.ctx.viewer)).map((k) => k.key)).toEqual(["MKT-3", "MKT-4"]);
    expect(
      (await auditEntries(orgA.org.id)).filter((e) => e.action.startsWith("kpi.")).map((e) => [e.action, e.data]),
    ).toEqual([
      ["kpi.archived", { key: "MKT-3" }],
      ["kpi.restored", { key: "MKT-3" }],
    ]);
    // B's KPIs were not touched.
    expect((await listOutcomeKpis(orgB.ctx.viewer)).map((k) => k.key)).toEqual(["MKT-3", "MKT-4"]);
  });

  test("deleteKpi removes it with its links and values; B's KPI of the same key stays", async () => {
    await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-1", date: "2026-03-04", value: 100 });
    await recordMeasurement(orgB.ctx.owner, { kpiId: "PRD-1", date: "2026-03-04", value: 100 });
    const deleted = await deleteKpi(orgA.ctx.owner, { kpiId: "prd-1" });
    expect(deleted.key).toBe("PRD-1");
    await expectAppError(getKpi(orgA.ctx.owner, "PRD-1"), "not_found");
    expect((await getKpi(orgA.ctx.owner, "PRD-4")).drivenBy).toEqual([]);
    expect(await measurementCount(orgA.org.id)).toBe(0);
    expect(await links(orgA.org.id)).toHaveLength(1); // PRD-2 → PRD-5
    expect((await getKpi(orgB.ctx.owner, "PRD-1")).drives.map((k) => k.key)).toEqual(["PRD-4", "PRD-5"]);
    expect(await measurementCount(orgB.org.id)).toBe(1);
    expect((await auditEntries(orgA.org.id, "kpi.deleted")).map((e) => e.data)).toEqual([
      { key: "PRD-1", name: "Units produced" },
    ]);
  });
});

describe("linking KPIs", () => {
  test("an output KPI drives outcome KPIs; linking twice adds one link; unlinking removes it", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const other = await createTestStream(orgA.ctx.owner, { kind: "sales" });
    const output = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "output" });
    const outcome = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "outcome" });
    const elsewhere = await createTestKpi(orgA.ctx.owner, other.id, { kind: "outcome" });

    await linkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: outcome.id });
    await linkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: outcome.id });
    // An outcome of another stream of the organisation may be driven too.
    await linkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: elsewhere.id });
    expect(await links(orgA.org.id)).toEqual([`${output.id}>${outcome.id}`, `${output.id}>${elsewhere.id}`].sort());
    expect((await getKpi(orgA.ctx.viewer, output.id)).drives.map((k) => k.id).sort()).toEqual(
      [outcome.id, elsewhere.id].sort(),
    );
    expect((await getKpi(orgA.ctx.viewer, outcome.id)).drivenBy.map((k) => k.id)).toEqual([output.id]);
    expect(await auditEntries(orgA.org.id, "kpi.linked")).toHaveLength(2);

    await unlinkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: outcome.id });
    expect(await links(orgA.org.id)).toEqual([`${output.id}>${elsewhere.id}`]);
    await expectAppError(unlinkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: outcome.id }), "not_found");
    expect((await auditEntries(orgA.org.id, "kpi.unlinked")).map((e) => [e.targetId, e.data])).toEqual([
      [output.id, { outcomeKpiId: outcome.id }],
    ]);
  });

  test("only output → outcome: other pairs are validation errors naming the wrong side", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const out1 = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "output" });
    const out2 = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "output" });
    const res1 = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "outcome" });
    const res2 = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "outcome" });
    for (const [outputKpiId, outcomeKpiId, field] of [
      [res1.id, res2.id, "outputKpiId"],
      [res1.id, out1.id, "outputKpiId"],
      [out1.id, out2.id, "outcomeKpiId"],
    ] as const) {
      const error = await expectAppError(linkKpis(orgA.ctx.owner, { outputKpiId, outcomeKpiId }), "validation");
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
    }
    expect(await links(orgA.org.id)).toEqual([]);
  });

  test("a KPI of org B on either side is not found, and nothing is linked", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { kind: "production" });
    const output = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "output" });
    const outcome = await createTestKpi(orgA.ctx.owner, stream.id, { kind: "outcome" });
    const inB = await createTestStream(orgB.ctx.owner, { kind: "production" });
    const outputB = await createTestKpi(orgB.ctx.owner, inB.id, { kind: "output", key: "ZZ-1" });
    const outcomeB = await createTestKpi(orgB.ctx.owner, inB.id, { kind: "outcome", key: "ZZ-2" });
    await linkKpis(orgB.ctx.owner, { outputKpiId: outputB.id, outcomeKpiId: outcomeB.id });

    await expectAppError(linkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: outcomeB.id }), "not_found");
    await expectAppError(linkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: "ZZ-2" }), "not_found");
    await expectAppError(linkKpis(orgA.ctx.owner, { outputKpiId: outputB.id, outcomeKpiId: outcome.id }), "not_found");
    await expectAppError(
      unlinkKpis(orgA.ctx.owner, { outputKpiId: outputB.id, outcomeKpiId: outcomeB.id }),
      "not_found",
    );
    // A's own output with B's outcome: no such link in A.
    await expectAppError(
      unlinkKpis(orgA.ctx.owner, { outputKpiId: output.id, outcomeKpiId: outcomeB.id }),
      "not_found",
    );
    expect(await links(orgA.org.id)).toEqual([]);
    expect(await links(orgB.org.id)).toEqual([`${outputB.id}>${outcomeB.id}`]);
  });
});

describe("getKpi", () => {
  test("finds a KPI by id and by key in any case; B's keys and ids are not found", async () => {
    await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    await createTestStream(orgB.ctx.owner, { name: "", kind: "sales", template: "sales" });
    const byKey = await getKpi(orgA.ctx.viewer, "PRD-3");
    expect(byKey).toMatchObject({
      key: "PRD-3",
      name: "Machine uptime",
      orgId: orgA.org.id,
      streamName: "Production line",
    });
    for (const ref of [byKey.id, byKey.id.toUpperCase(), "prd-3", "Prd-3", "  PRD-3 "]) {
      expect((await getKpi(orgA.ctx.viewer, ref)).id).toBe(byKey.id);
    }
    const kpiB = await getKpi(orgB.ctx.viewer, "SAL-1");
    for (const ref of ["SAL-1", "sal-1", kpiB.id, "PRD-99", "", "not a key", "00000000-0000-4000-8000-000000000000"]) {
      await expectAppError(getKpi(orgA.ctx.viewer, ref), "not_found");
    }
  });

  test("lists measurements newest first, only the KPI's own", async () => {
    await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-4", date: "2026-01-15", value: 85 });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-4", date: "2026-02-15", value: 88, note: "better" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-5", date: "2026-02-15", value: 3 });
    await recordMeasurement(orgB.ctx.owner, { kpiId: "PRD-4", date: "2026-03-15", value: 50 });
    expect((await getKpi(orgA.ctx.viewer, "PRD-4")).measurements.map((m) => [m.period, m.value, m.note])).toEqual([
      ["2026-02-01", 88, "better"],
      ["2026-01-01", 85, null],
    ]);
  });

  test("says who may edit the KPI and who may record values for it, by role, team and stream owner", async () => {
    const poStream = await createTestStream(orgA.ctx.process_owner, { kind: "production" });
    const adminStream = await createTestStream(orgA.ctx.admin, { kind: "production" });
    const cases = [
      // [stream, team] → what each role may do (canRecord).
      [
        poStream.id,
        orgA.teams.delivery.id,
        { owner: true, admin: true, process_owner: true, member: false, viewer: false },
      ],
      [poStream.id, undefined, { owner: true, admin: true, process_owner: true, member: false, viewer: false }],
      [
        adminStream.id,
        orgA.teams.production.id,
        { owner: true, admin: true, process_owner: true, member: true, viewer: false },
      ],
      [
        adminStream.id,
        orgA.teams.delivery.id,
        { owner: true, admin: true, process_owner: false, member: false, viewer: false },
      ],
      [adminStream.id, undefined, { owner: true, admin: true, process_owner: false, member: false, viewer: false }],
    ] as const;
    for (const [streamId, teamId, expected] of cases) {
      const kpi = await createTestKpi(orgA.ctx.owner, streamId, teamId ? { teamId } : {});
      const canRecord = Object.fromEntries(
        await Promise.all(
          (Object.keys(orgA.ctx) as Role[]).map(async (role) => [
            role,
            (await getKpi(orgA.ctx[role], kpi.id)).canRecord,
          ]),
        ),
      );
      expect(canRecord, `stream ${streamId === poStream.id ? "PO's" : "admin's"}, team ${teamId ?? "none"}`).toEqual(
        expected,
      );
      const editable = Object.fromEntries(
        await Promise.all(
          (Object.keys(orgA.ctx) as Role[]).map(async (role) => [
            role,
            (await getKpi(orgA.ctx[role], kpi.id)).editable,
          ]),
        ),
      );
      expect(editable).toEqual({
        owner: true,
        admin: true,
        process_owner: streamId === poStream.id,
        member: false,
        viewer: false,
      });
    }
  });
});

describe("who may change KPIs", () => {
  test.each(["member", "viewer"] as Role[])(
    "a %s may not create, change, archive, link or delete KPIs",
    async (role) => {
      const ctx = orgA.ctx[role];
      const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
      const before = await orgKpis(orgA.org.id);
      const prd1 = await getKpi(ctx, "PRD-1");
      await expectAppError(createTestKpi(ctx, stream.id), "forbidden");
      await expectAppError(update(ctx, prd1.id, { name: "Changed" }), "forbidden");
      await expectAppError(setKpiArchived(ctx, { kpiId: "PRD-1" }, true), "forbidden");
      await expectAppError(deleteKpi(ctx, { kpiId: "PRD-1" }), "forbidden");
      await expectAppError(linkKpis(ctx, { outputKpiId: "PRD-3", outcomeKpiId: "PRD-4" }), "forbidden");
      await expectAppError(unlinkKpis(ctx, { outputKpiId: "PRD-1", outcomeKpiId: "PRD-4" }), "forbidden");
      expect(await orgKpis(orgA.org.id)).toEqual(before);
      expect(await links(orgA.org.id)).toHaveLength(3);
    },
  );

  test("a process owner manages the KPIs of their own streams only", async () => {
    const po = orgA.ctx.process_owner;
    const own = await createTestStream(po, { kind: "production" });
    const others = await createTestStream(orgA.ctx.admin, { kind: "sales" });
    const mine = await createTestKpi(po, own.id, { kind: "output" });
    const theirs = await createTestKpi(orgA.ctx.admin, others.id, { kind: "output" });
    const theirOutcome = await createTestKpi(orgA.ctx.admin, others.id, { kind: "outcome" });

    await update(po, mine.id, { name: "Mine, renamed" });
    // Their own output may drive an outcome of someone else's stream.
    await linkKpis(po, { outputKpiId: mine.id, outcomeKpiId: theirOutcome.id });
    await expectAppError(createTestKpi(po, others.id), "forbidden");
    await expectAppError(update(po, theirs.id, { name: "Taken" }), "forbidden");
    await expectAppError(setKpiArchived(po, { kpiId: theirs.id }, true), "forbidden");
    await expectAppError(deleteKpi(po, { kpiId: theirs.id }), "forbidden");
    await expectAppError(linkKpis(po, { outputKpiId: theirs.id, outcomeKpiId: theirOutcome.id }), "forbidden");
    expect(await getKpi(po, theirs.id)).toMatchObject({ name: theirs.name, archivedAt: null });
    await deleteKpi(po, { kpiId: mine.id });
    expect(await links(orgA.org.id)).toEqual([]);
  });
});
