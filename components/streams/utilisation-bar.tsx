import { formatPercent } from "@/lib/capacity";

/** Utilisation as a bar: green under 85%, amber to 100%, red above (the stage falls behind). */
export function UtilisationBar({ utilisation }: { utilisation: number | null }) {
  if (utilisation === null) return <p className="text-xs text-slate-500">No demand set</p>;
  const over = utilisation > 1;
  const tone = over ? "bg-red-500" : utilisation >= 0.85 ? "bg-amber-500" : "bg-emerald-500";
  const label = Number.isFinite(utilisation) ? formatPercent(utilisation) : "no capacity";
  return (
    <div>
      <div
        role="meter"
        aria-label="Utilisation"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Number.isFinite(utilisation) ? Math.round(Math.min(utilisation, 1) * 100) : 100}
        aria-valuetext={label}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={`h-full ${tone}`}
          style={{ width: `${Math.min(100, Number.isFinite(utilisation) ? utilisation * 100 : 100)}%` }}
        />
      </div>
      <p className={`mt-1 text-xs ${over ? "font-medium text-red-700" : "text-slate-600"}`}>{label} utilised</p>
    </div>
  );
}
