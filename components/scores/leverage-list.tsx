import { PageSection } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import Link from "next/link";
import type { LinkLeverage } from "@/lib/scoring/compose";

const evidenceText = {
  strong: "Strong evidence",
  weak: "Weak evidence",
  none: "No evidence",
  insufficient_data: "Insufficient data",
} as const;

const pText = (p: number | null) => (p === null ? "—" : p < 0.001 ? "< 0.001" : p.toFixed(3));

/** Does each output move the outcomes it is meant to drive? Lagged correlation with its evidence. */
export function LeverageList({ org, items }: { org: string; items: LinkLeverage[] }) {
  if (items.length === 0) return null;
  return (
    <PageSection id="leverage" title="Leverage of linked KPIs" className="space-y-2">
      <p className="text-sm text-slate-600">
        Whether each output moves with the outcome it is meant to drive: the correlation between period-over-period
        changes of their attainments, at the lag (0–3 outcome periods) where it is strongest. p is the chance of a
        correlation this strong without any link, counted four times over for having picked the best lag: strong
        evidence needs p ≤ 0.01, weak p ≤ 0.10. Moving together is not proof that one drives the other.
      </p>
      <Table
        bleed="none"
        minWidth="36rem"
        columns={[
          "Output",
          "Moves with outcome",
          { key: "lag", label: "Lag", align: "right" },
          { key: "r", label: "r", align: "right" },
          { key: "n", label: "n", align: "right" },
          { key: "p", label: "p", align: "right" },
          "Evidence",
        ]}
      >
        {items.map(({ output, outcome, result }) => (
          <tr key={`${output.id}-${outcome.id}`}>
            <td className="px-4 py-2">
              <Link href={`/o/${org}/kpis/${output.id}`} className="hover:underline">
                {output.key} {output.name}
              </Link>
            </td>
            <td className="px-4 py-2">
              <Link href={`/o/${org}/kpis/${outcome.id}`} className="hover:underline">
                {outcome.key} {outcome.name}
              </Link>
            </td>
            <td className="px-4 py-2 text-right tabular-nums">{result.lag ?? "—"}</td>
            <td className="px-4 py-2 text-right tabular-nums">{result.r === null ? "—" : result.r.toFixed(2)}</td>
            <td className="px-4 py-2 text-right tabular-nums">{result.n}</td>
            <td className="px-4 py-2 text-right tabular-nums">{pText(result.p)}</td>
            <td className="px-4 py-2">{evidenceText[result.evidence]}</td>
          </tr>
        ))}
      </Table>
    </PageSection>
  );
}
