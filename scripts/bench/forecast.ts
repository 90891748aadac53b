/**
 * What a dashboard of 60 KPIs pays for forecasts (10,000 runs each), in four shapes of data:
 * `npx tsx scripts/bench/forecast.ts`. `forecastCost` is exported for `npm run bench`.
 * Wall time is shared with whatever else runs on the machine; CPU time is this process's own.
 */
import { loadavg } from "node:os";
import { forecast, type ForecastInput } from "@/lib/analysis";
import { shiftPeriod, type Cadence } from "@/lib/scoring";

const AS_OF = "2026-06-30";
const KNOWN_AT = "2026-06-30T23:59:59.999Z";

/** A small deterministic generator for the data only (not the forecast's). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function kpi(
  i: number,
  cadence: Cadence,
  drift: number,
  noise: number,
  gap: number,
  targetDate: string | null,
): ForecastInput {
  const random = lcg(i + 1);
  const latest = cadence === "week" ? "2026-06-29" : "2026-06-01";
  const values: number[] = [100];
  for (let k = 1; k < 25; k++) values.push((values[k - 1] as number) + drift + noise * (random() * 2 - 1));
  return {
    kpiId: `kpi-${i}`,
    direction: "increase",
    cadence,
    target: (values[24] as number) + gap,
    targetDate,
    measurements: values.map((value, k) => ({ period: shiftPeriod(latest, cadence, k - 24), value })),
    asOf: AS_OF,
    knownAt: KNOWN_AT,
  };
}

export const SCENARIOS: Record<string, () => ForecastInput[]> = {
  // Monthly KPIs drifting towards targets 5–15 steps of drift away; no target date (runs ≤ 36 periods).
  "typical: monthly, no target date": () =>
    Array.from({ length: 60 }, (_, i) => kpi(i, "month", 1, 2, 5 + (i % 11), null)),
  // Half weekly KPIs with a year-end target date (26 weeks: runs ≤ 78), half monthly (6 months: ≤ 18).
  "target dates: 30 weekly to year end, 30 monthly": () =>
    Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0 ? kpi(i, "week", 0.5, 2, 10 + (i % 7), "2026-12-31") : kpi(i, "month", 1, 2, 6, "2026-12-31"),
    ),
  // No drift, a far target: most runs last all 36 periods (the costliest no-target-date shape).
  "worst, no target date: flat, far target": () =>
    Array.from({ length: 60 }, (_, i) => kpi(i, "month", 0, 3, 60, null)),
  // The same with weekly KPIs and a target date a year ahead: runs up to 156 periods.
  "worst, weekly, target date a year ahead": () =>
    Array.from({ length: 60 }, (_, i) => kpi(i, "week", 0, 3, 150, "2027-06-30")),
};

export interface ForecastCost {
  scenario: string;
  /** Median over the repeats, per dashboard of 60 KPIs. */
  wallMs: number;
  cpuMs: number;
  /** The least CPU time of any repeat: the cost with the least interference from other processes. */
  minCpuMs: number;
}

export function forecastCost(repeats = 15): ForecastCost[] {
  return Object.entries(SCENARIOS).map(([scenario, make]) => {
    const inputs = make();
    for (const input of inputs) forecast(input); // warm up the JIT
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (const input of inputs) forecast(input);
      walls.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    return { scenario, wallMs: median(walls), cpuMs: median(cpus), minCpuMs: Math.min(...cpus) };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  for (const c of forecastCost()) {
    console.log(
      `${c.scenario.padEnd(48)} median ${c.wallMs.toFixed(1).padStart(6)} ms wall, ${c.cpuMs.toFixed(1).padStart(6)} ms CPU; least ${c.minCpuMs.toFixed(1).padStart(6)} ms CPU per 60 KPIs`,
    );
  }
}
