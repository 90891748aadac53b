import { paceSummary, type KpiScore } from "@/lib/scoring";

/**
 * A KPI's pace toward its target date, as the card and the KPI page say it: "on pace: 0.52 of the
 * way, 0.50 expected by today" (the arithmetic is on the explanation page). Nothing without a target date.
 */
export function PaceLine({
  score,
  asOf,
  asOfIsToday,
  className = "text-sm text-slate-700",
}: {
  score: Pick<KpiScore, "expected" | "targetDate" | "planStart" | "attainment" | "status">;
  asOf: string;
  asOfIsToday: boolean;
  className?: string;
}) {
  const pace = paceSummary(score, asOf, asOfIsToday ? "by today" : `by ${asOf}`);
  return pace ? <p className={className}>{pace}</p> : null;
}
