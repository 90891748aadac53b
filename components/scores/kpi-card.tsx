import Link from "next/link";
import type { KpiCard as Card } from "@/lib/scoring/compose";
import { StatusBadge } from "./badges";
import { Sparkline } from "./charts";
import { PaceLine } from "./pace-line";
import { score, value } from "./format";
import { QuickEntry } from "./quick-entry";

export function KpiCard({
  org,
  card,
  canRecord,
  asOf,
  asOfIsToday,
}: {
  org: string;
  card: Card;
  canRecord: boolean;
  asOf: string;
  asOfIsToday: boolean;
}) {
  const current = `${value(card.value)} ${card.meta.unit}`;
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-start justify-between gap-2">
        <Link href={`/o/${org}/kpis/${card.id}`} className="hover:underline">
          <span className="block font-mono text-xs text-slate-500">{card.key}</span>
          <span className="font-medium text-slate-900">{card.name}</span>
        </Link>
        <StatusBadge status={card.status} stale={card.stale} />
      </div>
      {canRecord && asOfIsToday ? (
        <QuickEntry org={org} kpiId={card.id} label={card.name} current={current} unit={card.meta.unit} />
      ) : (
        <p className="text-2xl font-semibold tabular-nums">{current}</p>
      )}
      <PaceLine score={card} asOf={asOf} asOfIsToday={asOfIsToday} />
      <div className="flex items-end justify-between gap-2 text-xs text-slate-600">
        <span>
          target {value(card.target)}
          {card.targetDate && ` by ${card.targetDate}`} · baseline {value(card.baseline)}
          <br />
          attainment {score(card.attainment)} · weight {card.weight}
          {card.period && (
            <>
              <br />
              latest period {card.period}
            </>
          )}
        </span>
        <Sparkline points={card.spark} label={card.name} />
      </div>
    </li>
  );
}
