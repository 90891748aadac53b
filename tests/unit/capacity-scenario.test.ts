import { describe, expect, test } from "vitest";
import { compareSetups, describeSetupChange, type Resource, type Stage, type StreamInput } from "../../lib/capacity";

const people = (name: string, quantity: number, rate: number, availability = 1): Resource => ({
  kind: "people",
  name,
  quantity,
  rate,
  availability,
});

// Marketing, 400 leads a month (figures as in capacity-conversion.test.ts):
//   Plan campaigns 2 × 4 × 0.9 = 7.2 briefs, f = 1/60 → 432 leads, u = 400 / 432
//   Write content  2 × 8 = 16 pieces, f = 1/20 → 320 leads, u = 20 / 16 = 1.25, extra 1 writer
//   Qualify leads  3 × 250 × 0.8 = 600 calls, f = 1.5 → 400 leads, u = 1
const plan: Stage = {
  id: "plan",
  name: "Plan campaigns",
  unit: "campaign briefs",
  conversion: 1 / 60,
  resources: [people("marketer", 2, 4, 0.9)],
  wip: 3,
  pctCA: 0.9,
};
const write: Stage = {
  id: "write",
  name: "Write content",
  unit: "content pieces",
  conversion: 1 / 20,
  resources: [people("content writer", 2, 8)],
  wip: 10,
};
const qualify: Stage = {
  id: "qualify",
  name: "Qualify leads",
  unit: "calls",
  conversion: 1.5,
  resources: [people("SDR", 3, 250, 0.8)],
  wip: 90,
};
const today: StreamInput = { demand: 400, stages: [plan, write, qualify] };

describe("compareSetups", () => {
  test("one more content writer moves the bottleneck to Qualify leads", () => {
    const draft: StreamInput = {
      demand: 400,
      stages: [plan, { ...write, resources: [people("content writer", 3, 8)] }, qualify],
    };
    const c = compareSetups(today, draft);
    // Write content: 3 × 8 = 24 pieces → 480 leads, u = 20 / 24; Qualify (u = 1) is now the busiest.
    expect(c.bottleneck).toEqual({
      current: { id: "write", name: "Write content" },
      draft: { id: "qualify", name: "Qualify leads" },
      moved: true,
    });
    // pace min(400, 320) = 320 → min(400, min(432, 480, 400)) = 400
    expect(c.pace).toEqual({ current: 320, draft: 400, difference: 80, changed: true });
    expect(c.capacity).toEqual({ current: 320, draft: 400, difference: 80, changed: true });
    // WIP 180 + 200 + 60 = 440 leads: 440 / 320 = 1.375 → 440 / 400 = 1.1 months
    expect(c.leadTime.current).toBeCloseTo(1.375, 12);
    expect(c.leadTime.draft).toBeCloseTo(1.1, 12);
    expect(c.leadTime.difference).toBeCloseTo(-0.275, 12);
    // rolled %C&A 0.9 in both (the other stages assumed 100 %)
    expect(c.rolledPctCA).toEqual({ current: 0.9, draft: 0.9, difference: 0, changed: false });
    expect(c.flowEfficiency).toEqual({ current: null, draft: null, difference: null, changed: false });

    expect(c.stages.map((s) => [s.id, s.status])).toEqual([
      ["plan", "kept"],
      ["write", "kept"],
      ["qualify", "kept"],
    ]);
    const w = c.stages[1]!;
    expect(w.utilisation.current).toBeCloseTo(1.25, 12);
    expect(w.utilisation.draft).toBeCloseTo(20 / 24, 12);
    expect(w.extraNeeded).toEqual({ current: 1, draft: 0, difference: -1, changed: true });
    expect(w.capacityInStreamUnits.draft).toBeCloseTo(480, 9);
    expect(c.stages[0]!.utilisation.changed).toBe(false);
    expect(c.stages[2]!.utilisation).toEqual({ current: 1, draft: 1, difference: 0, changed: false });

    expect(c.changes).toEqual([
      {
        kind: "resource_field",
        stageId: "write",
        stageName: "Write content",
        resourceName: "content writer",
        field: "quantity",
        from: 2,
        to: 3,
      },
    ]);
    expect(c.changes.map((x) => describeSetupChange(x, { unit: "leads" }))).toEqual([
      "Write content: content writer quantity 2 → 3",
    ]);
  });

  test("the same setup changes nothing", () => {
    const c = compareSetups(today, structuredClone(today));
    expect(c.changes).toEqual([]);
    expect(c.bottleneck.moved).toBe(false);
    expect([c.pace, c.capacity, c.leadTime, c.rolledPctCA].every((d) => !d.changed)).toBe(true);
    expect(c.stages.every((s) => s.status === "kept" && !s.utilisation.changed && !s.extraNeeded.changed)).toBe(true);
  });

  test("stages added, removed and moved; demand, conversion, %C&A and resources changed", () => {
    // Draft, demand 450: Write content first; Plan campaigns with 1 brief bringing 50 leads and no %C&A;
    // Qualify leads removed; a new Publish stage; a content writer's availability down, an editor added.
    //   Write content 2 × 8 × 0.5 + 1 × 10 = 18 pieces → 360 leads; needs 450 / 20 = 22.5 → u 1.25,
    //     short 4.5 pieces, main resource the editor (10 > 8): ceil(4.5 / 10) = 1
    //   Plan campaigns 7.2 briefs → 360 leads; needs 450 / 50 = 9 → u 1.25, tie → the earlier, Write content
    //   Publish 1 × 500 = 500 leads → u 0.9
    const draft: StreamInput = {
      demand: 450,
      stages: [
        { ...write, resources: [people("content writer", 2, 8, 0.5), people("editor", 1, 10)] },
        { ...plan, conversion: 1 / 50, pctCA: null },
        { id: "publish", name: "Publish", resources: [people("web editor", 1, 500)] },
      ],
    };
    const c = compareSetups(today, draft);
    expect(c.stages.map((s) => [s.id, s.status, s.name])).toEqual([
      ["write", "kept", "Write content"],
      ["plan", "kept", "Plan campaigns"],
      ["publish", "added", "Publish"],
      ["qualify", "removed", "Qualify leads"],
    ]);
    expect(c.bottleneck).toEqual({
      current: { id: "write", name: "Write content" },
      draft: { id: "write", name: "Write content" },
      moved: false,
    });
    const [w, p, pub, q] = c.stages;
    expect(w!.utilisation.draft).toBeCloseTo(1.25, 12);
    expect(w!.extraNeeded.draft).toBe(1);
    expect(p!.utilisation.current).toBeCloseTo(400 / 432, 12);
    expect(p!.utilisation.draft).toBeCloseTo(1.25, 12);
    expect(pub!.current).toBeNull();
    expect(pub!.utilisation).toEqual({ current: null, draft: 0.9, difference: null, changed: true });
    expect(q!.draft).toBeNull();
    expect(q!.utilisation).toEqual({ current: 1, draft: null, difference: null, changed: true });
    // pace min(450, min(360, 360, 500)) = 360; rolled %C&A: 0.9 → none given
    expect(c.pace.draft).toBeCloseTo(360, 9);
    expect(c.rolledPctCA).toEqual({ current: 0.9, draft: null, difference: null, changed: true });

    expect(c.changes.map((x) => describeSetupChange(x, { unit: "leads" }))).toEqual([
      "Demand 400 → 450",
      "Write content moves from position 2 to 1",
      "Write content: content writer availability 100% → 50%",
      "Write content: adds 1 × editor",
      "Plan campaigns moves from position 1 to 2",
      "Plan campaigns: 1 campaign brief brings 60 leads → 1 campaign brief brings 50 leads",
      "Plan campaigns: %C&A 90% → not set",
      "New stage: Publish",
      "Stage removed: Qualify leads",
    ]);
  });

  test("resources are matched by id when they have one, else by kind and name", () => {
    const withId = (r: Resource, id: string): Resource => ({ ...r, id });
    const current: StreamInput = {
      demand: 10,
      stages: [{ id: "s", name: "S", resources: [withId(people("fitter", 2, 5), "r1"), people("helper", 1, 2)] }],
    };
    const draft: StreamInput = {
      demand: 10,
      stages: [{ id: "s", name: "S", resources: [withId(people("assembler", 2, 5), "r1"), people("aide", 1, 2)] }],
    };
    expect(compareSetups(current, draft).changes.map((x) => describeSetupChange(x, { unit: "orders" }))).toEqual([
      "S: assembler name fitter → assembler",
      "S: adds 1 × aide",
      "S: removes helper",
    ]);
  });

  test("a stage's unit, WIP and process time changes are listed; no demand on either side", () => {
    const current: StreamInput = { demand: null, stages: [{ id: "s", name: "S", resources: [], wip: 4 }] };
    const draft: StreamInput = {
      demand: null,
      stages: [{ id: "s", name: "S", unit: "calls", resources: [], wip: 6, processTime: 0.5 }],
    };
    const c = compareSetups(current, draft);
    expect(c.changes.map((x) => describeSetupChange(x, { unit: "orders" }))).toEqual([
      "S: unit not set → calls",
      "S: work in progress 4 → 6",
      "S: process time not set → 0.5",
    ]);
    expect(c.pace).toEqual({ current: 0, draft: 0, difference: 0, changed: false });
  });
});
