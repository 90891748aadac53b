import { beforeEach, describe, expect, test } from "vitest";
import { GET as analysisRoute } from "@/app/api/v1/kpis/[id]/analysis/route";
import { PATCH as patchKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { recordMeasurement } from "@/lib/data/measurements";
import type { KpiAnalysisResponse } from "@/lib/analysis";
import { shiftPeriod } from "@/lib/scoring";
import { apiError, apiToken, call } from "../helpers/api";
import { createTenants, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";
import { injectedClock } from "../helpers/clock";

let orgA: OrgFixture;
let orgB: OrgFixture;
let read: string;
const at = injectedClock();

beforeEach(async () => {
  at("2026-01-10T09:00:00Z");
  ({ orgA, orgB } = await createTenants());
  read = (await apiToken(orgA.ctx.owner, "read")).secret;
});

async function kpiWith(fixture: OrgFixture, values: number[], input: Parameters<typeof createTestKpi>[2] = {}) {
  const stream = await createTestStream(fixture.ctx.owner, { kind: "production" });
  const kpi = await createTestKpi(fixture.ctx.owner, stream.id, { baseline: 0, target: 20, ...input });
  await record(fixture, kpi.id, values);
  return kpi;
}

/** Monthly values from January 2025 on (or from `first`). */
async function record(fixture: OrgFixture, kpiId: string, values: number[], first = 0) {
  for (const [i, value] of values.entries())
    await recordMeasurement(fixture.ctx.owner, { kpiId, date: shiftPeriod("2025-01-01", "month", first + i), value });
}

const analysis = (id: string, query: Record<string, string> = {}, token = read) =>
  call<KpiAnalysisResponse>(analysisRoute, { token, path: `/kpis/${id}/analysis`, params: { id }, query });

// DESIGN's worked example: x̄ = 94 / 8 = 11.75, mR̄ = 9 / 7, limits 11.75 ± 2.66 × 9 / 7 = 15.17 / 8.33.
const DESIGN = [10, 12, 11, 13, 12, 11, 12, 13];

describe("GET /kpis/{id}/analysis", () => {
  test("DESIGN's XmR example: limits 15.17 / 8.33 from the first 8 months, a signal at 16 improving an increase KPI", async () => {
    const kpi = await kpiWith(orgA, [...DESIGN, 16]);
    const answer = await analysis(kpi.key, { asOf: "2025-12-31" });
    expect(answer.status).toBe(200);
    const { limits, signals } = answer.body;
    expect(limits).toMatchObject({ from: "2025-01-01", to: "2025-08-01" });
    expect(limits!.mean).toBeCloseTo(11.75, 9);
    expect(limits!.upper).toBeCloseTo(15.17, 9);
    expect(limits!.lower).toBeCloseTo(8.33, 9);
    expect(Object.keys(limits!).sort()).toEqual(["from", "lower", "mean", "to", "upper"]);
    expect(signals).toEqual([{ rule: "beyond_limits", periods: ["2025-09-01"], direction: "improving" }]);
  });

  test("the same values on a decrease KPI are a worsening signal; before the 9th value there are no limits", async () => {
    const kpi = await kpiWith(orgA, [...DESIGN, 16], { direction: "decrease", baseline: 30, target: 5 });
    expect((await analysis(kpi.id)).body.signals).toEqual([
      { rule: "beyond_limits", periods: ["2025-09-01"], direction: "worsening" },
    ]);
    // As of August only 8 values count: fewer than 9, no chart limits, no signals.
    expect((await analysis(kpi.id, { asOf: "2025-08-31" })).body).toMatchObject({ limits: null, signals: [] });
  });

  test("DESIGN's forecast check: 113 toward 125 with changes +4, −1, +5, +2, +3 (no target date)", async () => {
    const kpi = await kpiWith(orgA, [100, 104, 103, 108, 110, 113], { target: 125 });
    const { body } = await analysis(kpi.id, { asOf: "2025-12-31" });
    expect(body.limits).toBeNull(); // 6 values
    const f = body.forecast!;
    expect(f).toMatchObject({ target: 125, targetDate: null, probabilityByTargetDate: null });
    // Exact: P(within 4) = 0.4336, P(within 8) = 0.94817536; a simulation is within ±0.015.
    expect(Math.abs(f.probabilityWithin["4"]! - 0.4336)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(f.probabilityWithin["8"]! - 0.94817536)).toBeLessThanOrEqual(0.015);
    expect(f.probabilityWithin["12"]!).toBeGreaterThan(f.probabilityWithin["8"]!);
    // 50 % in 5 (0.66 vs 0.43 at 4), 85 % in 7 (0.90 vs 0.81 at 6); 95 % sits at 0.948 / 0.97: 8 or 9.
    expect([f.eta.p50, f.eta.p85]).toEqual([5, 7]);
    expect([8, 9]).toContain(f.eta.p95);
    // Seeded by (KPI, asOf, knownAt): the same question redraws the same answer.
    expect((await analysis(kpi.id, { asOf: "2025-12-31", knownAt: "2026-01-10T09:00:00Z" })).body).toEqual(body);
  });

  test("a target date: only the probability by that date applies; a passed one or too little history: no forecast", async () => {
    const kpi = await kpiWith(orgA, [100, 104, 103, 108, 110, 113], {
      target: 125,
      targetDate: "2025-10-31",
      planStart: "2025-01-01",
    });
    const f = (await analysis(kpi.id, { asOf: "2025-06-30" })).body.forecast!;
    // From June, October is 4 periods ahead: P = 0.4336 ± 0.015.
    expect(Math.abs(f.probabilityByTargetDate! - 0.4336)).toBeLessThanOrEqual(0.015);
    expect(f.probabilityWithin).toEqual({ "4": null, "8": null, "12": null });
    expect(f.targetDate).toBe("2025-10-31");
    expect((await analysis(kpi.id, { asOf: "2025-11-30" })).body.forecast).toBeNull();
    expect((await analysis(kpi.id, { asOf: "2025-05-31" })).body.forecast).toBeNull(); // 4 changes
  });

  test("as known then: a value recorded later and a later change of direction are not seen", async () => {
    const kpi = await kpiWith(orgA, [...DESIGN, 16]);
    at("2026-02-10T09:00:00Z");
    await record(orgA, kpi.id, [17], 9);
    const write = (await apiToken(orgA.ctx.owner, "write")).secret;
    const patched = await call(patchKpiRoute, {
      token: write,
      method: "PATCH",
      path: `/kpis/${kpi.id}`,
      params: { id: kpi.id },
      body: { direction: "decrease", baseline: 30, target: 5, validFrom: "2025-01-01" },
    });
    expect(patched.status).toBe(200);
    // 10 values: limits from the first 9 (x̄ = 110 / 9, mR̄ = 12 / 8, upper 12.22 + 3.99 = 16.21), 17 beyond it.
    expect((await analysis(kpi.id)).body.signals).toEqual([
      { rule: "beyond_limits", periods: ["2025-10-01"], direction: "worsening" },
    ]);
    // On 10 January: 9 values, the KPI an increase one.
    expect((await analysis(kpi.id, { knownAt: "2026-01-10" })).body.signals).toEqual([
      { rule: "beyond_limits", periods: ["2025-09-01"], direction: "improving" },
    ]);
  });

  test.each([
    ["asOf", { asOf: "2026-02-30" }],
    ["knownAt", { knownAt: "yesterday" }],
  ])("a bad %s: 422 naming it", async (field, query) => {
    const kpi = await kpiWith(orgA, []);
    const answer = await analysis(kpi.id, query);
    expect(answer.status).toBe(422);
    expect(JSON.stringify(apiError(answer).details)).toContain(field);
  });

  test("another organisation's KPI: 404, by id and by key", async () => {
    const theirs = await kpiWith(orgB, DESIGN);
    expect((await analysis(theirs.id)).status).toBe(404);
    expect((await analysis(theirs.key)).status).toBe(404);
  });
});
