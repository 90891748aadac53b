import type { KpiCard, TeamRow } from "./compose";

/** The cross-team review's URL parameters, read leniently: anything unknown means "no filter". */
export interface ReviewFilters {
  stream?: string;
  kind?: "output" | "outcome";
  status?: "on_track" | "at_risk" | "off_track" | "no_data";
  stale?: boolean;
  sort: "name" | "value" | "output" | "outcome" | "focus" | "coverage";
  dir: "asc" | "desc";
}

const sorts = ["name", "value", "output", "outcome", "focus", "coverage"] as const;
const statuses = ["on_track", "at_risk", "off_track", "no_data"] as const;

export function readFilters(search: Record<string, string | undefined>): ReviewFilters {
  const pick = <T extends string>(allowed: readonly T[], v: string | undefined) =>
    (allowed as readonly string[]).includes(v ?? "") ? (v as T) : undefined;
  return {
    stream: search.stream && /^[0-9a-f-]{36}$/i.test(search.stream) ? search.stream : undefined,
    kind: pick(["output", "outcome"] as const, search.kind),
    status: pick(statuses, search.status),
    stale: search.stale === "1" ? true : undefined,
    sort: pick(sorts, search.sort) ?? "value",
    dir: search.dir === "asc" ? "asc" : "desc",
  };
}

export function filterKpis(cards: KpiCard[], f: ReviewFilters): KpiCard[] {
  return cards.filter(
    (c) =>
      (!f.stream || c.meta.streamId === f.stream) &&
      (!f.kind || c.kind === f.kind) &&
      (!f.status || c.status === f.status) &&
      (!f.stale || c.stale),
  );
}

const key: Record<ReviewFilters["sort"], (t: TeamRow) => number | string | null> = {
  name: (t) => t.teamName.toLowerCase(),
  value: (t) => t.score.value,
  output: (t) => t.score.output,
  outcome: (t) => t.score.outcome,
  focus: (t) => t.score.outcomeFocus,
  coverage: (t) => t.score.coverage,
};

/** Sorted teams; teams without a figure always go last, whatever the direction. */
export function sortTeams(teams: TeamRow[], f: Pick<ReviewFilters, "sort" | "dir">): TeamRow[] {
  const by = key[f.sort];
  const sign = f.dir === "asc" ? 1 : -1;
  return [...teams].sort((a, b) => {
    const x = by(a);
    const y = by(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.teamName.localeCompare(b.teamName);
  });
}
