import { beforeEach, describe, expect, test } from "vitest";
import { applyScenario, createScenario, discardScenario, getScenario, updateScenario } from "@/lib/data/scenarios";
import { getStream } from "@/lib/data/streams";
import { auditEntries, createTenants, createTestStream, expectAppError, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

async function marketingDraft() {
  const ctx = orgA.ctx.owner;
  const stream = await createTestStream(ctx, { template: "marketing", name: "Marketing" });
  const scenario = await createScenario(ctx, { streamId: stream.id, name: "One more writer" });
  return { ctx, stream, scenario };
}

/** The draft form's fields as the page names them: Produce content is stage 1, its writers resource 0. */
const writers = "stages.1.resources.0.quantity";

describe("scenarios", () => {
  test("a draft copies today's setup; one more content writer moves the bottleneck, and the stream is untouched until applied", async () => {
    const { ctx, stream, scenario } = await marketingDraft();
    const before = (await getStream(ctx, stream.id)).assessment;
    const copied = await getScenario(ctx, scenario.id);
    expect(copied.comparison.changes).toEqual([]);
    expect(copied.comparison.bottleneck).toMatchObject({ moved: false, draft: { name: "Produce content" } });

    await updateScenario(ctx, scenario.id, { [writers]: "3" });
    const { comparison } = await getScenario(ctx, scenario.id);
    // Produce content: 3 × 12 × 90 % + 20 = 52.4 pieces for 40: 76 %; Plan campaigns' 93 % leads now.
    expect(comparison.bottleneck).toMatchObject({
      current: { name: "Produce content" },
      draft: { name: "Plan campaigns" },
      moved: true,
    });
    expect(comparison.stages[1]!.utilisation.draft).toBeCloseTo(40 / 52.4, 9);
    expect((await getStream(ctx, stream.id)).assessment).toEqual(before);

    await applyScenario(ctx, scenario.id);
    const after = await getStream(ctx, stream.id);
    expect(after.stages[1]!.resources[0]).toMatchObject({ name: "Content writers", quantity: 3 });
    expect(after.assessment.bottleneck?.name).toBe("Plan campaigns");
    expect(await auditEntries(orgA.org.id, "scenario.applied")).toHaveLength(1);
    await expectAppError(getScenario(ctx, scenario.id), "not_found");
  });

  test("bad figures name their fields and change nothing; demand and conversions are draft figures too", async () => {
    const { ctx, scenario } = await marketingDraft();
    const error = await expectAppError(
      updateScenario(ctx, scenario.id, {
        demand: "-1",
        "stages.0.conversionAmount": "0",
        [writers]: "lots",
        "stages.1.resources.0.availability": "150",
      }),
      "validation",
    );
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(
      ["demand", "stages.0.conversionAmount", "stages.1.resources.0.availability", writers].sort(),
    );
    expect((await getScenario(ctx, scenario.id)).comparison.changes).toEqual([]);

    await updateScenario(ctx, scenario.id, {
      demand: "480",
      "stages.0.conversionMode": "brings",
      "stages.0.conversionAmount": "80",
    });
    const { comparison } = await getScenario(ctx, scenario.id);
    expect(comparison.changes.map((c) => c.kind)).toEqual(["demand", "stage_field"]);
    expect(comparison.draft.stages[0]!.conversion).toBeCloseTo(1 / 80, 12);
  });

  test("another organisation's draft is not found; a member cannot plan; a discarded draft is gone and audited", async () => {
    const { ctx, stream, scenario } = await marketingDraft();
    await expectAppError(getScenario(orgB.ctx.owner, scenario.id), "not_found");
    await expectAppError(updateScenario(orgB.ctx.owner, scenario.id, { [writers]: "9" }), "not_found");
    await expectAppError(applyScenario(orgB.ctx.owner, scenario.id), "not_found");
    await expectAppError(createScenario(orgA.ctx.member, { streamId: stream.id, name: "Mine" }), "forbidden");
    await discardScenario(ctx, scenario.id);
    await expectAppError(getScenario(ctx, scenario.id), "not_found");
    expect(await auditEntries(orgA.org.id, "scenario.discarded")).toHaveLength(1);
    expect((await getStream(ctx, stream.id)).stages[1]!.resources[0]!.quantity).toBe(2);
  });
});
