import { beforeEach, describe, expect, test } from "vitest";
import type { OrgContext } from "@/lib/auth/org-context";
import { explainBottleneck } from "@/lib/capacity";
import { addResource, addStage, updateStage } from "@/lib/data/stages";
import { POST as createStreamRoute } from "@/app/api/v1/streams/route";
import { getStream, listStreams } from "@/lib/data/streams";
import { addResourceSchema, addStageSchema, updateStageSchema } from "@/lib/validations/stream";
import { apiError, apiToken, call } from "../helpers/api";
import { createTenants, createTestStream, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;

beforeEach(async () => {
  ({ orgA } = await createTenants());
});

/** The form's fields as FormData strings. */
const addForm = (ctx: OrgContext, streamId: string, fields: Record<string, string>) =>
  addStage(ctx, addStageSchema.parse({ streamId, ...fields }));

async function marketing(ctx: OrgContext) {
  return createTestStream(ctx, {
    name: "Marketing",
    kind: "marketing",
    demandAmount: "400",
    demandUnit: "leads",
    demandPeriod: "month",
  });
}

describe("stage units and conversions", () => {
  test("“1 campaign brief brings 60 leads” is stored as f = 1/60 and the figures count in briefs", async () => {
    const ctx = orgA.ctx.owner;
    const stream = await marketing(ctx);
    const stage = await addForm(ctx, stream.id, {
      name: "Plan campaigns",
      unit: "campaign briefs",
      conversionMode: "brings",
      conversionAmount: "60",
    });
    expect(stage.unit).toBe("campaign briefs");
    expect(stage.conversion).toBeCloseTo(1 / 60, 12);
    // 2 marketers × 4 briefs × 0.9 = 7.2 briefs a month; 400 leads need 6.67 briefs.
    await addResource(
      ctx,
      addResourceSchema.parse({
        stageId: stage.id,
        kind: "people",
        name: "Marketers",
        quantity: "2",
        rate: "4",
        availability: "90",
      }),
    );
    const { assessment } = await getStream(ctx, stream.id);
    const s = assessment.stages[0]!;
    expect(s.capacity).toBeCloseTo(7.2, 9);
    expect(s.demand).toBeCloseTo(400 / 60, 9);
    expect(s.capacityInStreamUnits).toBeCloseTo(432, 9);
    expect(s.utilisation).toBeCloseTo(400 / 60 / 7.2, 9);
    expect(assessment.pace).toBe(400);
    expect(explainBottleneck(assessment, { unit: "leads", period: "month" })).toContain(
      "Plan campaigns, the busiest stage, can handle 7.2 campaign briefs a month; the demand needs 6.67",
    );
  });

  test("“each order needs 3 machined parts” is f = 3; a blank amount is f = 1", async () => {
    const ctx = orgA.ctx.owner;
    const stream = await createTestStream(ctx, { demandAmount: "100", demandUnit: "orders" });
    const stage = await addForm(ctx, stream.id, {
      name: "Machining",
      unit: "machined parts",
      conversionMode: "needs",
      conversionAmount: "3",
    });
    expect(stage.conversion).toBe(3);
    await updateStage(ctx, updateStageSchema.parse({ stageId: stage.id, name: "Machining", conversionAmount: "" }));
    const { stages } = await getStream(ctx, stream.id);
    expect(stages[0]).toMatchObject({ conversion: 1, unit: null });
  });

  test.each([
    ["0", "conversionAmount"],
    ["-2", "conversionAmount"],
    ["abc", "conversionAmount"],
    ["2000000000", "conversionAmount"],
    ["0.0000000001", "conversionAmount"],
  ])("an amount of %s is refused on %s and nothing is written", async (amount, field) => {
    const ctx = orgA.ctx.owner;
    const stream = await marketing(ctx);
    const parsed = addStageSchema.safeParse({ streamId: stream.id, name: "Plan", conversionAmount: amount });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path[0])).toEqual([field]);
    expect((await getStream(ctx, stream.id)).stages).toHaveLength(0);
  });

  test("a unit over 40 characters is refused with a field message", () => {
    const parsed = addStageSchema.safeParse({
      streamId: "00000000-0000-4000-8000-000000000000",
      name: "Plan",
      unit: "x".repeat(41),
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({ path: ["unit"], message: "Keep the unit under 40 characters." }),
    ]);
  });
});

describe("stage units in the API", () => {
  test("stages carry unit and conversion; a bad one is a 422 naming the field and writes nothing", async () => {
    const write = (await apiToken(orgA.ctx.owner, "write")).secret;
    const body = (stage: Record<string, unknown>) => ({
      name: "Line",
      kind: "production",
      demandAmount: 100,
      demandUnit: "orders",
      stages: [{ name: "Machining", resources: [{ kind: "machine", name: "CNC", quantity: 2, rate: 200 }], ...stage }],
    });
    const ok = await call<{ stages: Record<string, unknown>[] }>(createStreamRoute, {
      token: write,
      path: "/streams",
      body: body({ unit: "machined parts", conversion: 3 }),
    });
    expect(ok.status).toBe(201);
    // 2 × 200 = 400 parts a week serve 133.33 orders; 100 orders need 300 parts: 75 %.
    expect(ok.body.stages[0]).toMatchObject({
      unit: "machined parts",
      conversion: 3,
      capacity: 400,
      demand: 300,
      utilisation: 0.75,
    });
    expect(ok.body.stages[0]!.capacityInStreamUnits).toBeCloseTo(400 / 3, 9);
    for (const [stage, path] of [
      [{ conversion: 0 }, "stages.0.conversion"],
      [{ conversion: -1 }, "stages.0.conversion"],
      [{ conversion: 1e10 }, "stages.0.conversion"],
      [{ conversion: "3" }, "stages.0.conversion"],
      [{ unit: "u".repeat(41) }, "stages.0.unit"],
    ] as const) {
      const bad = await call(createStreamRoute, { token: write, path: "/streams", body: body(stage) });
      expect(bad.status, JSON.stringify(stage)).toBe(422);
      expect(apiError(bad).details!.map((d) => d.path)).toEqual([path]);
    }
    expect((await listStreams(orgA.ctx.owner)).map((s) => s.name)).toEqual(["Line"]);
  });
});
