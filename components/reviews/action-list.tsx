import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { InlineSelectForm } from "@/components/ui/inline-select-form";
import type { ActionView } from "@/lib/data/action-items";
import { actionStatusLabels, options } from "@/lib/labels";
import { setActionStatusAction } from "@/app/o/[org]/reviews/actions";

const points = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(Math.round(x * 100))} pts`);

/** Actions with their status, due date (overdue flagged) and, once followed up, realised beside expected change. */
export function ActionList({
  org,
  items,
  canChange,
  empty,
}: {
  org: string;
  items: ActionView[];
  canChange: (a: ActionView) => boolean;
  empty: string;
}) {
  if (items.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {items.map((a) => (
        <li key={a.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {a.title} {a.overdue && <Badge tone="amber">Overdue</Badge>}
            </p>
            <p className="text-xs text-slate-600">
              {a.ownerName ?? "No owner"} · due {a.dueDate}
              {a.streamName && ` · ${a.streamName}`}
              {a.reviewId && (
                <>
                  {" · "}
                  <Link href={`/o/${org}/reviews/${a.reviewId}`} className="text-brand-600 hover:underline">
                    from a review
                  </Link>
                </>
              )}
            </p>
            {a.kpiId && (
              <p className="mt-1 text-xs text-slate-700">
                <Link href={`/o/${org}/kpis/${a.kpiId}`} className="font-mono hover:underline">
                  {a.kpiKey}
                </Link>{" "}
                {a.kpiName}: expected {points(a.expectedEffect)}
                {a.followedUp ? (
                  <>
                    , realised <strong>{points(a.realisedEffect)}</strong>
                  </>
                ) : (
                  " (followed up after the due date)"
                )}
              </p>
            )}
          </div>
          {canChange(a) ? (
            <InlineSelectForm
              action={setActionStatusAction}
              org={org}
              hidden={{ actionId: a.id }}
              name="status"
              label={`Status of ${a.title}`}
              defaultValue={a.status}
              options={options(actionStatusLabels)}
              submitLabel="Update"
            />
          ) : (
            <Badge>{actionStatusLabels[a.status]}</Badge>
          )}
        </li>
      ))}
    </ul>
  );
}
