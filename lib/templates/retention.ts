import type { StreamTemplate } from "./types";

export const retention: StreamTemplate = {
  kind: "retention",
  name: "Customer retention",
  description: "Customers kept: onboard → check in → renew and expand.",
  keyPrefix: "RET",
  customerNeed: "Customers keep getting the value they bought and choose to stay.",
  demand: { amount: 200, unit: "accounts", period: "quarter" },
  stages: [
    { name: "Onboard", input: "Signed contracts", output: "Live customers", wip: 12, pctCA: 0.85,
      resources: [{ kind: "people", name: "Onboarding specialists", quantity: 2, rate: 30, availability: 0.9 }] },
    { name: "Check in", input: "Live customers", output: "Healthy accounts", wip: 60, pctCA: 0.8,
      resources: [{ kind: "people", name: "Customer success managers", quantity: 3, rate: 70, availability: 0.9 }, { kind: "software", name: "CRM", quantity: 1, rate: 1000, availability: 0.99 }] },
    { name: "Renew and expand", input: "Healthy accounts", output: "Renewals", wip: 30, pctCA: 0.9,
      resources: [{ kind: "people", name: "Account managers", quantity: 2, rate: 110, availability: 0.9 }] },
  ],
  kpis: [
    { name: "Check-in calls", kind: "output", unit: "calls", direction: "increase", baseline: 80, target: 150, cadence: "month", stage: 1, drives: ["Net revenue retention", "Churn"] },
    { name: "Onboarding completed within 30 days", kind: "output", unit: "%", direction: "increase", baseline: 60, target: 90, cadence: "month", stage: 0, drives: ["Churn"] },
    { name: "Net revenue retention", kind: "outcome", unit: "%", direction: "increase", baseline: 95, target: 110, cadence: "quarter", weight: 2 },
    { name: "Churn", kind: "outcome", unit: "% of accounts", direction: "decrease", baseline: 4, target: 1.5, cadence: "month" },
  ],
};
