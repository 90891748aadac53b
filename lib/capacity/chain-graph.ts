import { conversionProblem } from "./conversion";

/** A stream link A → B: A's output feeds B's input; one unit of A's output ends up as k units of B's. */
export interface StreamLinkInput {
  id?: string;
  /** A: the supplying stream. */
  from: string;
  /** B: the stream it feeds. */
  to: string;
  /** k > 0: units of B's output that one unit of A's output ends up as (1/16: 16 leads per customer). */
  conversion: number;
}

export interface NamedStream {
  id: string;
  name: string;
}

/** Why a link cannot be stored; `field` names the input it is about (the API's and the form's names). */
export interface LinkIssue {
  field: "fromStreamId" | "toStreamId" | "conversion";
  code: "unknown_stream" | "self_link" | "duplicate" | "cycle" | "conversion";
  message: string;
  /** For a cycle: the stream ids around it, starting and ending with the link's `from`. */
  cycle?: string[];
}

/** Raised by `assessChain` for links that validation should have refused (a cycle, k ≤ 0, …). */
export class ChainInputError extends Error {
  constructor(readonly issues: LinkIssue[]) {
    super(issues.map((i) => i.message).join(" "));
    this.name = "ChainInputError";
  }
}

/** The streams each stream feeds, in link order. */
function successors(links: StreamLinkInput[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const l of links) next.set(l.from, [...(next.get(l.from) ?? []), l.to]);
  return next;
}

/** A path of links from `start` to `goal` (both included), or null; depth-first, in link order. */
function findPath(start: string, goal: string, next: Map<string, string[]>): string[] | null {
  const visited = new Set<string>();
  const walk = (node: string): string[] | null => {
    if (node === goal) return [node];
    if (visited.has(node)) return null;
    visited.add(node);
    for (const n of next.get(node) ?? []) {
      const rest = walk(n);
      if (rest) return [node, ...rest];
    }
    return null;
  };
  return walk(start);
}

/** A cycle among the links as stream ids [a, b, …, a], or null when they form a DAG. */
export function findCycle(links: StreamLinkInput[]): string[] | null {
  const next = successors(links);
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, "open");
    stack.push(node);
    for (const n of next.get(node) ?? []) {
      if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
      if (!state.has(n)) {
        const cycle = visit(n);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const l of links) {
    if (!state.has(l.from)) {
      const cycle = visit(l.from);
      if (cycle) return cycle;
    }
  }
  return null;
}

const nameOf = (streams: NamedStream[]) => {
  const names = new Map(streams.map((s) => [s.id, s.name]));
  return (id: string) => names.get(id) ?? id;
};

/**
 * Everything wrong with adding `candidate` to `existing` among `streams` (the organisation's active
 * streams): an unknown stream, a link to itself, a second link between the same two streams, a
 * conversion that is not a number, ≤ 0 or beyond 10⁹ (or below 10⁻⁹), and a link that would close a
 * cycle (with its path). Empty when the link may be stored. To check a change of an existing link's
 * conversion, leave that link out of `existing`.
 */
export function validateLink(
  candidate: StreamLinkInput,
  existing: StreamLinkInput[],
  streams: NamedStream[],
): LinkIssue[] {
  const issues: LinkIssue[] = [];
  const known = new Set(streams.map((s) => s.id));
  const name = nameOf(streams);
  const choose = "Choose one of this organisation's active streams.";
  if (!known.has(candidate.from)) issues.push({ field: "fromStreamId", code: "unknown_stream", message: choose });
  if (!known.has(candidate.to)) issues.push({ field: "toStreamId", code: "unknown_stream", message: choose });
  const problem = conversionProblem(candidate.conversion);
  if (problem) issues.push({ field: "conversion", code: "conversion", message: problem });
  if (issues.some((i) => i.code === "unknown_stream")) return issues;

  if (candidate.from === candidate.to) {
    issues.push({
      field: "toStreamId",
      code: "self_link",
      message: "A stream cannot feed itself: choose another stream.",
    });
    return issues;
  }
  if (existing.some((l) => l.from === candidate.from && l.to === candidate.to)) {
    const message = `${name(candidate.from)} already feeds ${name(candidate.to)}; change that link's conversion instead.`;
    issues.push({ field: "toStreamId", code: "duplicate", message });
    return issues;
  }
  const back = findPath(candidate.to, candidate.from, successors(existing));
  if (back) {
    const cycle = [candidate.from, ...back];
    const path = cycle.map(name).join(" → ");
    const message = `This link would close a loop (${path}): streams must feed each other in one direction.`;
    issues.push({ field: "toStreamId", code: "cycle", message, cycle });
  }
  return issues;
}

/** Every issue of a whole set of links, each checked against the links before it (for imports and repair). */
export function validateLinks(links: StreamLinkInput[], streams: NamedStream[]): LinkIssue[] {
  const accepted: StreamLinkInput[] = [];
  const issues: LinkIssue[] = [];
  for (const link of links) {
    const found = validateLink(link, accepted, streams);
    if (found.length === 0) accepted.push(link);
    issues.push(...found);
  }
  return issues;
}

const byName = (a: NamedStream, b: NamedStream): number => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * The linked streams in link order, for drawing left to right: a topological order (every stream
 * after the streams that feed it) in which, among the streams ready at each step, the first by name
 * (case aside, then id) comes first. `column` is the longest run of links reaching the stream (0 for a
 * stream nothing feeds). Streams without any link are `unlinked`, by name. Links must form a DAG.
 */
export function linkOrder(
  streams: NamedStream[],
  links: StreamLinkInput[],
): { order: string[]; column: Map<string, number>; unlinked: string[] } {
  const linked = new Set(links.flatMap((l) => [l.from, l.to]));
  const incoming = new Map<string, number>();
  for (const l of links) incoming.set(l.to, (incoming.get(l.to) ?? 0) + 1);
  const next = successors(links);
  const byId = new Map(streams.map((s) => [s.id, s]));
  const column = new Map<string, number>();
  const ready = streams.filter((s) => linked.has(s.id) && !incoming.has(s.id));
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort(byName);
    const s = ready.shift()!;
    order.push(s.id);
    const col = column.get(s.id) ?? 0;
    column.set(s.id, col);
    for (const t of next.get(s.id) ?? []) {
      column.set(t, Math.max(column.get(t) ?? 0, col + 1));
      const left = (incoming.get(t) ?? 0) - 1;
      incoming.set(t, left);
      const target = byId.get(t);
      if (left === 0 && target) ready.push(target);
    }
  }
  const unlinked = streams.filter((s) => !linked.has(s.id)).sort(byName);
  return { order, column, unlinked: unlinked.map((s) => s.id) };
}
