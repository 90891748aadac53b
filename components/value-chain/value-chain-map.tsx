import Link from "next/link";
import { QuadrantBadge } from "@/components/scores/badges";
import { score } from "@/components/scores/format";
import { Callout, PageSection } from "@/components/ui/card";
import { describeLinkConversion, formatPercent, formatQuantity, type ChainStreamFigures } from "@/lib/capacity";
import type { ChainStreamScore, ValueChain } from "@/lib/data/value-chain";

const unitOf = (s: { unit: string | null }) => s.unit ?? "units";
const amount = (x: number | null) => (x === null ? "—" : formatQuantity(x));

function StreamBox({
  org,
  stream,
  value,
  constraint,
}: {
  org: string;
  stream: ChainStreamFigures;
  value: ChainStreamScore | undefined;
  /** The stream limits its part of the chain (an organisation may run separate chains). */
  constraint: boolean;
}) {
  const u = stream.utilisation;
  const over = u !== null && u > 1;
  return (
    <li
      aria-label={`${stream.name}${constraint ? " (constraint)" : ""}`}
      className={`w-52 rounded-lg border bg-white p-3 shadow-sm ${constraint ? "border-red-300 ring-2 ring-red-200" : "border-slate-200"}`}
    >
      <div className="flex items-start justify-between gap-2">
        <Link href={`/o/${org}/streams/${stream.id}`} className="font-semibold text-slate-900 hover:underline">
          {stream.name}
        </Link>
        {constraint && (
          <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800">Constraint</span>
        )}
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs">
        <dt className="text-slate-500">Unit</dt>
        <dd>{unitOf(stream)}</dd>
        <dt className="text-slate-500">Pace</dt>
        <dd className="tabular-nums">{amount(stream.pace)} a month</dd>
        {stream.linked && (
          <>
            <dt className="text-slate-500">Chain needs</dt>
            <dd className="tabular-nums">{amount(stream.required)} a month</dd>
            <dt className="text-slate-500">Chain pace</dt>
            <dd className="tabular-nums">{amount(stream.chainPace)} a month</dd>
            <dt className="text-slate-500">Chain utilisation</dt>
            <dd className={`tabular-nums ${over ? "font-semibold text-red-700" : ""}`}>
              {u === null ? "—" : Number.isFinite(u) ? formatPercent(u) : "no capacity"}
            </dd>
          </>
        )}
        <dt className="text-slate-500">Value</dt>
        <dd className="tabular-nums">{score(value?.value ?? null)}</dd>
      </dl>
      <div className="mt-2">
        <QuadrantBadge quadrant={value?.quadrant ?? "no_data"} />
      </div>
    </li>
  );
}

/**
 * The organisation's value chain (DESIGN "Value chain"): the linked streams left to right in link
 * order, the links' conversions between the columns, the constraint marked and explained, mismatched
 * demands called out, and the unlinked streams apart. Plain HTML, so it reads without a chart.
 */
export function ValueChainMap({ org, chain: valueChain }: { org: string; chain: ValueChain }) {
  const { chain, explanation, scores } = valueChain;
  const byId = new Map(chain.streams.map((s) => [s.id, s]));
  const linked = chain.streams.filter((s) => s.linked);
  const columns = [...new Set(linked.map((s) => s.column!))].sort((a, b) => a - b);
  const unlinked = chain.streams.filter((s) => !s.linked);
  const constraints = new Set(chain.components.map((c) => c.constraintId));
  return (
    <PageSection id="chain" title="Value chain" className="mb-8 space-y-3">
      <Callout tone={(chain.constraint?.utilisation ?? 0) > 1 ? "alarm" : "calm"}>
        {explanation} <span className="text-slate-600">All figures per month.</span>
      </Callout>
      {chain.mismatches.length > 0 && (
        <ul className="space-y-1" aria-label="Mismatched demands">
          {chain.mismatches.map((m) => (
            <li key={m.streamId} className="rounded-md bg-amber-50 px-4 py-2 text-sm text-amber-900">
              {m.sentence}
            </li>
          ))}
        </ul>
      )}
      {linked.length > 0 && (
        <div className="flex flex-col gap-3 pb-2 sm:flex-row sm:items-stretch sm:overflow-x-auto">
          {columns.map((col, i) => {
            const outgoing = chain.links.filter((l) => byId.get(l.from)?.column === col);
            return (
              <div key={col} className="flex flex-col gap-3 sm:flex-row sm:items-center">
                <ol className="space-y-3" aria-label={`Column ${i + 1} of the value chain`}>
                  {linked
                    .filter((s) => s.column === col)
                    .map((s) => (
                      <StreamBox
                        key={s.id}
                        org={org}
                        stream={s}
                        value={scores.get(s.id)}
                        constraint={constraints.has(s.id)}
                      />
                    ))}
                </ol>
                {outgoing.length > 0 && (
                  <ul className="w-36 space-y-2 text-xs text-slate-700" aria-label="Links">
                    {outgoing.map((l) => {
                      const from = byId.get(l.from)!;
                      const to = byId.get(l.to)!;
                      return (
                        <li key={l.id ?? `${l.from}-${l.to}`} className="rounded-md bg-slate-50 px-2 py-1">
                          <span aria-hidden="true" className="block text-lg leading-none text-slate-400">
                            →
                          </span>
                          {from.name} → {to.name}: {describeLinkConversion(l.conversion, unitOf(from), unitOf(to))}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </div>
            );
          })}
        </div>
      )}
      {unlinked.length > 0 && (
        <div>
          <h3 className="text-sm font-medium text-slate-700">Not linked</h3>
          <ul className="mt-2 flex flex-wrap gap-3" aria-label="Streams not linked">
            {unlinked.map((s) => (
              <StreamBox key={s.id} org={org} stream={s} value={scores.get(s.id)} constraint={false} />
            ))}
          </ul>
        </div>
      )}
    </PageSection>
  );
}
