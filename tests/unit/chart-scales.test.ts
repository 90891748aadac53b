import { describe, expect, test } from "vitest";
import { dateOf, timeAxis } from "@/lib/charts/time-axis";
import { stepSegments, targetSteps } from "@/lib/charts/target-steps";
import { valueAxis } from "@/lib/charts/value-axis";
import type { KpiDefinitionVersion } from "@/lib/scoring";

const day = 86_400_000;

/** A tick step is round when it is 1, 2 or 5 times a power of ten. */
function isRoundStep(step: number): boolean {
  const power = 10 ** Math.floor(Math.log10(step));
  return [1, 2, 5, 10].some((m) => Math.abs(step / power - m) < 1e-9);
}

describe("valueAxis", () => {
  test.each([
    [[81.44, 118.6, 100]],
    [[0.12, 0.97]],
    [[30, 50, 42, 47.5]],
    [[-3.2, 4.9]],
    [[1200, 9800, 15000]],
    [[96.2, 97, 96.8]],
  ])("ticks over %j are round, evenly spaced and span every value", (values) => {
    const axis = valueAxis(values);
    const ticks = axis.ticks.map((t) => t.value);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    const step = ticks[1]! - ticks[0]!;
    expect(isRoundStep(step)).toBe(true);
    ticks.forEach((t, i) => {
      expect(t).toBeCloseTo(ticks[0]! + i * step, 9);
      expect(Math.abs(t / step - Math.round(t / step))).toBeLessThan(1e-9);
    });
    // The domain is nice: its ends are ticks, and no value falls outside them.
    expect(axis.domain[0]).toBeCloseTo(ticks[0]!, 9);
    expect(axis.domain[1]).toBeCloseTo(ticks.at(-1)!, 9);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(axis.domain[0]);
      expect(v).toBeLessThanOrEqual(axis.domain[1]);
      expect(axis.y(v)).toBeGreaterThanOrEqual(0);
      expect(axis.y(v)).toBeLessThanOrEqual(100);
    }
  });

  test("the highest value is drawn above the lowest (0 % is the top)", () => {
    const axis = valueAxis([10, 20]);
    expect(axis.y(20)).toBeLessThan(axis.y(10));
  });

  test("a fixed domain keeps its ends (scores from 0 to 1)", () => {
    const axis = valueAxis([], { fixed: [0, 1], count: 5 });
    expect(axis.ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(axis.y(1)).toBe(0);
    expect(axis.y(0)).toBe(100);
  });

  test("one value gets room above and below", () => {
    const axis = valueAxis([42]);
    expect(axis.domain[0]).toBeLessThan(42);
    expect(axis.domain[1]).toBeGreaterThan(42);
  });
});

describe("timeAxis", () => {
  test("positions are proportional to dates, not to the index of a value", () => {
    const axis = timeAxis(["2026-01-05", "2026-01-12", "2026-07-06"]);
    const a = axis.x("2026-01-05");
    const b = axis.x("2026-01-12");
    const c = axis.x("2026-07-06");
    expect(a).toBe(0);
    expect(c).toBe(100);
    expect((b - a) / (c - a)).toBeCloseTo(
      7 / (dateOf("2026-07-06").getTime() / day - dateOf("2026-01-05").getTime() / day),
      9,
    );
    // A value six months ahead is drawn far from last week's, not beside it.
    expect(c - b).toBeGreaterThan(90);
  });

  test.each([
    [["2026-03-02", "2026-03-30"]],
    [["2025-12-01", "2026-11-01"]],
    [["2023-01-01", "2026-06-30"]],
    [["2026-05-11"]],
    [["2026-06-01", "2026-11-30"]],
  ])("ticks over %j fall on round calendar dates and span the domain", (dates) => {
    const axis = timeAxis(dates);
    const ticks = axis.ticks;
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) {
      expect(t.at.getUTCHours()).toBe(0);
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.x).toBeLessThanOrEqual(100);
      expect(t.label).not.toBe("");
    }
    // Evenly spread over the whole domain: the first tick is within one tick interval of the start, the last of the end.
    const gaps = ticks.slice(1).map((t, i) => t.x - ticks[i]!.x);
    const widest = Math.max(...gaps);
    expect(ticks[0]!.x).toBeLessThanOrEqual(widest);
    expect(100 - ticks.at(-1)!.x).toBeLessThanOrEqual(widest);
    // A phone labels about half as many (at most 4 here), never all of a dense set.
    const narrow = ticks.filter((t) => t.narrow).length;
    expect(narrow).toBeGreaterThanOrEqual(1);
    expect(narrow).toBeLessThanOrEqual(4);
  });

  test("month ticks fall on the first of a month and name it", () => {
    const axis = timeAxis(["2025-12-01", "2026-11-01"]);
    expect(axis.ticks.every((t) => t.at.getUTCDate() === 1)).toBe(true);
    expect(axis.ticks.map((t) => t.label)).toContain("2026");
    expect(axis.ticks.map((t) => t.label)).toContain("Jun");
    // A phone shows the sparser set, and its first tick names the year.
    const narrow = axis.ticks.filter((t) => t.narrow);
    expect(narrow.length).toBeGreaterThanOrEqual(2);
    expect(narrow.length).toBeLessThan(axis.ticks.length);
    expect(narrow[0]!.narrowLabel).toMatch(/\d{4}/);
  });
});

function version(validFrom: string, target: number, recordedAt: string): KpiDefinitionVersion {
  return {
    validFrom,
    recordedAt: new Date(recordedAt),
    kind: "output",
    direction: "increase",
    baseline: 30,
    target,
    weight: 1,
  };
}

describe("target steps", () => {
  const versions = [
    version("2026-01-01", 50, "2026-01-01T09:00:00Z"),
    version("2026-04-01", 60, "2026-03-20T09:00:00Z"),
    // A later correction: the change to 60 applied from 1 March after all.
    version("2026-03-01", 60, "2026-03-25T09:00:00Z"),
    version("2026-06-15", 60, "2026-06-10T09:00:00Z"),
  ];

  test("each change of target is a step from its validFrom; unchanged versions add none", () => {
    expect(targetSteps(versions, 60)).toEqual([
      { from: "2026-01-01", target: 50 },
      { from: "2026-03-01", target: 60 },
    ]);
  });

  test("a KPI without versions has its current target for every date", () => {
    expect(targetSteps([], 97)).toEqual([{ from: null, target: 97 }]);
  });

  test("the step lands on its validFrom on the time axis", () => {
    const axis = timeAxis(["2026-01-05", "2026-02-02", "2026-05-04"]);
    const segments = stepSegments(targetSteps(versions, 60), axis.domain, axis.x);
    expect(segments).toHaveLength(2);
    expect(segments[0]).toMatchObject({ x1: 0, target: 50, from: null });
    expect(segments[0]!.x2).toBeCloseTo(axis.x("2026-03-01"), 9);
    expect(segments[1]).toMatchObject({ target: 60, from: "2026-03-01", x2: 100 });
    expect(segments[1]!.x1).toBeCloseTo(axis.x("2026-03-01"), 9);
    const share =
      (dateOf("2026-03-01").getTime() - dateOf("2026-01-05").getTime()) /
      (dateOf("2026-05-04").getTime() - dateOf("2026-01-05").getTime());
    expect(segments[1]!.x1).toBeCloseTo(share * 100, 9);
  });

  test("a step that starts after the plot is not drawn", () => {
    const axis = timeAxis(["2026-01-05", "2026-02-02"]);
    const segments = stepSegments(targetSteps(versions, 60), axis.domain, axis.x);
    expect(segments.map((s) => s.target)).toEqual([50]);
  });
});
