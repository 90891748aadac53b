import type { TemplateKpi } from "@/lib/templates/types";

/** The five demo teams' profiles: one per quadrant of DESIGN.md's scoring, so every reading is visible. */
export type Profile = "creating_value" | "output_trap" | "outcome_at_risk" | "stalled" | "blind_spot";

/** Attainment at the start and at the end of the 18 months of history, for outputs and outcomes. */
export const profileCurves: Record<Profile, { output: [number, number]; outcome: [number, number] | null }> = {
  creating_value: { output: [0.3, 0.85], outcome: [0.2, 0.8] },
  output_trap: { output: [0.3, 0.9], outcome: [0.1, 0.15] },
  outcome_at_risk: { output: [0.4, 0.25], outcome: [0.3, 0.8] },
  stalled: { output: [0.15, 0.2], outcome: [0.1, 0.15] },
  // Measures outputs only: its outcome KPIs have neither a team nor data.
  blind_spot: { output: [0.3, 0.75], outcome: null },
};

type Extra = Omit<TemplateKpi, "stage" | "drives">;
const out = (
  name: string,
  unit: string,
  direction: Extra["direction"],
  baseline: number,
  target: number,
  cadence: Extra["cadence"],
): Extra => ({
  name,
  kind: "output",
  unit,
  direction,
  baseline,
  target,
  cadence,
});
const res = (
  name: string,
  unit: string,
  direction: Extra["direction"],
  baseline: number,
  target: number,
  cadence: Extra["cadence"],
): Extra => ({
  name,
  kind: "outcome",
  unit,
  direction,
  baseline,
  target,
  cadence,
});

type DemoTemplate = "production" | "delivery" | "marketing" | "sales" | "retention";

export const demoStreams: {
  team: string;
  template: DemoTemplate;
  profile: Profile;
  ownedByProcessOwner: boolean;
  extras: Extra[];
}[] = [
  {
    team: "Production",
    template: "production",
    profile: "creating_value",
    ownedByProcessOwner: true,
    extras: [
      out("Orders picked", "orders", "increase", 100, 130, "week"),
      out("Setup time", "min", "decrease", 45, 25, "week"),
      out("Scrap rate", "%", "decrease", 6, 2, "week"),
      out("Preventive maintenance done", "%", "increase", 70, 95, "month"),
      res("Perfect orders", "%", "increase", 85, 97, "month"),
      res("Customer satisfaction (CSAT)", "score", "increase", 7.2, 8.5, "month"),
      res("Warranty claims", "claims", "decrease", 30, 10, "month"),
      res("Delivery lead time", "days", "decrease", 12, 6, "month"),
    ],
  },
  {
    team: "Software Delivery",
    template: "delivery",
    profile: "stalled",
    ownedByProcessOwner: true,
    extras: [
      out("Pull requests merged", "PRs", "increase", 40, 80, "week"),
      out("Test coverage", "%", "increase", 55, 80, "month"),
      out("Lead time for changes", "days", "decrease", 10, 2, "month"),
      out("Bugs fixed", "bugs", "increase", 20, 40, "month"),
      res("Weekly active users", "k users", "increase", 12, 20, "week"),
      res("Task success rate", "%", "increase", 70, 90, "month"),
      res("Support tickets per 1k users", "tickets", "decrease", 25, 10, "month"),
      res("Product NPS", "NPS", "increase", 10, 35, "quarter"),
    ],
  },
  {
    team: "Marketing",
    template: "marketing",
    profile: "output_trap",
    ownedByProcessOwner: false,
    extras: [
      out("Blog posts published", "posts", "increase", 4, 10, "month"),
      out("Webinars held", "webinars", "increase", 1, 3, "month"),
      out("Social impressions", "k", "increase", 200, 500, "month"),
      out("Emails sent", "k emails", "increase", 50, 120, "month"),
      res("Sales-accepted leads", "SALs", "increase", 60, 150, "month"),
      res("Marketing-sourced revenue", "k€", "increase", 80, 200, "month"),
      res("Inbound share of pipeline", "%", "increase", 20, 45, "quarter"),
      res("Brand search volume", "k searches", "increase", 5, 12, "month"),
    ],
  },
  {
    team: "Sales",
    template: "sales",
    profile: "outcome_at_risk",
    ownedByProcessOwner: false,
    extras: [
      out("Calls made", "calls", "increase", 600, 900, "month"),
      out("Meetings booked", "meetings", "increase", 60, 100, "month"),
      out("Follow-ups within 24 h", "%", "increase", 50, 90, "month"),
      out("CRM records complete", "%", "increase", 60, 95, "month"),
      res("Average deal size", "k€", "increase", 18, 26, "month"),
      res("Sales cycle length", "days", "decrease", 75, 50, "month"),
      res("Pipeline coverage", "×", "increase", 2, 3.5, "month"),
      res("Gross margin on new deals", "%", "increase", 55, 65, "quarter"),
    ],
  },
  {
    team: "Customer Success",
    template: "retention",
    profile: "blind_spot",
    ownedByProcessOwner: false,
    extras: [
      out("Business reviews held", "reviews", "increase", 10, 25, "month"),
      out("Health checks completed", "checks", "increase", 100, 200, "month"),
      out("Training sessions", "sessions", "increase", 8, 20, "month"),
      out("Support tickets answered", "tickets", "increase", 300, 450, "week"),
      res("Gross revenue retention", "%", "increase", 90, 96, "quarter"),
      res("Expansion revenue", "k€", "increase", 40, 90, "quarter"),
      res("Customer health score", "score", "increase", 60, 80, "month"),
      res("Logo retention", "%", "increase", 92, 97, "quarter"),
    ],
  },
];

/** A small deterministic generator, so the demo looks the same on every machine. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values for `periods` (oldest first) that move from the curve's first attainment to its last, with noise. */
export function historyValues(
  kpi: { baseline: number; target: number },
  curve: [number, number],
  periods: string[],
  random: () => number,
  /** A shock shared by KPIs that move together (the same for every KPI on a period's month); none: 0. */
  shock: (period: string) => number = () => 0,
): { period: string; value: number }[] {
  const [from, to] = curve;
  const last = periods.length - 1;
  return periods.map((period, i) => {
    const progress = last === 0 ? 1 : i / last;
    // Noise fades towards the end so the current reading matches the profile.
    const noise = (random() - 0.5) * 0.12 * (1 - progress * 0.8);
    const attainment = from + (to - from) * progress + noise + shock(period) * (1 - progress * 0.8);
    const value = kpi.baseline + attainment * (kpi.target - kpi.baseline);
    return { period, value: Math.round(value * 100) / 100 };
  });
}

/**
 * The demo's value chain: marketing's leads feed sales (16 leads per customer won) and sales' new
 * customers feed retention (9 in 10 are kept). Sales needs 480 leads a month for its 30 customers while
 * marketing plans 400, so the chain calls the mismatch out and marketing is its constraint.
 */
export const demoLinks: { from: DemoTemplate; to: DemoTemplate; conversion: number }[] = [
  { from: "marketing", to: "sales", conversion: 1 / 16 },
  { from: "sales", to: "retention", conversion: 0.9 },
];
