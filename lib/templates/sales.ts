import type { StreamTemplate } from "./types";

export const sales: StreamTemplate = {
  kind: "sales",
  name: "Sales",
  description: "Leads refined into customers: qualify → demo → propose → close.",
  keyPrefix: "SAL",
  customerNeed: "Buyers decide with confidence and start getting value quickly.",
  demand: { amount: 60, unit: "opportunities", period: "month" },
  stages: [
    { name: "Qualify", input: "Leads", output: "Opportunities", wip: 40, pctCA: 0.75,
      resources: [{ kind: "people", name: "SDRs", quantity: 2, rate: 40, availability: 0.9 }] },
    { name: "Demo", input: "Opportunities", output: "Evaluations", wip: 25, pctCA: 0.85,
      resources: [{ kind: "people", name: "Account executives", quantity: 3, rate: 18, availability: 0.85 }] },
    { name: "Propose and close", input: "Evaluations", output: "Signed contracts", wip: 15, pctCA: 0.9,
      resources: [{ kind: "people", name: "Account executives", quantity: 3, rate: 12, availability: 0.85 }] },
  ],
  kpis: [
    { name: "Demos held", kind: "output", unit: "demos", direction: "increase", baseline: 30, target: 50, cadence: "month", stage: 1, drives: ["Win rate", "New revenue"] },
    { name: "Proposals sent", kind: "output", unit: "proposals", direction: "increase", baseline: 15, target: 25, cadence: "month", stage: 2, drives: ["New revenue"] },
    { name: "Win rate", kind: "outcome", unit: "%", direction: "increase", baseline: 18, target: 30, cadence: "month" },
    { name: "New revenue", kind: "outcome", unit: "k€", direction: "increase", baseline: 120, target: 250, cadence: "month", weight: 2 },
  ],
};
