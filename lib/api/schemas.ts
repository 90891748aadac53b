import "server-only";
import { z } from "zod";
import { cadences, directions, kpiKinds, periods, resourceKinds, streamKinds } from "@/db/schema/streams";

/**
 * Response schemas of the REST API (v1): they document what the endpoints answer in the OpenAPI
 * document, and the contract tests check real answers against that document.
 */

const id = z.uuid();
const dateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const nullableNumber = z.number().nullable();
const share = z.number().nullable();
const quadrantSchema = z.enum(["no_data", "blind_spot", "creating_value", "output_trap", "outcome_at_risk", "stalled"]);

export const errorSchema = z
  .object({
    error: z.object({
      code: z
        .enum([
          "malformed",
          "unauthenticated",
          "forbidden",
          "not_found",
          "method_not_allowed",
          "conflict",
          "cadence_has_values",
          "kpi_in_formula",
          "payload_too_large",
          "validation",
          "rate_limited",
          "internal",
        ])
        .describe(
          "Stable, for programs: malformed (400), unauthenticated (401), forbidden (403), not_found (404), conflict (409), cadence_has_values (409: a cadence change on a KPI with values, without rebucket: true), kpi_in_formula (409: deleting or archiving an input of a formula KPI), payload_too_large (413), validation (422), rate_limited (429), internal (500).",
        ),
      message: z.string().describe("For people: what went wrong and what to do."),
      details: z
        .array(
          z.object({
            path: z.string().describe("The field, as a dotted path into the body or query (`measurements.3.value`)."),
            message: z.string(),
            index: z.int().min(0).optional().describe("Bulk requests: the item's position in the list."),
            field: z.string().optional().describe("Bulk requests: the item's field."),
          }),
        )
        .nullable()
        .describe("For 422: the fields and what is wrong with each (at most 1,000). Otherwise null."),
    }),
  })
  .meta({ id: "Error", description: "Every error has this shape." });

export const teamSchema = z.object({ id, name: z.string(), memberCount: z.int().min(0) }).meta({ id: "Team" });
export const teamListSchema = z.object({ data: z.array(teamSchema) }).meta({ id: "TeamList" });

export const resourceSchema = z
  .object({
    id,
    kind: z.enum(resourceKinds),
    name: z.string(),
    quantity: z.number(),
    rate: z.number(),
    availability: z.number().describe("0 to 1."),
    capacity: z.number().describe("quantity × rate × availability."),
  })
  .meta({ id: "Resource" });

export const stageSchema = z
  .object({
    id,
    position: z.int().min(0),
    name: z.string(),
    teamId: id.nullable(),
    input: z.string().nullable(),
    output: z.string().nullable(),
    processTime: nullableNumber,
    wip: nullableNumber,
    pctCA: share,
    unit: z
      .string()
      .nullable()
      .describe("The stage's own unit, which its capacity, demand and shortfall count; null: the stream's unit."),
    conversion: z.number().describe("f: the stage's units one unit of the stream's output needs."),
    resources: z.array(resourceSchema),
    capacity: z.number().describe("Σ quantity × rate × availability, units per stream period."),
    capacityInStreamUnits: z.number().describe("capacity ÷ f: stream units per period the stage can serve."),
    demand: nullableNumber.describe("The stream's demand × f: stage units per period; null without demand."),
    utilisation: nullableNumber.describe(
      "demand ÷ capacity; null without demand, or when the stage has no capacity for a demand above 0.",
    ),
    shortfall: nullableNumber.describe("max(0, demand − capacity) a period; null without demand."),
    extraNeeded: nullableNumber.describe(
      "More of the main resource that would close the shortfall; null when that can't help.",
    ),
    bottleneck: z.boolean(),
  })
  .meta({ id: "Stage" });

export const capacitySchema = z
  .object({
    demand: nullableNumber,
    pace: nullableNumber.describe("Expected units a period: min(demand, min capacity)."),
    bottleneckStageId: id.nullable(),
    leadTime: nullableNumber.describe("Σ WIP ÷ pace, in periods (Little's law)."),
    leadTimePartial: z.boolean().describe("True when some stages gave no WIP: lead time is a lower bound."),
    flowEfficiency: nullableNumber,
    rolledPctCA: nullableNumber,
  })
  .meta({ id: "Capacity", description: "The stream's resource assessment." });

const streamBase = {
  id,
  name: z.string(),
  kind: z.enum(streamKinds),
  customerNeed: z.string().nullable(),
  ownerId: z.string().nullable(),
  demandAmount: nullableNumber,
  demandUnit: z.string().nullable(),
  demandPeriod: z.enum(periods),
  archived: z.boolean(),
  createdAt: dateTime,
};

export const streamSummarySchema = z
  .object({ ...streamBase, stageCount: z.int().min(0), kpiCount: z.int().min(0), capacity: capacitySchema })
  .meta({ id: "StreamSummary" });
export const streamListSchema = z.object({ data: z.array(streamSummarySchema) }).meta({ id: "StreamList" });

export const streamSchema = z
  .object({
    ...streamBase,
    stages: z.array(stageSchema),
    capacity: capacitySchema,
    kpis: z.array(z.object({ id, key: z.string(), name: z.string(), kind: z.enum(kpiKinds), archived: z.boolean() })),
  })
  .meta({ id: "Stream", description: "A value stream with its stages, resources, capacity figures and KPIs." });

export const kpiSchema = z
  .object({
    id,
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(kpiKinds),
    unit: z.string(),
    direction: z.enum(directions),
    baseline: nullableNumber,
    target: z.number(),
    targetDate: isoDate.nullable().describe("Target date T of the definition in force today; null when none."),
    planStart: isoDate
      .nullable()
      .describe("Plan start S; null when the plan starts on the day the definition applies from."),
    weight: z.number(),
    cadence: z.enum(cadences),
    streamId: id,
    stageId: id.nullable(),
    teamId: id.nullable(),
    ownerId: z.string().nullable(),
    archived: z.boolean(),
    formula: z
      .object({ numeratorId: id, denominatorId: id })
      .nullable()
      .describe(
        "A formula KPI's inputs: its value per period is numerator ÷ denominator (no value where one is missing or the denominator is 0). Its values can't be recorded. Null for a plain KPI.",
      ),
    createdAt: dateTime,
  })
  .meta({ id: "Kpi" });
export const kpiListSchema = z.object({ data: z.array(kpiSchema) }).meta({ id: "KpiList" });

export const kpiVersionListSchema = z
  .object({
    kpi: z.object({ id, key: z.string() }),
    data: z.array(
      z.object({
        validFrom: isoDate.describe("The first day the version applies to."),
        recordedAt: dateTime.describe("When Flowline learned it."),
        author: z
          .object({ kind: z.enum(["user", "token"]), id: z.string(), name: z.string().nullable() })
          .nullable()
          .describe("Who recorded it: a member, or an API token acting for one; null when unknown."),
        kind: z.enum(kpiKinds),
        direction: z.enum(directions),
        baseline: nullableNumber,
        target: z.number(),
        targetDate: isoDate.nullable(),
        planStart: isoDate.nullable(),
        weight: z.number(),
        teamId: id.nullable(),
        stageId: id.nullable(),
        archived: z.boolean(),
        changes: z
          .array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() }))
          .describe("What it changed against the definition in force on its validFrom when it was recorded."),
      }),
    ),
  })
  .meta({ id: "KpiVersionList", description: "A KPI's definition versions in recording order." });

const measurementKpiSchema = z.object({ id, key: z.string(), cadence: z.enum(cadences) });
const periodSchema = isoDate.describe("The first day of the period (ISO week's Monday, first of month or quarter).");
const knownAtSchema = dateTime.describe("The knowledge time the answer was read with (at most now).");

export const measurementListSchema = z
  .object({
    kpi: measurementKpiSchema,
    knownAt: knownAtSchema,
    history: z.literal(false),
    data: z.array(
      z.object({
        period: periodSchema,
        value: z.number(),
        note: z.string().nullable(),
        updatedAt: dateTime.describe("When this value was recorded."),
      }),
    ),
  })
  .meta({ id: "MeasurementList", description: "The values as known at knownAt." });

export const measurementHistorySchema = z
  .object({
    kpi: measurementKpiSchema,
    knownAt: knownAtSchema,
    history: z.literal(true),
    data: z.array(
      z.object({
        period: periodSchema,
        value: z.number().nullable().describe("null: the period's value was deleted."),
        deleted: z.boolean(),
        note: z.string().nullable(),
        recordedAt: dateTime.describe("When Flowline learned it."),
        author: z
          .object({ kind: z.enum(["user", "token"]), id: z.string(), name: z.string().nullable() })
          .nullable()
          .describe("Who recorded it: a member (named), or an API token (by its name); null when unknown."),
      }),
    ),
  })
  .meta({
    id: "MeasurementHistory",
    description: "Every version of each period recorded by knownAt: by period, then in recording order.",
  });

export const measurementAnswerSchema = z
  .discriminatedUnion("history", [measurementListSchema, measurementHistorySchema])
  .meta({ id: "MeasurementAnswer", description: "history=false: MeasurementList; history=true: MeasurementHistory." });

export const bulkResultSchema = z
  .object({
    count: z.int().min(0).describe("Values written."),
    inserted: z.int().min(0).describe("Values for a period that had none."),
    replaced: z.int().min(0).describe("Values that replaced the period's previous value."),
    kpis: z.int().min(0).describe("Distinct KPIs written to."),
  })
  .meta({ id: "MeasurementsWritten" });

export const scoresSchema = z
  .object({
    asOf: isoDate,
    knownAt: dateTime.describe("The knowledge time the scores were computed with (at most now)."),
    output: share.describe("Output score O: Σ w·a ÷ Σ w over output KPIs with data; null when none has data."),
    outcome: share.describe("Outcome score C, the same over outcome KPIs."),
    value: share.describe("Value score V = α·C + (1 − α)·O (the other one when one is null)."),
    quadrant: quadrantSchema,
    outcomeFocus: share.describe("Σ w of outcome KPIs ÷ Σ w of all; null for no KPIs."),
    coverage: share.describe("Share of KPIs with recent data; null for no KPIs."),
    kpis: z.array(
      z.object({
        id,
        key: z.string(),
        name: z.string(),
        kind: z.enum(kpiKinds),
        attainment: share.describe("0 to 1; null without data."),
        expected: share.describe("Expected attainment e(asOf) toward the target date; null without a target date."),
        status: z.enum(["on_track", "at_risk", "off_track", "no_data"]),
        stale: z.boolean(),
      }),
    ),
  })
  .meta({ id: "Scores", description: "Scores as DESIGN.md defines them, as of a date." });

const probability = z.number().min(0).max(1).nullable();
const eta = z.number().int().nullable();

export const kpiAnalysisSchema = z
  .object({
    limits: z
      .object({
        mean: z.number().describe("Centre line x̄ of the values the limits come from."),
        upper: z.number().describe("x̄ + 2.66·mR̄."),
        lower: z.number().describe("x̄ − 2.66·mR̄."),
        from: isoDate.describe("First period of the values the limits come from."),
        to: isoDate.describe("Last period of the values the limits come from."),
      })
      .nullable()
      .describe("XmR limits; null with fewer than 9 values on or before asOf."),
    signals: z.array(
      z.object({
        rule: z
          .enum(["beyond_limits", "three_of_four", "run_of_eight"])
          .describe("Wheeler's rule 1, 2 or 3, judged on the values after the limits' range."),
        periods: z.array(isoDate).describe("The periods the signal rests on, oldest first."),
        direction: z.enum(["improving", "worsening"]).describe("By the KPI's direction."),
      }),
    ),
    forecast: z
      .object({
        target: z.number(),
        targetDate: isoDate.nullable(),
        probabilityByTargetDate: probability.describe("P(met by the target date); null without a target date."),
        probabilityWithin: z
          .object({ "4": probability, "8": probability, "12": probability })
          .describe("P(met within 4, 8, 12 periods); null with a target date."),
        eta: z
          .object({ p50: eta, p85: eta, p95: eta })
          .describe(
            "Periods of the KPI's cadence after its latest value until met with 50 / 85 / 95 % probability; null when not reached within 3 × the horizon.",
          ),
      })
      .nullable()
      .describe(
        "Null without a target, with fewer than 5 period-over-period changes, when none moved, or when the target date has passed.",
      ),
  })
  .meta({ id: "KpiAnalysis", description: "Signal or noise and the forecast of a KPI, as DESIGN.md defines them." });

export const streamLinkSchema = z
  .object({
    id,
    from: id.describe("The supplying stream."),
    to: id.describe("The stream it feeds."),
    conversion: z.number().describe("k: units of `to`'s output one unit of `from`'s output ends up as."),
    createdAt: dateTime,
  })
  .meta({ id: "StreamLink" });
export const streamLinkListSchema = z.object({ data: z.array(streamLinkSchema) }).meta({ id: "StreamLinkList" });

const perMonth = (what: string) => nullableNumber.describe(`${what}, per month.`);

export const valueChainSchema = z
  .object({
    asOf: isoDate.describe("The date of the value scores."),
    streams: z.array(
      z.object({
        id,
        name: z.string(),
        kind: z.enum(streamKinds),
        unit: z.string().nullable(),
        period: z.enum(periods).describe("The stream's own period; every figure here is per month."),
        demand: perMonth("Own demand"),
        capacity: perMonth("minᵢ capᵢ ÷ fᵢ"),
        pace: perMonth("Own expected pace: min(demand, capacity)"),
        requiredDemand: perMonth(
          "required(S): own demand for a stream that feeds no other, else Σ required(T) ÷ k(S,T) over the streams it feeds",
        ),
        requiredPartial: z.boolean().describe("True when a stream it feeds has no known requirement (a lower bound)."),
        chainUtilisation: nullableNumber.describe("required ÷ capacity; null when either is unknown or capacity is 0."),
        chainPace: perMonth("min(own pace, Σ k(A,S) × chainPace(A)) over its suppliers; own pace without suppliers"),
        constraint: z.boolean().describe("The stream with the highest chain utilisation (ties: first in link order)."),
        linked: z.boolean(),
        column: z.int().min(0).nullable().describe("Left-to-right position in link order; null when unlinked."),
        value: nullableNumber.describe("The stream's value score V as of asOf."),
        quadrant: quadrantSchema.describe("The stream's quadrant as of asOf."),
      }),
    ),
    links: z.array(
      z.object({
        id,
        from: id,
        to: id,
        conversion: z.number(),
        required: perMonth("required(to) ÷ k: units of `from` this link asks for"),
        flow: perMonth("k × chainPace(from): units of `to` this link can bring"),
      }),
    ),
    constraint: z
      .object({ id, name: z.string() })
      .nullable()
      .describe("The chain constraint: the linked stream with the highest chain utilisation."),
    explanation: z.string().describe("The constraint in one sentence."),
    mismatches: z
      .array(
        z.object({
          streamId: id,
          demand: z.number(),
          required: z.number(),
          sentence: z.string(),
        }),
      )
      .describe("Suppliers whose own demand differs from the chain's requirement by more than 5 %."),
  })
  .meta({ id: "ValueChain", description: "Every active stream's chain figures, per month, and the constraint." });

// ---- Scenarios ---------------------------------------------------------------------------------------

const figureDelta = (what: string) =>
  z
    .object({
      current: nullableNumber.describe(`${what} today.`),
      draft: nullableNumber.describe(`${what} with the draft.`),
      difference: nullableNumber.describe("draft − current; null when either is null."),
      changed: z.boolean(),
    })
    .describe(`${what}: today beside the draft (null where the figure is undefined or infinite).`);

const stageRef = z.object({ id, name: z.string() }).nullable();

export const scenarioSummarySchema = z
  .object({ id, streamId: id, name: z.string(), createdAt: dateTime })
  .meta({ id: "ScenarioSummary" });
export const scenarioListSchema = z.object({ data: z.array(scenarioSummarySchema) }).meta({ id: "ScenarioList" });

export const scenarioSchema = z
  .object({
    id,
    streamId: id,
    name: z.string(),
    createdAt: dateTime,
    setup: z
      .object({
        demand: nullableNumber,
        stages: z.array(
          z.object({
            id,
            name: z.string(),
            unit: z.string().nullable(),
            conversion: z.number(),
            resources: z.array(
              z.object({
                id,
                kind: z.enum(resourceKinds),
                name: z.string(),
                quantity: z.number(),
                rate: z.number(),
                availability: z.number(),
              }),
            ),
          }),
        ),
      })
      .describe("The draft's setup: what PATCH changes."),
    comparison: z
      .object({
        pace: figureDelta("Expected pace, stream units a period"),
        capacity: figureDelta("Capacity, stream units a period"),
        leadTime: figureDelta("Lead time in periods (Little's law, a steady-state estimate)"),
        flowEfficiency: figureDelta("Flow efficiency"),
        bottleneck: z.object({ current: stageRef, draft: stageRef, moved: z.boolean() }),
        stages: z.array(
          z.object({
            id,
            name: z.string(),
            status: z.enum(["kept", "added", "removed"]),
            utilisation: figureDelta("Utilisation"),
            capacityInStreamUnits: figureDelta("Capacity in stream units"),
            extraNeeded: figureDelta("Extra main resources needed"),
          }),
        ),
        changes: z.int().min(0).describe("How many inputs the draft changes against today."),
      })
      .describe("The draft beside the stream today."),
  })
  .meta({
    id: "Scenario",
    description: "A draft setup of a stream compared with today. Drafts never change the stream or any score.",
  });
