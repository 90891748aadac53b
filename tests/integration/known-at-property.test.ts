import fc from "fast-check";
import { beforeEach, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { patchKpi } from "@/lib/data/kpis";
import { deleteMeasurement, recordMeasurement } from "@/lib/data/measurements";
import { scoreScope } from "@/lib/data/scores";
import { addDays, periodStart, type Cadence } from "@/lib/scoring";
import { endOfDayUtc } from "@/lib/time";
import { createTenants, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";
import { injectedClock } from "../helpers/clock";

/*
 * DESIGN "knownAt", the promise: for any D, scores(asOf = D, knownAt = end of D) computed later equal,
 * field by field, what was computed on D — after targets, weights and archiving were changed (from
 * past and future dates), cadences changed (the series re-bucketed), and values recorded, backfilled,
 * corrected and deleted in between. The clock
 * is injected (lib/clock): each day's changes happen at 10:00, its scores are taken at 23:59:59.999
 * (then "now" is the end of that day) as known now, and later redrawn from the history.
 */

let org: OrgFixture;
const at = injectedClock();

beforeEach(async () => {
  ({ orgA: org } = await createTenants());
});

const FIRST_DAY = "2026-10-01";
const kpiIndex = fc.integer({ min: 0, max: 1 });
const offset = fc.integer({ min: -40, max: 40 });
const operation = fc.oneof(
  fc.record({
    op: fc.constant("record" as const),
    kpi: kpiIndex,
    back: fc.integer({ min: 0, max: 60 }),
    value: fc.integer({ min: 0, max: 120 }),
  }),
  fc.record({ op: fc.constant("delete" as const), kpi: kpiIndex, back: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ op: fc.constant("target" as const), kpi: kpiIndex, target: fc.integer({ min: 50, max: 200 }), offset }),
  fc.record({ op: fc.constant("weight" as const), kpi: kpiIndex, weight: fc.integer({ min: 1, max: 5 }), offset }),
  fc.record({ op: fc.constant("archive" as const), kpi: kpiIndex, archived: fc.boolean(), offset }),
  fc.record({
    op: fc.constant("cadence" as const),
    kpi: kpiIndex,
    cadence: fc.constantFrom<Cadence>("week", "month", "quarter"),
  }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** The test's KPIs: their ids and the cadence each has now. */
interface Kpis {
  ids: string[];
  cadences: Cadence[];
}

async function apply(kpis: Kpis, day: string, o: Operation) {
  const ctx = org.ctx.owner;
  const kpiId = kpis.ids[o.kpi]!;
  switch (o.op) {
    case "record":
      return recordMeasurement(ctx, { kpiId, date: addDays(day, -o.back), value: o.value });
    case "delete":
      try {
        return await deleteMeasurement(ctx, {
          kpiId,
          period: periodStart(addDays(day, -o.back), kpis.cadences[o.kpi]!),
        });
      } catch (error) {
        if (error instanceof AppError && error.code === "not_found") return; // nothing to delete there
        throw error;
      }
    case "target":
      return patchKpi(ctx, kpiId, { target: o.target, validFrom: addDays(day, o.offset) });
    case "weight":
      return patchKpi(ctx, kpiId, { weight: o.weight, validFrom: addDays(day, o.offset) });
    case "archive":
      return patchKpi(ctx, kpiId, { archived: o.archived, validFrom: addDays(day, o.offset) });
    case "cadence":
      // Re-bucketing, confirmed; refused (422) on a KPI without values, where the cadence just changes.
      try {
        await patchKpi(ctx, kpiId, { cadence: o.cadence, rebucket: true });
      } catch (error) {
        if (!(error instanceof AppError && error.code === "validation")) throw error;
        await patchKpi(ctx, kpiId, { cadence: o.cadence });
      }
      kpis.cadences[o.kpi] = o.cadence;
      return;
  }
}

test("scores as of D as known at the end of D, redrawn later, equal the scores computed on D", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(operation, { maxLength: 3 }), { minLength: 2, maxLength: 5 }), async (days) => {
      at(`${FIRST_DAY}T08:00:00Z`);
      const stream = await createTestStream(org.ctx.owner, { kind: "production" });
      const output = await createTestKpi(org.ctx.owner, stream.id, { kind: "output", baseline: 0, target: 100 });
      const outcome = await createTestKpi(org.ctx.owner, stream.id, { kind: "outcome", baseline: 0, target: 100 });
      const kpis: Kpis = { ids: [output.id, outcome.id], cadences: ["month", "month"] };
      const taken: { day: string; scores: Awaited<ReturnType<typeof scoreScope>> }[] = [];
      for (const [i, operations] of days.entries()) {
        const day = addDays(FIRST_DAY, 3 * i);
        at(`${day}T10:00:00Z`);
        for (const o of operations) await apply(kpis, day, o);
        at(`${day}T23:59:59.999Z`);
        taken.push({ day, scores: await scoreScope(org.ctx.owner, { streamId: stream.id }, day) });
      }
      at("2027-02-01T12:00:00Z");
      // Later changes, so "later" differs from "then" wherever history leaks.
      await patchKpi(org.ctx.owner, output.id, { target: 180, validFrom: FIRST_DAY });
      await recordMeasurement(org.ctx.owner, { kpiId: outcome.id, date: FIRST_DAY, value: 99 });
      for (const { day, scores } of taken) {
        const later = await scoreScope(org.ctx.owner, { streamId: stream.id }, day, endOfDayUtc(day));
        expect(later, `as of ${day}`).toEqual(scores);
      }
    }),
    {
      numRuns: 8,
      examples: [
        [[[{ op: "weight", kpi: 0, weight: 2, offset: 4 }], [{ op: "archive", kpi: 0, archived: true, offset: 0 }]]],
        // Values by month, re-bucketed by week, then by quarter: each day's scores keep that day's series and cadence.
        [
          [
            [
              { op: "record", kpi: 1, back: 35, value: 40 },
              { op: "record", kpi: 1, back: 0, value: 60 },
            ],
            [{ op: "cadence", kpi: 1, cadence: "week" }],
            [
              { op: "record", kpi: 1, back: 1, value: 80 },
              { op: "cadence", kpi: 1, cadence: "quarter" },
            ],
          ],
        ],
      ],
    },
  );
}, 240_000);
