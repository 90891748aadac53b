import Link from "next/link";
import { Table } from "@/components/ui/table";
import { FORMULA_GAP_READINGS, type FormulaPeriod } from "@/lib/scoring";

interface Input {
  id: string;
  key: string;
  name: string;
  unit: string;
}

const fmt = (v: number) => v.toLocaleString("en", { maximumFractionDigits: 4 });

/** A formula KPI's explanation: both inputs and the division, period by period (newest first). */
export function FormulaExplanation({
  slug,
  numerator,
  denominator,
  periods,
  unit,
}: {
  slug: string;
  numerator: Input;
  denominator: Input;
  periods: FormulaPeriod[];
  unit: string;
}) {
  const input = (k: Input) => (
    <Link href={`/o/${slug}/kpis/${k.id}`} className="hover:underline">
      <span className="font-mono text-xs text-slate-500">{k.key}</span> {k.name}
    </Link>
  );
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Each period&apos;s value is {input(numerator)} ÷ {input(denominator)}, from both inputs&apos; values. A period
        where an input has no value, or the denominator is 0, has no value.
      </p>
      {periods.length === 0 ? (
        <p className="text-sm text-slate-600">Neither input has a value yet.</p>
      ) : (
        <Table
          minWidth="28rem"
          columns={[
            "Period",
            { key: "numerator", label: numerator.key, align: "right" },
            { key: "denominator", label: denominator.key, align: "right" },
            { key: "value", label: `Value${unit ? ` (${unit})` : ""}`, align: "right" },
          ]}
        >
          {[...periods].reverse().map((p) => (
            <tr key={p.period}>
              <td className="px-5 py-2 tabular-nums">{p.period}</td>
              <td className="px-5 py-2 text-right tabular-nums">{p.numerator === null ? "—" : fmt(p.numerator)}</td>
              <td className="px-5 py-2 text-right tabular-nums">{p.denominator === null ? "—" : fmt(p.denominator)}</td>
              <td className="px-5 py-2 text-right tabular-nums">
                {p.value === null ? (
                  <span className="text-slate-500">no value: {FORMULA_GAP_READINGS[p.gap!]}</span>
                ) : (
                  <>
                    {fmt(p.numerator!)} ÷ {fmt(p.denominator!)} = <strong>{fmt(p.value)}</strong>
                  </>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
