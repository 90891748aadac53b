import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { formatPercent, formatQuantity, type FigureDelta, type SetupComparison } from "@/lib/capacity";

const amount = (x: number | null) => (x === null ? "—" : Number.isFinite(x) ? formatQuantity(x) : "no capacity");
const share = (x: number | null) => (x === null ? "—" : Number.isFinite(x) ? formatPercent(x) : "no capacity");

function Row({ label, delta, show }: { label: string; delta: FigureDelta; show: (x: number | null) => string }) {
  return (
    <tr className={delta.changed ? "bg-amber-50" : undefined}>
      <th scope="row" className="py-1 pr-3 text-left font-normal text-slate-600">
        {label}
      </th>
      <td className="py-1 pr-3 tabular-nums">{show(delta.current)}</td>
      <td className="py-1 tabular-nums font-medium">{show(delta.draft)}</td>
    </tr>
  );
}

/** Today and the draft side by side: pace, bottleneck, lead time, extra resources and each stage's utilisation. */
export function ScenarioComparison({
  comparison: c,
  unit,
  period,
}: {
  comparison: SetupComparison;
  unit: string;
  period: string;
}) {
  const extra = (s: SetupComparison["current"]) => s.bottleneck?.extraNeeded ?? null;
  const extraDelta: FigureDelta = {
    current: extra(c.current),
    draft: extra(c.draft),
    difference: null,
    changed: extra(c.current) !== extra(c.draft),
  };
  return (
    <div className="mb-6">
      <Card
        title="Today and the draft"
        description={`Figures per ${period}, in ${unit} unless a stage says otherwise.`}
      >
        <Table
          columns={["Figure", "Today", "Draft"]}
          label="Today and the draft"
          minWidth="20rem"
          bleed="inline"
          density="compact"
        >
          <Row label={`Pace (${unit})`} delta={c.pace} show={amount} />
          <tr className={c.bottleneck.moved ? "bg-amber-50" : undefined}>
            <th scope="row" className="py-1 pr-3 text-left font-normal text-slate-600">
              Bottleneck
            </th>
            <td className="py-1 pr-3">{c.bottleneck.current?.name ?? "—"}</td>
            <td className="py-1 font-medium">{c.bottleneck.draft?.name ?? "—"}</td>
          </tr>
          <Row label={`Lead time (${period}s, Little's law)`} delta={c.leadTime} show={amount} />
          <Row label="Extra of the bottleneck's main resource" delta={extraDelta} show={amount} />
          {c.stages.map((s) => (
            <Row key={s.id} label={`${s.name}: utilisation`} delta={s.utilisation} show={share} />
          ))}
        </Table>
      </Card>
    </div>
  );
}
