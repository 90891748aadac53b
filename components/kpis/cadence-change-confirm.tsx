"use client";

import { useEffect, useRef, useState } from "react";
import { cadenceLabels } from "@/lib/labels";

type Cadence = keyof typeof cadenceLabels;

/** What a change to a cadence does to the KPI's values (lib/data/cadence-change.ts cadencePreview). */
export interface CadenceChangePreview {
  before: number;
  after: number;
  merged: number;
  moved: number;
  examples: { from: string; to: string; value: number }[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const periodWord: Record<Cadence, string> = { week: "week", month: "month", quarter: "quarter" };

/**
 * Under the edit form's cadence field: when the chosen cadence differs from the KPI's and the KPI has
 * values, shows what re-bucketing does (how many values go into how many periods, a few examples) and
 * the checkbox that confirms it. Unticked, the server refuses the change and nothing is written.
 */
export function CadenceChangeConfirm({
  current,
  previews,
}: {
  current: Cadence;
  previews: Partial<Record<Cadence, CadenceChangePreview>>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState<Cadence>(current);
  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    const read = () => {
      const field = form.elements.namedItem("cadence");
      if (field instanceof HTMLSelectElement) setChosen(field.value as Cadence);
    };
    read();
    form.addEventListener("change", read);
    return () => form.removeEventListener("change", read);
  }, []);
  const preview = chosen === current ? undefined : previews[chosen];
  return (
    <div ref={ref}>
      {preview && (
        <div
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-gray-800"
          role="group"
          aria-label="Re-bucket the values"
        >
          <p>
            Changing the cadence from {cadenceLabels[current].toLowerCase()} to {cadenceLabels[chosen].toLowerCase()}{" "}
            re-buckets {plural(preview.before, "value")} into {plural(preview.after, periodWord[chosen])}
            {preview.merged > 0 && `: ${preview.merged} merge, the latest of each ${periodWord[chosen]} is kept`}
            {preview.moved > 0 && `${preview.merged > 0 ? ";" : ":"} ${preview.moved} move to a new period date`}. The
            old series stays in the history (“as known then”).
          </p>
          <ul className="mt-2 list-disc pl-5">
            {preview.examples.map((e) => (
              <li key={e.from}>
                {e.from} ({e.value}) → {e.to}
              </li>
            ))}
          </ul>
          <label className="mt-2 flex items-center gap-2 font-medium">
            <input type="checkbox" name="rebucket" /> Re-bucket the values into the new cadence
          </label>
        </div>
      )}
    </div>
  );
}
