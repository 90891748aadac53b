import type { StreamTemplate } from "./types";

export const marketing: StreamTemplate = {
  kind: "marketing",
  name: "Marketing",
  description: "Its output is an urge to buy: campaigns → leads → qualified pipeline.",
  keyPrefix: "MKT",
  customerNeed: "Buyers who have the problem learn that we solve it and want to talk to us.",
  demand: { amount: 400, unit: "leads", period: "month" },
  stages: [
    { name: "Plan campaigns", input: "Market insight", output: "Campaign briefs", wip: 6, pctCA: 0.9,
      resources: [{ kind: "people", name: "Marketers", quantity: 2, rate: 4, availability: 0.9 }] },
    { name: "Produce content", input: "Campaign briefs", output: "Published content", wip: 10, pctCA: 0.85,
      resources: [{ kind: "people", name: "Content writers", quantity: 2, rate: 10, availability: 0.9 }, { kind: "ai", name: "Writing assistant", quantity: 1, rate: 20, availability: 1 }] },
    { name: "Generate leads", input: "Published content", output: "Marketing-qualified leads", wip: 150, pctCA: 0.7,
      resources: [{ kind: "software", name: "Marketing automation", quantity: 1, rate: 500, availability: 0.98 }] },
  ],
  kpis: [
    { name: "Campaigns launched", kind: "output", unit: "campaigns", direction: "increase", baseline: 3, target: 6, cadence: "month", stage: 0, drives: ["Qualified pipeline"] },
    { name: "Marketing-qualified leads", kind: "output", unit: "MQLs", direction: "increase", baseline: 250, target: 400, cadence: "month", stage: 2, drives: ["Qualified pipeline"] },
    { name: "Qualified pipeline", kind: "outcome", unit: "k€", direction: "increase", baseline: 300, target: 600, cadence: "month", weight: 2 },
    { name: "Cost per qualified opportunity", kind: "outcome", unit: "€", direction: "decrease", baseline: 900, target: 500, cadence: "quarter" },
  ],
};
