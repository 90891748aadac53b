import type { StreamTemplate } from "./types";

export const delivery: StreamTemplate = {
  kind: "delivery",
  name: "Software delivery",
  description: "Idea → build → review → release → in use.",
  keyPrefix: "DEV",
  customerNeed: "Users get improvements that solve their problems, quickly and safely.",
  demand: { amount: 20, unit: "changes", period: "week" },
  stages: [
    { name: "Discovery", input: "Customer problems", output: "Ready stories", wip: 12, processTime: 0.1, pctCA: 0.85,
      resources: [{ kind: "people", name: "Product managers", quantity: 1, rate: 25, availability: 0.8 }] },
    { name: "Build", input: "Ready stories", output: "Pull requests", wip: 15, processTime: 0.3, pctCA: 0.8,
      resources: [{ kind: "people", name: "Engineers", quantity: 5, rate: 4, availability: 0.8 }, { kind: "ai", name: "Coding assistant", quantity: 1, rate: 4, availability: 1 }] },
    { name: "Review and test", input: "Pull requests", output: "Approved changes", wip: 8, processTime: 0.05, pctCA: 0.9,
      resources: [{ kind: "software", name: "CI pipeline", quantity: 1, rate: 60, availability: 0.95 }] },
    { name: "Release", input: "Approved changes", output: "Changes in production", wip: 4, processTime: 0.02, pctCA: 0.97,
      resources: [{ kind: "software", name: "Deploy pipeline", quantity: 1, rate: 100, availability: 0.99 }] },
  ],
  kpis: [
    { name: "Deployments", kind: "output", unit: "deploys", direction: "increase", baseline: 5, target: 20, cadence: "week", stage: 3, drives: ["Feature adoption"] },
    { name: "Stories completed", kind: "output", unit: "stories", direction: "increase", baseline: 10, target: 18, cadence: "week", stage: 1, drives: ["Feature adoption"] },
    { name: "Change failure rate", kind: "output", unit: "%", direction: "decrease", baseline: 20, target: 5, cadence: "month", stage: 2, drives: ["Customer-reported incidents"] },
    { name: "Feature adoption", kind: "outcome", unit: "% of active users", direction: "increase", baseline: 15, target: 40, cadence: "month", weight: 2 },
    { name: "Customer-reported incidents", kind: "outcome", unit: "incidents", direction: "decrease", baseline: 12, target: 3, cadence: "month" },
  ],
};
