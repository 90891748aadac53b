import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb, queryCount } from "@/db/client";
import { kpiLinks, kpis, measurements, resources, stages, valueStreams } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { getKpi, setKpiArchived } from "@/lib/data/kpis";
import { recordMeasurement } from "@/lib/data/measurements";
import {
  createStream,
  deleteStream,
  getStream,
  listStreamOwnerCandidates,
  listStreams,
  setStreamArchived,
  updateStream,
} from "@/lib/data/streams";
import type { OrgContext } from "@/lib/auth/org-context";
import { streamTemplates } from "@/lib/templates";
import { createStreamSchema, updateStreamSchema } from "@/lib/validations/stream";
import {
  addMembership,
  auditEntries,
  createTenants,
  createTestKpi,
  createTestStream,
  createUser,
  expectAppError,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

type UpdateInput = Parameters<typeof updateStreamSchema.parse>[0];
const update = (ctx: OrgContext, streamId: string, fields: Record<string, unknown>) =>
  updateStream(ctx, updateStreamSchema.parse({ streamId, ...fields } satisfies UpdateInput));

const templateKinds = Object.keys(streamTemplates) as (keyof typeof streamTemplates)[];

/** Everything stored for one stream, read straight from the tables. */
async function storedStream(streamId: string) {
  const db = await getDb();
  const stageRows = await db.select().from(stages).where(eq(stages.streamId, streamId)).orderBy(stages.position);
  const resourceRows = stageRows.length
    ? await db
        .select()
        .from(resources)
        .where(
          inArray(
            resources.stageId,
            stageRows.map((s) => s.id),
          ),
        )
    : [];
  const kpiRows = await db.select().from(kpis).where(eq(kpis.streamId, streamId));
  const linkRows = kpiRows.length
    ? await db
        .select()
        .from(kpiLinks)
        .where(
          inArray(
            kpiLinks.outputKpiId,
            kpiRows.map((k) => k.id),
          ),
        )
    : [];
  return { stageRows, resourceRows, kpiRows, linkRows };
}

describe("createStream", () => {
  test("a blank stream: no stages, resources or KPIs; demand as given; the creator is the default owner", async () => {
    const stream = await createStream(
      orgA.ctx.admin,
      createStreamSchema.parse({
        name: "  Field service  ",
        kind: "support",
        customerNeed: "Machines run again",
        demandAmount: "35",
        demandUnit: "visits",
        demandPeriod: "week",
      }),
    );
    expect(stream).toMatchObject({
      orgId: orgA.org.id,
      name: "Field service",
      kind: "support",
      customerNeed: "Machines run again",
      demandAmount: 35,
      demandUnit: "visits",
      demandPeriod: "week",
      ownerId: orgA.users.admin.id,
      archivedAt: null,
    });
    const stored = await storedStream(stream.id);
    expect(stored).toEqual({ stageRows: [], resourceRows: [], kpiRows: [], linkRows: [] });
    const view = await getStream(orgA.ctx.viewer, stream.id);
    expect(view.stages).toEqual([]);
    expect(view.assessment.bottleneck).toBeNull();
    expect(view.owner).toEqual({ name: orgA.users.admin.name, email: orgA.users.admin.email });
    expect((await auditEntries(orgA.org.id, "stream.created")).map((e) => [e.actorUserId, e.targetId, e.data])).toEqual(
      [[orgA.users.admin.id, stream.id, { name: "Field service", template: null }]],
    );
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test("a blank stream needs a name; a template stream takes the template's", () => {
    expect(createStreamSchema.safeParse({ name: "", kind: "custom" }).error?.issues.map((i) => i.path)).toEqual([
      ["name"],
    ]);
    expect(createStreamSchema.parse({ name: "", kind: "production", template: "production" }).name).toBeUndefined();
  });

  test.each(templateKinds)(
    "from the %s template: its stages, resources, KPIs with keys and output→outcome links",
    async (kind) => {
      const template = streamTemplates[kind]!;
      const stream = await createTestStream(orgA.ctx.owner, { name: "", kind, template: kind });
      expect(stream).toMatchObject({
        name: template.name,
        kind: template.kind,
        customerNeed: template.customerNeed,
        demandAmount: template.demand.amount,
        demandUnit: template.demand.unit,
        demandPeriod: template.demand.period,
      });

      const { stageRows, resourceRows, kpiRows, linkRows } = await storedStream(stream.id);
      expect(stageRows.map((s) => [s.position, s.name, s.input, s.output, s.orgId])).toEqual(
        template.stages.map((s, i) => [i, s.name, s.input, s.output, orgA.org.id]),
      );
      for (const [i, stage] of template.stages.entries()) {
        const own = resourceRows.filter((r) => r.stageId === stageRows[i]!.id);
        expect(
          own
            .map((r) => ({
              kind: r.kind,
              name: r.name,
              quantity: r.quantity,
              rate: r.rate,
              availability: r.availability,
            }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        ).toEqual([...stage.resources].sort((a, b) => a.name.localeCompare(b.name)));
        expect(own.every((r) => r.orgId === orgA.org.id)).toBe(true);
      }

      // Keys PRD-1, PRD-2… in the template's order.
      const byKey = new Map(kpiRows.map((k) => [k.key, k]));
      expect([...byKey.keys()].sort()).toEqual(template.kpis.map((_, i) => `${template.keyPrefix}-${i + 1}`).sort());
      for (const [i, t] of template.kpis.entries()) {
        const kpi = byKey.get(`${template.keyPrefix}-${i + 1}`)!;
        expect(kpi).toMatchObject({
          orgId: orgA.org.id,
          name: t.name,
          kind: t.kind,
          unit: t.unit,
          direction: t.direction,
          baseline: t.baseline,
          target: t.target,
          weight: t.weight ?? 1,
          cadence: t.cadence,
          stageId: t.stage === undefined ? null : stageRows[t.stage]!.id,
          ownerId: orgA.users.owner.id,
        });
      }
      const idOf = new Map(kpiRows.map((k) => [k.name, k.id]));
      const expectedLinks = template.kpis.flatMap((k) =>
        (k.drives ?? []).map((d) => `${idOf.get(k.name)}>${idOf.get(d)}`),
      );
      expect(expectedLinks.length).toBeGreaterThan(0);
      expect(linkRows.map((l) => `${l.outputKpiId}>${l.outcomeKpiId}`).sort()).toEqual(expectedLinks.sort());
      // Every link goes from an output KPI to an outcome KPI of the same stream.
      const kindOf = new Map(kpiRows.map((k) => [k.id, k.kind]));
      for (const link of linkRows) {
        expect([kindOf.get(link.outputKpiId), kindOf.get(link.outcomeKpiId), link.orgId]).toEqual([
          "output",
          "outcome",
          orgA.org.id,
        ]);
      }
      // The template has both output and outcome KPIs.
      expect(new Set(kpiRows.map((k) => k.kind))).toEqual(new Set(["output", "outcome"]));
      expect((await auditEntries(orgA.org.id, "stream.created")).map((e) => e.data)).toEqual([
        { name: template.name, template: kind },
      ]);
    },
  );

  test("the production template: links and capacity by hand", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    const units = await getKpi(orgA.ctx.viewer, "prd-1");
    expect(units.name).toBe("Units produced");
    expect(units.drives.map((k) => [k.key, k.name])).toEqual([
      ["PRD-4", "On-time delivery"],
      ["PRD-5", "Customer returns"],
    ]);
    expect((await getKpi(orgA.ctx.viewer, "PRD-5")).drivenBy.map((k) => k.key)).toEqual(["PRD-1", "PRD-2"]);

    const view = await getStream(orgA.ctx.viewer, stream.id);
    // 120 orders a week; Assembly has 6 fitters × 15 × 1 = 90: it is the bottleneck, 30 short, 2 fitters more.
    // Machining counts machined parts (3 an order), Shipping shipments (2 orders each).
    expect(view.assessment.stages.map((s) => [s.name, s.unit, s.capacity, s.capacityInStreamUnits])).toEqual([
      ["Raw material", null, 162, 162],
      ["Machining", "machined parts", 382.5, 127.5],
      ["Assembly", null, 90, 90],
      ["Quality", null, 144, 144],
      ["Shipping", "shipments", 90, 180],
    ]);
    expect(view.assessment.bottleneck).toMatchObject({ name: "Assembly", shortfall: 30, extraNeeded: 2 });
    expect(view.assessment.pace).toBe(90);
  });

  test.each(templateKinds)("a second %s stream continues the key numbering", async (kind) => {
    const template = streamTemplates[kind]!;
    const n = template.kpis.length;
    await createTestStream(orgA.ctx.owner, { name: "", kind, template: kind });
    const second = await createTestStream(orgA.ctx.owner, { name: "Second", kind, template: kind });
    expect(second.name).toBe("Second");
    const keys = (await storedStream(second.id)).kpiRows.map((k) => k.key).sort();
    expect(keys).toEqual(Array.from({ length: n }, (_, i) => `${template.keyPrefix}-${n + i + 1}`).sort());
  });

  test("key numbering follows the highest number in the organisation, and each organisation numbers its own", async () => {
    const custom = await createTestStream(orgA.ctx.owner, { kind: "production" });
    await createTestKpi(orgA.ctx.owner, custom.id, { key: "prd-41" });
    await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    expect((await storedStream(stream.id)).kpiRows.map((k) => k.key).sort()).toEqual([
      "PRD-42",
      "PRD-43",
      "PRD-44",
      "PRD-45",
      "PRD-46",
    ]);
    const inB = await listStreams(orgB.ctx.viewer);
    expect(inB).toHaveLength(1);
    expect((await storedStream(inB[0]!.id)).kpiRows.map((k) => k.key).sort()).toEqual([
      "PRD-1",
      "PRD-2",
      "PRD-3",
      "PRD-4",
      "PRD-5",
    ]);
  });

  test("a template stream keeps a name and demand given with it", async () => {
    const stream = await createTestStream(orgA.ctx.owner, {
      name: "Line 2",
      kind: "production",
      template: "production",
      demandAmount: 200,
      demandUnit: "units",
      demandPeriod: "day",
    });
    expect(stream).toMatchObject({ name: "Line 2", demandAmount: 200, demandUnit: "units", demandPeriod: "day" });
  });
});

describe("listStreams", () => {
  test("only the organisation's streams, by name, with stage and KPI counts and the bottleneck", async () => {
    const production = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    const blank = await createTestStream(orgA.ctx.owner, { name: "a blank one", kind: "custom" });
    const inB = await createTestStream(orgB.ctx.owner, { name: "", kind: "sales", template: "sales" });
    await createTestStream(orgB.ctx.owner, { name: "B's blank", kind: "custom" });

    const list = await listStreams(orgA.ctx.viewer);
    expect(
      list.map((s) => [s.id, s.name, s.stageCount, s.kpiCount, s.assessment.bottleneck?.name ?? null, s.ownerName]),
    ).toEqual([
      [blank.id, "a blank one", 0, 0, null, orgA.users.owner.name],
      [production.id, "Production line", 5, 5, "Assembly", orgA.users.owner.name],
    ]);
    expect(list.map((s) => s.id)).not.toContain(inB.id);
    const listB = await listStreams(orgB.ctx.viewer);
    expect(listB.map((s) => [s.name, s.stageCount, s.kpiCount])).toEqual([
      ["B's blank", 0, 0],
      ["Sales", 3, 5],
    ]);
  });

  test("KPI counts leave archived KPIs out", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "sales", template: "sales" });
    await setKpiArchived(orgA.ctx.owner, { kpiId: "SAL-1" }, true);
    expect((await listStreams(orgA.ctx.owner)).find((s) => s.id === stream.id)?.kpiCount).toBe(4);
  });

  test("archived streams are listed apart, and come back when restored", async () => {
    const kept = await createTestStream(orgA.ctx.owner, { name: "Kept" });
    const archived = await createTestStream(orgA.ctx.owner, { name: "Old" });
    await createTestStream(orgB.ctx.owner, { name: "B archived" }).then((s) =>
      setStreamArchived(orgB.ctx.owner, { streamId: s.id }, true),
    );

    await setStreamArchived(orgA.ctx.owner, { streamId: archived.id }, true);
    expect((await listStreams(orgA.ctx.viewer)).map((s) => s.id)).toEqual([kept.id]);
    const archivedList = await listStreams(orgA.ctx.viewer, { archived: true });
    expect(archivedList.map((s) => s.id)).toEqual([archived.id]);
    expect(archivedList[0]!.archivedAt).toBeInstanceOf(Date);
    // An archived stream still opens.
    expect((await getStream(orgA.ctx.viewer, archived.id)).archivedAt).toBeInstanceOf(Date);

    await setStreamArchived(orgA.ctx.owner, { streamId: archived.id }, false);
    expect((await listStreams(orgA.ctx.viewer)).map((s) => s.id).sort()).toEqual([kept.id, archived.id].sort());
    expect(await listStreams(orgA.ctx.viewer, { archived: true })).toEqual([]);
    expect((await auditEntries(orgA.org.id)).filter((e) => e.targetId === archived.id).map((e) => e.action)).toEqual([
      "stream.created",
      "stream.archived",
      "stream.restored",
    ]);
  });

  test("takes the same number of queries for one stream as for five", async () => {
    await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    let before = queryCount();
    await listStreams(orgA.ctx.viewer);
    const one = queryCount() - before;
    for (const kind of ["delivery", "marketing", "sales", "retention"] as const) {
      await createTestStream(orgA.ctx.owner, { name: "", kind, template: kind });
    }
    before = queryCount();
    expect(await listStreams(orgA.ctx.viewer)).toHaveLength(5);
    expect(queryCount() - before).toBe(one);
  });

  test("an empty organisation lists nothing", async () => {
    await createTestStream(orgB.ctx.owner);
    expect(await listStreams(orgA.ctx.viewer)).toEqual([]);
    expect(await listStreams(orgA.ctx.viewer, { archived: true })).toEqual([]);
  });
});

describe("getStream", () => {
  test("another organisation's stream is not found, for every role", async () => {
    const inB = await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
    for (const ctx of Object.values(orgA.ctx)) await expectAppError(getStream(ctx, inB.id), "not_found");
    await expectAppError(getStream(orgA.ctx.owner, "00000000-0000-4000-8000-000000000000"), "not_found");
  });

  test("shows stages with their resources in order, the KPIs, and whether the viewer may edit", async () => {
    const stream = await createTestStream(orgA.ctx.process_owner, {
      name: "",
      kind: "marketing",
      template: "marketing",
    });
    const view = await getStream(orgA.ctx.member, stream.id);
    expect(view.stages.map((s) => [s.position, s.name, s.resources.map((r) => r.name)])).toEqual([
      [0, "Plan campaigns", ["Marketers"]],
      [1, "Produce content", ["Content writers", "Writing assistant"]],
      [2, "Generate leads", ["Marketing automation"]],
    ]);
    expect(view.kpis.map((k) => [k.kind, k.key])).toEqual([
      ["output", "MKT-1"],
      ["output", "MKT-2"],
      ["output", "MKT-5"],
      ["output", "MKT-6"],
      ["outcome", "MKT-3"],
      ["outcome", "MKT-4"],
    ]);
    const editable = Object.fromEntries(
      await Promise.all(
        Object.entries(orgA.ctx).map(async ([role, ctx]) => [role, (await getStream(ctx, stream.id)).editable]),
      ),
    );
    expect(editable).toEqual({ owner: true, admin: true, process_owner: true, member: false, viewer: false });
  });
});

describe("updateStream", () => {
  test("changes the fields, clears emptied ones, and is audited", async () => {
    const stream = await createTestStream(orgA.ctx.admin, {
      name: "Before",
      kind: "custom",
      customerNeed: "need",
      demandAmount: 10,
      demandUnit: "u",
    });
    await update(orgA.ctx.admin, stream.id, {
      name: "After",
      kind: "support",
      customerNeed: "",
      demandAmount: "",
      demandUnit: "",
      demandPeriod: "month",
    });
    expect(await getStream(orgA.ctx.viewer, stream.id)).toMatchObject({
      name: "After",
      kind: "support",
      customerNeed: null,
      demandAmount: null,
      demandUnit: null,
      demandPeriod: "month",
      ownerId: orgA.users.admin.id,
    });
    expect((await auditEntries(orgA.org.id, "stream.updated")).map((e) => [e.actorUserId, e.targetId, e.data])).toEqual(
      [[orgA.users.admin.id, stream.id, { name: "After" }]],
    );
  });

  test("changing demand changes the capacity figures", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    await update(orgA.ctx.owner, stream.id, {
      name: "Production line",
      kind: "production",
      demandAmount: 80,
      demandUnit: "orders",
    });
    const view = await getStream(orgA.ctx.viewer, stream.id);
    expect(view.assessment.bottleneck).toMatchObject({ name: "Assembly", shortfall: 0, extraNeeded: 0 });
    expect(view.assessment.pace).toBe(80);
  });

  test("an admin hands the stream to a process owner; afterwards the process owner may edit it", async () => {
    const stream = await createTestStream(orgA.ctx.admin, { name: "Handed over" });
    await expectAppError(update(orgA.ctx.process_owner, stream.id, { name: "Mine?", kind: "custom" }), "forbidden");
    await update(orgA.ctx.admin, stream.id, {
      name: "Handed over",
      kind: "custom",
      ownerId: orgA.users.process_owner.id,
    });
    await update(orgA.ctx.process_owner, stream.id, { name: "Mine now", kind: "custom" });
    expect(await getStream(orgA.ctx.viewer, stream.id)).toMatchObject({
      name: "Mine now",
      ownerId: orgA.users.process_owner.id,
    });
  });

  test("a process owner cannot give their stream away: the owner stays", async () => {
    const stream = await createTestStream(orgA.ctx.process_owner, { name: "Kept" });
    await update(orgA.ctx.process_owner, stream.id, { name: "Kept", kind: "custom", ownerId: orgA.users.admin.id });
    expect((await getStream(orgA.ctx.viewer, stream.id)).ownerId).toBe(orgA.users.process_owner.id);
  });

  test("another organisation's stream is not found and stays as it was", async () => {
    const inB = await createTestStream(orgB.ctx.owner, { name: "B's" });
    for (const ctx of [orgA.ctx.owner, orgA.ctx.admin]) {
      await expectAppError(update(ctx, inB.id, { name: "Taken", kind: "custom" }), "not_found");
      await expectAppError(setStreamArchived(ctx, { streamId: inB.id }, true), "not_found");
      await expectAppError(deleteStream(ctx, { streamId: inB.id }), "not_found");
    }
    expect(await getStream(orgB.ctx.owner, inB.id)).toMatchObject({ name: "B's", archivedAt: null });
    expect((await auditEntries(orgA.org.id)).map((e) => e.action)).toEqual([]);
  });
});

describe("deleteStream", () => {
  test("removes the stream with its stages, resources, KPIs, links and measurements; B's stream is untouched", async () => {
    const stream = await createTestStream(orgA.ctx.owner, { name: "", kind: "production", template: "production" });
    const inB = await createTestStream(orgB.ctx.owner, { name: "", kind: "production", template: "production" });
    await recordMeasurement(orgA.ctx.owner, { kpiId: "PRD-1", date: "2026-01-07", value: 90 });
    await recordMeasurement(orgB.ctx.owner, { kpiId: "PRD-1", date: "2026-01-07", value: 91 });

    await deleteStream(orgA.ctx.owner, { streamId: stream.id });
    await expectAppError(getStream(orgA.ctx.owner, stream.id), "not_found");
    await expectAppError(getKpi(orgA.ctx.owner, "PRD-1"), "not_found");
    expect(await storedStream(stream.id)).toEqual({ stageRows: [], resourceRows: [], kpiRows: [], linkRows: [] });
    const db = await getDb();
    expect(await db.select().from(measurements).where(eq(measurements.orgId, orgA.org.id))).toEqual([]);

    const b = await storedStream(inB.id);
    expect([b.stageRows.length, b.resourceRows.length, b.kpiRows.length, b.linkRows.length]).toEqual([5, 5, 5, 3]);
    expect((await getKpi(orgB.ctx.owner, "PRD-1")).measurements.map((m) => m.value)).toEqual([91]);
    expect((await auditEntries(orgA.org.id, "stream.deleted")).map((e) => [e.targetId, e.data])).toEqual([
      [stream.id, { name: "Production line" }],
    ]);
  });
});

describe("who may create and edit streams", () => {
  test.each(["member", "viewer"] as Role[])("a %s may not create, edit, archive or delete a stream", async (role) => {
    const ctx = orgA.ctx[role];
    await expectAppError(createTestStream(ctx, { name: "Nope" }), "forbidden");
    await expectAppError(createTestStream(ctx, { name: "", kind: "sales", template: "sales" }), "forbidden");
    const stream = await createTestStream(orgA.ctx.admin, { name: "Admin's" });
    await expectAppError(update(ctx, stream.id, { name: "Changed", kind: "custom" }), "forbidden");
    await expectAppError(setStreamArchived(ctx, { streamId: stream.id }, true), "forbidden");
    await expectAppError(deleteStream(ctx, { streamId: stream.id }), "forbidden");
    expect(await listStreams(orgA.ctx.owner)).toMatchObject([{ id: stream.id, name: "Admin's", archivedAt: null }]);
    const db = await getDb();
    expect(
      await db.select({ id: valueStreams.id }).from(valueStreams).where(eq(valueStreams.orgId, orgA.org.id)),
    ).toHaveLength(1);
  });

  test("a process owner creates a stream and owns it, whatever owner they name", async () => {
    const stream = await createTestStream(orgA.ctx.process_owner, { name: "PO's", ownerId: orgA.users.admin.id });
    expect(stream.ownerId).toBe(orgA.users.process_owner.id);
    const fromTemplate = await createTestStream(orgA.ctx.process_owner, {
      name: "",
      kind: "sales",
      template: "sales",
      ownerId: orgA.users.owner.id,
    });
    expect(fromTemplate.ownerId).toBe(orgA.users.process_owner.id);
    // The template's KPIs belong to the person who created the stream.
    expect((await storedStream(fromTemplate.id)).kpiRows.every((k) => k.ownerId === orgA.users.process_owner.id)).toBe(
      true,
    );
  });

  test("a process owner edits, archives and deletes their own stream but not another's", async () => {
    const po = orgA.ctx.process_owner;
    const own = await createTestStream(po, { name: "Own" });
    const others = await createTestStream(orgA.ctx.admin, { name: "Admin's" });
    const secondPo = await createUser({ name: "Second PO" });
    await addMembership(orgA.org.id, secondPo.id, "process_owner");
    const colleagues = await createTestStream(orgA.ctx.admin, { name: "Colleague's", ownerId: secondPo.id });

    await update(po, own.id, { name: "Own, renamed", kind: "custom" });
    for (const stream of [others, colleagues]) {
      await expectAppError(update(po, stream.id, { name: "Taken", kind: "custom" }), "forbidden");
      await expectAppError(setStreamArchived(po, { streamId: stream.id }, true), "forbidden");
      await expectAppError(deleteStream(po, { streamId: stream.id }), "forbidden");
    }
    expect((await listStreams(orgA.ctx.viewer)).map((s) => s.name)).toEqual(["Admin's", "Colleague's", "Own, renamed"]);
    await setStreamArchived(po, { streamId: own.id }, true);
    await setStreamArchived(po, { streamId: own.id }, false);
    await deleteStream(po, { streamId: own.id });
    expect((await listStreams(orgA.ctx.viewer)).map((s) => s.name)).toEqual(["Admin's", "Colleague's"]);
  });

  test.each(["owner", "admin"] as Role[])("an %s edits, archives and deletes any stream", async (role) => {
    const ctx = orgA.ctx[role];
    const streams = [
      await createTestStream(orgA.ctx.process_owner, { name: "PO's" }),
      await createTestStream(orgA.ctx.owner, { name: "Owner's" }),
      await createTestStream(orgA.ctx.admin, { name: "Admin's" }),
    ];
    for (const stream of streams) {
      await update(ctx, stream.id, { name: `${stream.name} (edited)`, kind: "custom" });
      await setStreamArchived(ctx, { streamId: stream.id }, true);
    }
    expect((await listStreams(orgA.ctx.viewer, { archived: true })).map((s) => s.name)).toEqual([
      "Admin's (edited)",
      "Owner's (edited)",
      "PO's (edited)",
    ]);
    // Editing does not take the stream over.
    expect((await getStream(ctx, streams[0]!.id)).ownerId).toBe(orgA.users.process_owner.id);
    for (const stream of streams) await deleteStream(ctx, { streamId: stream.id });
    expect(await listStreams(orgA.ctx.viewer, { archived: true })).toEqual([]);
  });
});

describe("stream owners", () => {
  test.each(["owner", "admin", "process_owner"] as Role[])("an admin may make a %s the owner", async (role) => {
    const stream = await createTestStream(orgA.ctx.admin, { name: "Owned", ownerId: orgA.users[role].id });
    expect(stream.ownerId).toBe(orgA.users[role].id);
  });

  test.each(["member", "viewer"] as Role[])(
    "a %s cannot own a stream: a validation error on ownerId, nothing written",
    async (role) => {
      const error = await expectAppError(
        createTestStream(orgA.ctx.owner, { name: "Owned", ownerId: orgA.users[role].id }),
        "validation",
      );
      expect(Object.keys(error.fields ?? {})).toEqual(["ownerId"]);
      expect(await listStreams(orgA.ctx.owner)).toEqual([]);

      const stream = await createTestStream(orgA.ctx.owner, { name: "Existing" });
      const onUpdate = await expectAppError(
        update(orgA.ctx.owner, stream.id, { name: "Changed", kind: "custom", ownerId: orgA.users[role].id }),
        "validation",
      );
      expect(Object.keys(onUpdate.fields ?? {})).toEqual(["ownerId"]);
      expect(await getStream(orgA.ctx.owner, stream.id)).toMatchObject({
        name: "Existing",
        ownerId: orgA.users.owner.id,
      });
    },
  );

  test.each<[string, (b: OrgFixture) => string]>([
    ["an owner of org B", (b) => b.users.owner.id],
    ["a process owner of org B", (b) => b.users.process_owner.id],
    ["an unknown user id", () => "no-such-user"],
  ])("%s cannot own a stream of org A: a validation error on ownerId", async (_label, owner) => {
    const error = await expectAppError(
      createTestStream(orgA.ctx.admin, { name: "Owned", ownerId: owner(orgB) }),
      "validation",
    );
    expect(Object.keys(error.fields ?? {})).toEqual(["ownerId"]);
    const stream = await createTestStream(orgA.ctx.admin, { name: "Existing" });
    await expectAppError(
      update(orgA.ctx.admin, stream.id, { name: "Existing", kind: "custom", ownerId: owner(orgB) }),
      "validation",
    );
    expect((await getStream(orgA.ctx.admin, stream.id)).ownerId).toBe(orgA.users.admin.id);
    expect(await listStreams(orgA.ctx.admin)).toHaveLength(1);
  });

  test("the owner picker offers the organisation's owners, admins and process owners only", async () => {
    const candidates = await listStreamOwnerCandidates(orgA.ctx.admin);
    expect(candidates.map((c) => c.userId).sort()).toEqual(
      [orgA.users.owner.id, orgA.users.admin.id, orgA.users.process_owner.id].sort(),
    );
  });
});
