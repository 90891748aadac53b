import type { KpiStatus, Quadrant } from "@/lib/scoring";

export const score = (x: number | null) => (x === null ? "—" : (Math.round(x * 100) / 100).toFixed(2));
export const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);
export const value = (x: number | null) => (x === null ? "—" : x.toLocaleString("en", { maximumFractionDigits: 2 }));

export const quadrantLabels: Record<Quadrant, string> = {
  creating_value: "Creating value",
  output_trap: "Output trap",
  outcome_at_risk: "Outcome at risk",
  stalled: "Stalled",
  blind_spot: "Blind spot",
  no_data: "No data",
};

export const quadrantTones: Record<Quadrant, string> = {
  creating_value: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  output_trap: "bg-amber-50 text-amber-900 ring-amber-200",
  outcome_at_risk: "bg-sky-50 text-sky-900 ring-sky-200",
  stalled: "bg-red-50 text-red-800 ring-red-200",
  blind_spot: "bg-violet-50 text-violet-900 ring-violet-200",
  no_data: "bg-slate-100 text-slate-700 ring-slate-200",
};

export const statusLabels: Record<KpiStatus, string> = {
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  no_data: "No data",
};

export const statusTones: Record<KpiStatus, string> = {
  on_track: "bg-emerald-50 text-emerald-800",
  at_risk: "bg-amber-50 text-amber-900",
  off_track: "bg-red-50 text-red-800",
  no_data: "bg-slate-100 text-slate-700",
};
