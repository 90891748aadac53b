import { ConfirmAction } from "@/components/ui/confirm-action";
import type { ActionState } from "@/lib/actions/state";
import { Pagination, type Page } from "@/components/ui/pagination";
import { Table } from "@/components/ui/table";
import { ValueHistory, type ShownVersion } from "./value-history";

export interface ShownValue {
  period: string;
  value: number;
  note: string | null;
}

/**
 * A KPI's recorded values as the page draws them (as of its date, as known at its knowledge time),
 * each with a disclosure of its history: every version with when, who and note, deletions included.
 * `onDelete`: the delete action, offered only when the values shown are today's knowledge.
 */
export function MeasurementTable({
  org,
  kpiId,
  page,
  history,
  pageHref,
  onDelete,
}: {
  org: string;
  kpiId: string;
  page: Page<ShownValue>;
  history: Map<string, ShownVersion[]>;
  pageHref: (page: number) => string;
  onDelete?: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  return (
    <>
      <Table
        minWidth="30rem"
        columns={[
          "Period",
          { key: "value", label: "Value", align: "right" },
          "Note",
          "History",
          ...(onDelete ? [{ key: "actions", label: "Actions", hidden: true }] : []),
        ]}
      >
        {page.items.map((m) => (
          <tr key={m.period} className="align-top">
            <td className="px-5 py-2 tabular-nums">{m.period}</td>
            <td className="px-5 py-2 text-right tabular-nums">{m.value}</td>
            <td className="px-5 py-2 text-slate-600">{m.note ?? ""}</td>
            <td className="px-5 py-2">
              <ValueHistory period={m.period} versions={history.get(m.period) ?? []} />
            </td>
            {onDelete && (
              <td className="px-5 py-2 text-right">
                <ConfirmAction
                  action={onDelete}
                  org={org}
                  hidden={{ kpiId, period: m.period }}
                  trigger="Delete"
                  title={`Delete the value for ${m.period}?`}
                  confirmLabel="Delete value"
                >
                  Its history keeps the deleted value ({m.value}), and “as known then” still shows it.
                </ConfirmAction>
              </td>
            )}
          </tr>
        ))}
      </Table>
      <Pagination page={page} href={pageHref} />
    </>
  );
}
