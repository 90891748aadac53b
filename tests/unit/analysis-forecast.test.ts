import { describe, expect, test } from "vitest";
import {
  cumulativeShares,
  firstPassageHits,
  forecast,
  noForecastMessage,
  periodsApart,
  periodsUntil,
  recentChanges,
  seededGenerator,
  type ForecastInput,
  type NoForecastReason,
} from "../../lib/analysis";
import { shiftPeriod, type Cadence, type Measurement } from "../../lib/scoring";

/** Monthly values from January 2026 on. */
const monthly = (values: readonly number[], start = "2026-01-01"): Measurement[] =>
  values.map((value, i) => ({ period: shiftPeriod(start, "month", i), value }));

// DESIGN's check: current 113, target 125, changes {+4, −1, +5, +2, +3} (100 → 104 → 103 → 108 → 110 → 113).
const DESIGN_SERIES = monthly([100, 104, 103, 108, 110, 113]);
// P(met within k) for k = 0 … 8, from DESIGN. By hand for k = 3: a sum ≥ 12 of three draws from
// {4, −1, 5, 2, 3} is (5,5,5), (5,5,4)×3, (5,5,3)×3, (5,5,2)×3, (5,4,4)×3, (5,4,3)×6 or (4,4,4): 20 of the
// 125 ordered draws = 0.16 (two draws reach at most 10 < 12).
const DESIGN_P = [0, 0, 0, 0.16, 0.4336, 0.66336, 0.812416, 0.8998144, 0.94817536];

const input = (over: Partial<ForecastInput> = {}): ForecastInput => ({
  kpiId: "kpi-1",
  direction: "increase",
  cadence: "month",
  target: 125,
  targetDate: null,
  measurements: DESIGN_SERIES,
  asOf: "2026-06-30",
  knownAt: "2026-06-30T23:59:59.999Z",
  ...over,
});

/**
 * The exact P(met within k) by dynamic programming over integer positions: the independent oracle. Runs
 * stop when met, so only positions below the target carry probability forward.
 */
function exactFirstPassage(current: number, target: number, changes: number[], steps: number): number[] {
  let open = new Map<number, number>([[current, 1]]);
  let met = current >= target ? 1 : 0;
  if (met) open = new Map();
  const result = [met];
  for (let k = 1; k <= steps; k++) {
    const next = new Map<number, number>();
    for (const [x, p] of open) {
      for (const c of changes) {
        const y = x + c;
        const q = p / changes.length;
        if (y >= target) met += q;
        else next.set(y, (next.get(y) ?? 0) + q);
      }
    }
    open = next;
    result.push(met);
  }
  return result;
}

describe("the oracle agrees with DESIGN's exact figures", () => {
  test("P(met within k), k = 0 … 8", () => {
    const exact = exactFirstPassage(113, 125, [4, -1, 5, 2, 3], 8);
    exact.forEach((p, k) => expect(p).toBeCloseTo(DESIGN_P[k] as number, 12));
  });
});

describe("forecast: DESIGN's check", () => {
  const result = forecast(input());
  const f = result.forecast!;

  test("the changes resampled and the horizon without a target date", () => {
    expect(result.reason).toBeNull();
    expect(f.current).toEqual({ period: "2026-06-01", value: 113 });
    expect(f.changes).toEqual([4, -1, 5, 2, 3]);
    expect(f).toMatchObject({ horizon: 12, maxSteps: 36, runs: 10_000, probabilityByTargetDate: null });
    expect(f.cumulative).toHaveLength(37);
  });

  test.each(DESIGN_P.map((p, k) => [k, p] as const))("P(met within %i) = %f ± 0.015", (k, p) => {
    expect(Math.abs((f.cumulative[k] as number) - p)).toBeLessThanOrEqual(0.015);
  });

  test("within 4, 8 and 12 periods: the exact 0.4336, 0.94817536 and (by the oracle) P(12) ± 0.015", () => {
    const p12 = exactFirstPassage(113, 125, [4, -1, 5, 2, 3], 12)[12] as number;
    expect(Math.abs((f.probabilityWithin[4] as number) - 0.4336)).toBeLessThanOrEqual(0.015);
    expect(Math.abs((f.probabilityWithin[8] as number) - 0.94817536)).toBeLessThanOrEqual(0.015);
    expect(Math.abs((f.probabilityWithin[12] as number) - p12)).toBeLessThanOrEqual(0.015);
  });

  test("50 % in 5, 85 % in 7 and 95 % in 9 periods, and the periods they land in", () => {
    // 0.5 and 0.85 lie ≥ 0.037 from the nearest P(k), > 10 standard errors; P(8) = 0.948 lies 0.0018 below
    // 0.95, under one standard error (0.0022), so p95 is 9 for this seed but 8 for some (see the properties).
    expect(f.eta).toEqual({ p50: 5, p85: 7, p95: 9 });
    expect(f.etaPeriod).toEqual({ p50: "2026-11-01", p85: "2027-01-01", p95: "2027-03-01" });
  });

  test("a redraw with the same KPI, D and knownAt is identical; another knownAt is another draw", () => {
    expect(forecast(input())).toEqual(result);
    const other = forecast(input({ knownAt: "2026-07-01T00:00:00.000Z" })).forecast!;
    expect(other.cumulative).not.toEqual(f.cumulative);
  });

  test("a decrease KPI mirrored (200 − x, target 75) gives the same draw", () => {
    const mirrored = forecast(
      input({ direction: "decrease", target: 75, measurements: monthly([100, 96, 97, 92, 90, 87]) }),
    ).forecast!;
    expect(mirrored.changes).toEqual([-4, 1, -5, -2, -3]);
    expect(mirrored.cumulative).toEqual(f.cumulative);
  });
});

describe("forecast with a target date", () => {
  test("31 October is 4 periods after the June value: P(by the date) ≈ P(4) = 0.4336", () => {
    const f = forecast(input({ targetDate: "2026-10-31" })).forecast!;
    expect(f).toMatchObject({ horizon: 4, maxSteps: 12 });
    expect(Math.abs((f.probabilityByTargetDate as number) - 0.4336)).toBeLessThanOrEqual(0.015);
    expect(f.probabilityWithin).toEqual({ 4: null, 8: null, 12: null });
    // Runs stop after 12 periods: P(12) ≈ 0.99 > 0.95, so every ETA is reached.
    expect(f.eta).toMatchObject({ p50: 5, p85: 7 });
  });

  test("a target date 1 period ahead: runs last 3 periods, the target (12 away) is never reached", () => {
    const f = forecast(input({ targetDate: "2026-07-15" })).forecast!;
    expect(f).toMatchObject({ horizon: 1, maxSteps: 3, probabilityByTargetDate: 0 });
    expect(f.eta).toEqual({ p50: null, p85: null, p95: null });
    expect(f.cumulative[3]).toBeGreaterThan(0.1); // (5,5,5), (5,5,4)… within 3 steps: 0.16 exactly
  });

  test("a target date in the latest value's period: horizon 0, the current value decides", () => {
    const f = forecast(input({ asOf: "2026-06-10", targetDate: "2026-06-30" })).forecast!;
    expect(f).toMatchObject({ horizon: 0, maxSteps: 0, probabilityByTargetDate: 0, cumulative: [0] });
  });
});

describe("forecast edge cases", () => {
  test("a target already met: probability 1, ETAs 0", () => {
    const f = forecast(input({ target: 110 })).forecast!;
    expect(f.probabilityWithin).toEqual({ 4: 1, 8: 1, 12: 1 });
    expect(f.eta).toEqual({ p50: 0, p85: 0, p95: 0 });
  });

  test("changes all moving away from the target: probability 0, no ETA", () => {
    const f = forecast(input({ measurements: monthly([120, 119, 117, 116, 114, 113]) })).forecast!;
    expect(f.probabilityWithin).toEqual({ 4: 0, 8: 0, 12: 0 });
    expect(f.eta).toEqual({ p50: null, p85: null, p95: null });
  });

  test("a value within float noise of the target meets it: 0.7 + 0.1 + 0.1 = 0.8999999999999999 reaches 0.9", () => {
    const hits = firstPassageHits({
      current: 0.7,
      target: 0.9,
      direction: "increase",
      changes: [0.1],
      maxSteps: 3,
      runs: 10,
      rng: seededGenerator("noise", "2026-01-01", "t"),
    });
    expect([...hits]).toEqual([0, 0, 10, 0]);
  });

  test.each<[string, Partial<ForecastInput>, NoForecastReason, string]>([
    ["no target", { target: null }, { code: "no_target" }, "No forecast: this KPI has no target."],
    [
      "a target date before D",
      { targetDate: "2026-06-29" },
      { code: "target_date_passed", targetDate: "2026-06-29" },
      "No forecast: the target date (2026-06-29) has passed.",
    ],
    ["no values", { measurements: [] }, { code: "no_data" }, "No forecast: this KPI has no values yet."],
    [
      "4 changes",
      { measurements: monthly([100, 104, 103, 108, 110]) },
      { code: "too_few_changes", changes: 4, needed: 5 },
      "No forecast yet: it needs 5 changes between consecutive periods, and there are 4.",
    ],
    [
      "6 values with March missing: the change across the gap is not one step",
      { measurements: [...monthly([100, 104, 103], "2025-12-01"), ...monthly([108, 110, 113], "2026-04-01")] },
      { code: "too_few_changes", changes: 4, needed: 5 },
      "No forecast yet: it needs 5 changes between consecutive periods, and there are 4.",
    ],
    [
      "values after D do not count",
      { asOf: "2026-05-31" },
      { code: "too_few_changes", changes: 4, needed: 5 },
      "No forecast yet: it needs 5 changes between consecutive periods, and there are 4.",
    ],
    [
      "all changes zero",
      { measurements: monthly([7, 7, 7, 7, 7, 7]) },
      { code: "no_movement", changes: 5 },
      "No forecast: the value has not changed in the recent periods, so there is nothing to project.",
    ],
  ])("no forecast: %s", (_name, over, reason, message) => {
    const r = forecast(input(over));
    expect(r).toEqual({ forecast: null, reason });
    expect(noForecastMessage(reason)).toBe(message);
  });
});

describe("recentChanges: the last ≤ 24 changes between adjacent periods", () => {
  const points = (values: number[], start = "2024-01-01") =>
    monthly(values, start).map((m) => ({ period: m.period, value: m.value }));

  test("30 consecutive months: the last 24 changes", () => {
    // Values 0, 1, 4, 9, … (i²): changes 2i − 1; the last 24 are for i = 6 … 29 → 11, 13, …, 57.
    const changes = recentChanges(points(Array.from({ length: 30 }, (_, i) => i * i)), "month");
    expect(changes).toHaveLength(24);
    expect(changes[0]).toBe(11);
    expect(changes[23]).toBe(57);
  });

  test("values older than 24 periods before the latest are not used, even across a long gap", () => {
    // 2021: 6 values; then a gap; 2024: 3 values. Only the 2 changes of 2024 lie within the window.
    const old = points([1, 2, 3, 4, 5, 6], "2021-01-01");
    const recent = points([10, 12, 15], "2024-01-01");
    expect(recentChanges([...old, ...recent], "month")).toEqual([2, 3]);
  });
});

describe("periodsApart", () => {
  test.each<[string, string, Cadence, number]>([
    ["2026-01-15", "2026-03-02", "month", 2],
    ["2026-01-15", "2026-03-02", "quarter", 0],
    ["2026-01-15", "2026-04-01", "quarter", 1],
    ["2025-11-10", "2026-02-03", "quarter", 1],
    ["2026-06-01", "2025-06-01", "month", -12],
    ["2026-01-05", "2026-01-11", "week", 0],
    ["2026-01-05", "2026-01-12", "week", 1],
    ["2025-12-29", "2026-12-28", "week", 52],
  ])("%s → %s in %ss: %i", (from, to, cadence, expected) => {
    expect(periodsApart(from, to, cadence)).toBe(expected);
  });
});

describe("the simulation core", () => {
  const rng = () => seededGenerator("core", "2026-01-01", "t");

  test("hits per step add up to the share met; the cumulative shares and ETAs follow from them", () => {
    const hits = firstPassageHits({
      current: 0,
      target: 2,
      direction: "increase",
      changes: [1, 1, 1, 1, 1, -1],
      maxSteps: 6,
      runs: 1000,
      rng: rng(),
    });
    expect(hits[0]).toBe(0);
    expect(hits[1]).toBe(0);
    const cumulative = cumulativeShares(hits, 1000);
    // P(met within 2) = (5/6)² = 0.694…; within 6 it is above 0.95.
    expect(Math.abs((cumulative[2] as number) - 25 / 36)).toBeLessThan(0.05);
    expect(periodsUntil(cumulative, 0.5)).toBe(2);
    expect(periodsUntil(cumulative, 1.01)).toBeNull();
  });

  test("pruning runs that cannot reach the target does not change the result", () => {
    // From 0 to 10 with changes {+1, −3} in 12 steps: a run that falls below 10 − (steps left) is cut short.
    const common = { current: 0, target: 10, direction: "increase" as const, changes: [1, -3], runs: 2000 };
    const hits = firstPassageHits({ ...common, maxSteps: 12, rng: rng() });
    const exact = exactFirstPassage(0, 10, [1, -3], 12);
    expect(Math.abs((cumulativeShares(hits, 2000)[12] as number) - (exact[12] as number))).toBeLessThan(0.01);
  });

  test("bad arguments", () => {
    const base = { current: 0, target: 1, direction: "increase" as const, changes: [1], runs: 10, rng: rng() };
    expect(() => firstPassageHits({ ...base, maxSteps: -1 })).toThrow(RangeError);
    expect(() => firstPassageHits({ ...base, maxSteps: 3, changes: [] })).toThrow(RangeError);
    expect(() => firstPassageHits({ ...base, maxSteps: 3, runs: 0 })).toThrow(RangeError);
    expect(() => firstPassageHits({ ...base, maxSteps: 3, changes: [Number.NaN] })).toThrow(RangeError);
  });
});
