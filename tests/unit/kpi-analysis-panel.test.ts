import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { KpiAnalysisPanel, signalSentence } from "@/components/kpis/kpi-analysis-panel";
import { kpiAnalysis } from "@/lib/analysis";
import { shiftPeriod } from "@/lib/scoring";

const monthly = (values: number[]) =>
  values.map((value, i) => ({ period: shiftPeriod("2025-01-01", "month", i), value }));
const analyse = (values: number[], target: number | null, targetDate: string | null = null) =>
  kpiAnalysis({
    kpi: { id: "k1", direction: "increase", cadence: "month", target, targetDate },
    measurements: monthly(values),
    asOf: "2025-12-31",
    knownAt: "2026-01-10T00:00:00.000Z",
  });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("signal sentences", () => {
  test("the brief's example: a rule-2 signal over four months of a decrease KPI", () => {
    expect(
      signalSentence(
        {
          rule: "three_of_four",
          side: "above",
          direction: "worsening",
          periods: ["2026-05-01", "2026-06-01", "2026-08-01"],
          values: [1, 2, 3],
        },
        "month",
      ),
    ).toBe("Signal: 3 of 4 values beyond the warning line, 2026-05 to 2026-08, worsening");
  });

  test("a single point, by quarter", () => {
    const s = {
      rule: "beyond_limits",
      side: "below",
      direction: "improving",
      periods: ["2026-04-01"],
      values: [1],
    } as const;
    expect(signalSentence({ ...s, periods: [...s.periods], values: [...s.values] }, "quarter")).toBe(
      "Signal: a value outside the process limits, 2026 Q2, improving",
    );
  });
});

describe("the analysis panel", () => {
  test("DESIGN's XmR example: limits 8.33 to 15.17 and the signal at 16; the forecast within 4/8/12 months", () => {
    const html = text(
      renderToStaticMarkup(
        createElement(KpiAnalysisPanel, {
          analysis: analyse([10, 12, 11, 13, 12, 11, 12, 13, 16], 20),
          cadence: "month",
          unit: "t",
        }),
      ),
    );
    expect(html).toContain("Limits 8.33 t to 15.17 t, centre 11.75 t (x̄), from 8 values, 2025-01 to 2025-08.");
    expect(html).toContain("Signal: a value outside the process limits, 2025-09, improving");
    expect(html).toMatch(/Within 4, 8 and 12 months: \d+ %, \d+ %, \d+ % to reach 20 t\./);
  });

  test("with a target date: the probability by that date; too little history says why there are no limits", () => {
    const html = text(
      renderToStaticMarkup(
        createElement(KpiAnalysisPanel, {
          analysis: analyse([100, 104, 103, 108, 110, 113], 125, "2026-06-30"),
          cadence: "month",
          unit: "",
        }),
      ),
    );
    expect(html).toContain("No process limits yet: they need 9 values, and there are 6.");
    expect(html).toMatch(/\d+ % by 30 June 2026 to reach 125\./);
    expect(html).toMatch(/50 %: \d+ months · 85 %: \d+ months · 95 %: \d+ months/);
  });

  test("no forecast: the reason", () => {
    const html = text(
      renderToStaticMarkup(
        createElement(KpiAnalysisPanel, { analysis: analyse([1, 2], 5), cadence: "month", unit: "" }),
      ),
    );
    expect(html).toContain("No forecast yet: it needs 5 changes between consecutive periods, and there is 1.");
  });
});
