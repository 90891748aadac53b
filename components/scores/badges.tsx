import type { KpiStatus, Quadrant } from "@/lib/scoring";
import { quadrantLabels, quadrantTones, statusLabels, statusTones } from "./format";

export function QuadrantBadge({ quadrant }: { quadrant: Quadrant }) {
  return (
    <span
      className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${quadrantTones[quadrant]}`}
    >
      {quadrantLabels[quadrant]}
    </span>
  );
}

export function StatusBadge({ status, stale }: { status: KpiStatus; stale?: boolean }) {
  return (
    <span className="inline-flex gap-1">
      <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${statusTones[status]}`}>
        {statusLabels[status]}
      </span>
      {stale && status !== "no_data" && (
        <span className="inline-flex rounded-full bg-slate-800 px-2 py-0.5 text-xs font-medium text-white">Stale</span>
      )}
    </span>
  );
}
