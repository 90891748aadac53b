import type { StreamTemplate } from "./types";

export const production: StreamTemplate = {
  kind: "production",
  name: "Production line",
  description: "Raw material → machining → assembly → quality → shipping.",
  keyPrefix: "PRD",
  customerNeed: "Customers receive working products on the promised date.",
  demand: { amount: 120, unit: "orders", period: "week" },
  stages: [
    { name: "Raw material", input: "Purchase orders", output: "Material in stock", wip: 40, processTime: 0.02, pctCA: 0.98,
      resources: [{ kind: "people", name: "Buyers", quantity: 2, rate: 90, availability: 0.9 }] },
    { name: "Machining", input: "Material in stock", output: "Machined parts", wip: 30, processTime: 0.05, pctCA: 0.95,
      resources: [{ kind: "machine", name: "CNC machines", quantity: 3, rate: 50, availability: 0.85 }] },
    { name: "Assembly", input: "Machined parts", output: "Assembled units", wip: 25, processTime: 0.08, pctCA: 0.93,
      resources: [{ kind: "people", name: "Fitters", quantity: 6, rate: 15, availability: 1 }] },
    { name: "Quality", input: "Assembled units", output: "Approved units", wip: 10, processTime: 0.03, pctCA: 0.99,
      resources: [{ kind: "people", name: "Inspectors", quantity: 2, rate: 80, availability: 0.9 }] },
    { name: "Shipping", input: "Approved units", output: "Delivered orders", wip: 15, processTime: 0.02, pctCA: 0.97,
      resources: [{ kind: "people", name: "Dispatchers", quantity: 2, rate: 100, availability: 0.9 }] },
  ],
  kpis: [
    { name: "Units produced", kind: "output", unit: "units", direction: "increase", baseline: 80, target: 120, cadence: "week", stage: 2, drives: ["On-time delivery", "Customer returns"] },
    { name: "First-pass yield", kind: "output", unit: "%", direction: "increase", baseline: 88, target: 97, cadence: "week", stage: 3, drives: ["Customer returns"] },
    { name: "Machine uptime", kind: "output", unit: "%", direction: "increase", baseline: 80, target: 92, cadence: "week", stage: 1 },
    { name: "On-time delivery", kind: "outcome", unit: "%", direction: "increase", baseline: 82, target: 96, cadence: "month", weight: 2 },
    { name: "Customer returns", kind: "outcome", unit: "%", direction: "decrease", baseline: 4, target: 1, cadence: "month" },
  ],
};
