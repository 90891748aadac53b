import { MIN_VALID_FROM, type DefinitionChange, type FieldChange } from "@/lib/scoring";

const FIELD_LABELS: Record<FieldChange["field"], string> = {
  kind: "kind",
  direction: "direction",
  baseline: "baseline",
  target: "target",
  targetDate: "target date",
  planStart: "plan start",
  weight: "weight",
  teamId: "team",
  stageId: "stage",
  archived: "archived",
};

const shown = (field: FieldChange["field"], value: FieldChange["from"]) => {
  if (value === null) return "none";
  if (field === "archived") return value ? "yes" : "no";
  // Team and stage are ids: the current names are on the page; a change is said without them.
  if (field === "teamId" || field === "stageId") return "another";
  return String(value);
};

/** What a change did, in words: "target 100 → 140". */
function describe(change: DefinitionChange): string {
  if (change.created) return `Created: target ${change.version.target}, weight ${change.version.weight}`;
  if (change.changes.length === 0) return "Saved again, unchanged";
  return change.changes
    .map((c) => `${FIELD_LABELS[c.field]} ${shown(c.field, c.from)} → ${shown(c.field, c.to)}`)
    .join(", ");
}

/** A KPI's definition history (DESIGN "Time"): what changed, from when, by whom — newest recorded first. */
export function DefinitionHistory({
  history,
  names,
}: {
  history: DefinitionChange[];
  names: Map<string, string | null>;
}) {
  if (history.length === 0) return <p className="text-sm text-slate-600">No changes recorded.</p>;
  return (
    <ol className="space-y-2 text-sm" aria-label="Definition history">
      {[...history].reverse().map((h, i) => (
        <li key={i}>
          <span className="font-medium">
            {h.validFrom === MIN_VALID_FROM ? "From the start" : `From ${h.validFrom}`}
          </span>
          : {describe(h)}
          <span className="block text-xs text-slate-500">
            Recorded {h.recordedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
            {h.author
              ? ` by ${names.get(h.author.id) ?? "someone"}${h.author.kind === "token" ? " (API token)" : ""}`
              : ""}
          </span>
        </li>
      ))}
    </ol>
  );
}
