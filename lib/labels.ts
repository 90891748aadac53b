/** Words the UI shows for the domain's enums, in one place. */
export const streamKindLabels = {
  production: "Production",
  delivery: "Software delivery",
  marketing: "Marketing",
  sales: "Sales",
  retention: "Retention / CRM",
  support: "Support",
  custom: "Custom",
} as const;

export const periodLabels = { day: "day", week: "week", month: "month", quarter: "quarter" } as const;

export const resourceKindLabels = {
  people: "People",
  machine: "Machine",
  tool: "Tool",
  software: "Software",
  ai: "AI",
  material: "Material",
} as const;

export const kpiKindLabels = { output: "Output", outcome: "Outcome" } as const;

export const kpiKindHelp =
  "Output counts what the stream produces (campaigns launched, units built). Outcome measures what changed for the customer (pipeline won, orders on time). Only outcomes show value.";

export const directionLabels = { increase: "Higher is better", decrease: "Lower is better" } as const;

export const cadenceLabels = { week: "Weekly", month: "Monthly", quarter: "Quarterly" } as const;

export const options = <T extends Record<string, string>>(labels: T) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const reviewStatusLabels = { on_track: "On track", at_risk: "At risk", off_track: "Off track" } as const;
export const actionStatusLabels = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  cancelled: "Cancelled",
} as const;
export const controlKindLabels = {
  standard: "Standard",
  regulation: "Regulation",
  certification: "Certification",
  internal_rule: "Internal rule",
} as const;
export const controlStatusLabels = {
  compliant: "Compliant",
  non_compliant: "Not compliant",
  not_verified: "Not verified",
} as const;

export const auditKindLabels = {
  organisation: "Organisation",
  settings: "Scoring settings",
  member: "Members",
  invitation: "Invitations",
  team: "Teams",
  stream: "Value streams and links",
  stage: "Stages and resources",
  kpi: "KPIs",
  measurement: "Values",
  review: "Reviews",
  action: "Actions",
  control: "Controls",
  token: "API tokens",
} as const;
