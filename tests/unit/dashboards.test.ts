import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { resolveAsOf } from "../../lib/scoring/as-of";
import { explain, linkLeverage, scoresByTeam, summarise } from "../../lib/scoring/compose";
import type { KpiMeta, ScoringData, ScoringKpiRow } from "../../lib/data/scores";
import {
  DEFAULT_SCORE_SETTINGS,
  explainScore,
  leverage,
  prepareKpi,
  scoreSet,
  shiftPeriod,
  trend,
  type KpiInput,
  type Measurement,
} from "../../lib/scoring";

const AS_OF = "2026-11-25";
const settings = DEFAULT_SCORE_SETTINGS;

/** Consecutive months, oldest first: months("2025-09-01", 3) = Sep, Oct, Nov 2025. */
const months = (from: string, count: number) => Array.from({ length: count }, (_, i) => shiftPeriod(from, "month", i));

/**
 * A monthly KPI with baseline 0 and target 100 (attainment = value / 100) and its dashboard meta.
 * `values` are given oldest first for `periods`; `team` null = no team.
 */
function row(
  id: string,
  kind: KpiInput["kind"],
  measurements: Measurement[],
  team: { id: string; name: string | null } | null = { id: "t1", name: "Team One" },
  over: Partial<KpiInput> = {},
): ScoringKpiRow {
  const kpi: KpiInput = {
    id,
    key: id.toUpperCase(),
    name: `KPI ${id}`,
    kind,
    direction: "increase",
    baseline: 0,
    target: 100,
    weight: 1,
    cadence: "month",
    ...over,
  };
  const meta: KpiMeta = {
    id,
    key: kpi.key,
    name: kpi.name,
    kind,
    unit: "u",
    teamId: team?.id ?? null,
    teamName: team?.name ?? null,
    streamId: "s1",
    streamName: "Stream",
    streamOwnerId: null,
  };
  return { ...prepareKpi({ kpi, measurements }), meta };
}

const series = (periods: string[], value: (i: number) => number): Measurement[] =>
  periods.map((period, i) => ({ period, value: value(i) }));

const data = (kpis: ScoringKpiRow[], links: ScoringData["links"] = [], asOf = AS_OF): ScoringData => ({
  asOf,
  settings,
  kpis,
  links,
});

describe("summarise: the sparkline", () => {
  // 20 months, Jul 2025 … Feb 2027; value = month index, so the spark names its own periods.
  const twenty = months("2025-07-01", 20);

  test.each<[string, Measurement[], string, string[]]>([
    [
      "the last 12 values up to the as-of date, oldest first",
      series(twenty, (i) => i),
      AS_OF,
      months("2025-12-01", 12),
    ],
    ["a period starting on the as-of date counts", series(twenty, (i) => i), "2026-11-01", months("2025-12-01", 12)],
    ["a day earlier, it does not", series(twenty, (i) => i), "2026-10-31", months("2025-11-01", 12)],
    ["fewer than 12 values: all of them", series(months("2026-08-01", 4), (i) => i), AS_OF, months("2026-08-01", 4)],
    ["exactly 12", series(months("2025-12-01", 12), (i) => i), AS_OF, months("2025-12-01", 12)],
    ["nothing up to the as-of date: empty", series(months("2026-12-01", 3), (i) => i), AS_OF, []],
    ["no measurements: empty", [], AS_OF, []],
    [
      "measurements given in any order are sorted",
      [...series(twenty, (i) => i)].reverse(),
      AS_OF,
      months("2025-12-01", 12),
    ],
  ])("%s", (_label, measurements, asOf, periods) => {
    const r = row("a", "output", measurements);
    const [card] = summarise([r], data([r], [], asOf), { trend: false }).cards;
    expect(card!.spark.map((p) => p.period)).toEqual(periods);
    const valueOf = new Map(measurements.map((m) => [m.period, m.value]));
    expect(card!.spark.map((p) => p.value)).toEqual(periods.map((p) => valueOf.get(p)));
  });
});

describe("summarise: score, cards and trend", () => {
  const rows = [
    row(
      "o1",
      "output",
      series(months("2026-01-01", 11), (i) => 10 * i),
    ), // Nov: 100
    row(
      "o2",
      "output",
      series(months("2026-06-01", 6), () => 30),
    ),
    row(
      "c1",
      "outcome",
      series(months("2026-03-01", 9), (i) => 5 * i),
    ), // Nov: 40
    row("c2", "outcome", []),
  ];

  test("the score is scoreSet's; one card per KPI, in the score's order, with its meta", () => {
    const summary = summarise(rows, data(rows));
    const score = scoreSet(rows, AS_OF, settings);
    expect(summary.score).toEqual(score);
    expect(summary.score).toMatchObject({ output: 0.65, outcome: 0.4, quadrant: "output_trap" });
    expect(summary.cards.map((c) => c.id)).toEqual(score.kpis.map((k) => k.id));
    for (const card of summary.cards) {
      expect(card.meta).toBe(rows.find((r) => r.meta.id === card.id)!.meta);
      expect(card).toMatchObject(score.kpis.find((k) => k.id === card.id)!);
    }
    expect(summary.cards.find((c) => c.id === "c2")!.spark).toEqual([]);
  });

  test("the trend is V over 12 month ends, unless left out", () => {
    expect(summarise(rows, data(rows)).trend).toEqual(trend(rows, AS_OF, settings));
    expect(summarise(rows, data(rows)).trend).toHaveLength(12);
    expect(summarise(rows, data(rows), { trend: false }).trend).toEqual([]);
  });

  test("settings are the data's: another θ changes the quadrant", () => {
    const summary = summarise(
      rows,
      { asOf: AS_OF, settings: { ...settings, quadrantThreshold: 0.35 } },
      { trend: false },
    );
    expect(summary.score.quadrant).toBe("creating_value");
  });

  test("an empty set", () => {
    const summary = summarise([], data([]));
    expect(summary.score).toMatchObject({ output: null, outcome: null, value: null, quadrant: "no_data" });
    expect(summary.cards).toEqual([]);
    expect(summary.trend.every((p) => p.value === null)).toBe(true);
  });
});

describe("scoresByTeam", () => {
  const now = months("2026-11-01", 1);
  const one = { id: "t1", name: "Team One" };
  const two = { id: "t2", name: "Team Two" };

  test.each<[string, ScoringKpiRow[], { teamId: string | null; teamName: string; ids: string[] }[]]>([
    [
      "one row per team, in order of first appearance; KPIs without a team form the “No team” row",
      [
        row(
          "a",
          "output",
          series(now, () => 80),
          one,
        ),
        row(
          "n",
          "outcome",
          series(now, () => 10),
          null,
        ),
        row(
          "b",
          "output",
          series(now, () => 20),
          two,
        ),
        row(
          "c",
          "outcome",
          series(now, () => 60),
          one,
        ),
        row("m", "output", [], null),
      ],
      [
        { teamId: "t1", teamName: "Team One", ids: ["a", "c"] },
        { teamId: null, teamName: "No team", ids: ["n", "m"] },
        { teamId: "t2", teamName: "Team Two", ids: ["b"] },
      ],
    ],
    [
      "only KPIs without a team",
      [
        row(
          "n",
          "outcome",
          series(now, () => 10),
          null,
        ),
      ],
      [{ teamId: null, teamName: "No team", ids: ["n"] }],
    ],
    ["no KPIs, no rows", [], []],
    [
      "a team whose name did not load is still a team row",
      [
        row(
          "a",
          "output",
          series(now, () => 80),
          { id: "t9", name: null },
        ),
      ],
      [{ teamId: "t9", teamName: "Team", ids: ["a"] }],
    ],
  ])("%s", (_label, kpis, expected) => {
    const result = scoresByTeam(data(kpis));
    expect(
      result.map((r) => ({ teamId: r.teamId, teamName: r.teamName, ids: r.score.kpis.map((k) => k.id).sort() })),
    ).toEqual(expected.map((e) => ({ ...e, ids: [...e.ids].sort() })));
    for (const r of result) {
      const group = kpis.filter((k) => k.meta.teamId === r.teamId);
      expect(r.score).toEqual(scoreSet(group, AS_OF, settings));
    }
  });

  test("each row is scored on its own: quadrants differ by team", () => {
    const kpis = [
      row(
        "a",
        "output",
        series(now, () => 80),
        one,
      ),
      row(
        "c",
        "outcome",
        series(now, () => 60),
        one,
      ),
      row(
        "b",
        "output",
        series(now, () => 80),
        two,
      ),
      row(
        "d",
        "outcome",
        series(now, () => 10),
        two,
      ),
      row(
        "n",
        "output",
        series(now, () => 90),
        null,
      ),
    ];
    expect(Object.fromEntries(scoresByTeam(data(kpis)).map((r) => [r.teamName, r.score.quadrant]))).toEqual({
      "Team One": "creating_value",
      "Team Two": "output_trap",
      "No team": "blind_spot",
    });
  });
});

describe("linkLeverage", () => {
  // 24 months of history: the outcome follows the output a month later.
  const history = months("2024-12-01", 24);
  const wave = (i: number) => 50 + 40 * Math.sin(i * 1.3);
  const o1 = row("o1", "output", series(history, wave));
  const o2 = row(
    "o2",
    "output",
    series(history, (i) => 30 + i),
    { id: "t2", name: "Team Two" },
  );
  const c1 = row(
    "c1",
    "outcome",
    series(history, (i) => wave(i - 1)),
  );
  const c2 = row(
    "c2",
    "outcome",
    series(history, (i) => 20 + 2 * i),
    { id: "t2", name: "Team Two" },
  );
  const links = [
    { outputKpiId: "o1", outcomeKpiId: "c1" },
    { outputKpiId: "o1", outcomeKpiId: "c2" }, // another team's outcome
    { outputKpiId: "o2", outcomeKpiId: "c2" }, // output not in the set
    { outputKpiId: "o1", outcomeKpiId: "gone" }, // outcome not loaded (e.g. archived)
  ];
  const all = data([o1, o2, c1, c2], links);

  test.each<[string, ScoringKpiRow[], string[]]>([
    ["only links whose output is in the set, the outcome being anyone's that was loaded", [o1, c1], ["o1→c1", "o1→c2"]],
    ["the other team's set", [o2, c2], ["o2→c2"]],
    ["a set of outcomes only drives nothing", [c1, c2], []],
    ["everything", [o1, o2, c1, c2], ["o1→c1", "o1→c2", "o2→c2"]],
    ["an empty set", [], []],
  ])("%s", (_label, rows, expected) => {
    const result = linkLeverage(rows, all);
    expect(result.map((l) => `${l.output.id}→${l.outcome.id}`)).toEqual(expected);
    for (const l of result) {
      const output = all.kpis.find((k) => k.meta.id === l.output.id)!;
      const outcome = all.kpis.find((k) => k.meta.id === l.outcome.id)!;
      expect(l.output).toBe(output.meta);
      expect(l.outcome).toBe(outcome.meta);
      expect(l.result).toEqual(leverage(output, outcome, AS_OF));
    }
  });

  test("a lagging outcome is found at lag 1", () => {
    const [l] = linkLeverage([o1], data([o1, c1], [links[0]!]));
    expect(l!.result).toMatchObject({ lag: 1, evidence: "strong" });
    expect(l!.result.r!).toBeGreaterThan(0.99);
  });
});

describe("explain", () => {
  test("is explainScore of the set's score, as of the data's date and with its settings", () => {
    const rows = [
      row(
        "o1",
        "output",
        series(months("2026-01-01", 11), (i) => 10 * i),
      ),
      row(
        "c1",
        "outcome",
        series(months("2026-09-01", 3), () => 55),
      ),
    ];
    const d = { asOf: "2026-10-15", settings: { ...settings, outcomeWeight: 0.5 } };
    expect(explain(rows, d)).toEqual(explainScore(scoreSet(rows, d.asOf, d.settings)));
    expect(explain(rows, d)).not.toEqual(explain(rows, data(rows)));
  });
});

describe("resolveAsOf", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // Late in the evening UTC: the calendar date is the UTC one.
    vi.setSystemTime(new Date("2026-11-25T23:30:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test.each<[string, string | string[] | undefined, { asOf: string; invalid: boolean; isToday: boolean }]>([
    ["absent: today", undefined, { asOf: "2026-11-25", invalid: false, isToday: true }],
    ["empty: today", "", { asOf: "2026-11-25", invalid: false, isToday: true }],
    ["a valid date: as given", "2026-03-31", { asOf: "2026-03-31", invalid: false, isToday: false }],
    ["a leap day", "2024-02-29", { asOf: "2024-02-29", invalid: false, isToday: false }],
    ["a future date: as given", "2027-01-15", { asOf: "2027-01-15", invalid: false, isToday: false }],
    ["today, given: as given and today", "2026-11-25", { asOf: "2026-11-25", invalid: false, isToday: true }],
    ["not a date: today, flagged", "yesterday", { asOf: "2026-11-25", invalid: true, isToday: true }],
    ["no such day: today, flagged", "2026-02-30", { asOf: "2026-11-25", invalid: true, isToday: true }],
    ["not a leap year: today, flagged", "2025-02-29", { asOf: "2026-11-25", invalid: true, isToday: true }],
    ["month 13: today, flagged", "2026-13-01", { asOf: "2026-11-25", invalid: true, isToday: true }],
    ["another format: today, flagged", "25/11/2026", { asOf: "2026-11-25", invalid: true, isToday: true }],
    ["with a time: today, flagged", "2026-11-01T00:00:00Z", { asOf: "2026-11-25", invalid: true, isToday: true }],
    ["short: today, flagged", "2026-1-1", { asOf: "2026-11-25", invalid: true, isToday: true }],
  ])("%s", (_label, param, expected) => {
    expect(resolveAsOf(param)).toEqual({ ...expected, knownThen: false, knownAt: undefined });
  });

  test("as known then: the end of the as-of date; for today, clamped to now (the current knowledge)", () => {
    expect(resolveAsOf("2026-11-15", "then")).toEqual({
      asOf: "2026-11-15",
      invalid: false,
      isToday: false,
      knownThen: true,
      knownAt: new Date("2026-11-15T23:59:59.999Z"),
    });
    expect(resolveAsOf("2026-11-25", "then")).toMatchObject({ knownThen: true, knownAt: undefined });
    expect(resolveAsOf("2026-11-15", "now")).toMatchObject({ knownThen: false, knownAt: undefined });
  });
});
