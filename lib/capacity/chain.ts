import { clearlyGreater, utilisation } from "./assess";
import { ChainInputError, findCycle, linkOrder, type LinkIssue, type StreamLinkInput } from "./chain-graph";
import { conversionProblem } from "./conversion";
import type { Period, StreamAssessment } from "./types";
import { formatAmount, formatPercent, formatQuantity } from "./units";

/**
 * Chain figures are per month (DESIGN "Value chain"): a week counts 52 / 12 to the month and a quarter
 * 1 / 3. DESIGN gives no factor for a day; a calendar day counts 365 / 12 (a month is a twelfth of a
 * year, as for weeks): 10 a day is 304.17 a month, within 0.3 % of 70 a week.
 */
export const PER_MONTH: Record<Period, number> = { day: 365 / 12, week: 52 / 12, month: 1, quarter: 1 / 3 };

/** A rate per `period` as a rate per month. */
export function perMonth(x: number, period: Period): number {
  return x * PER_MONTH[period];
}

/** The kinds of stream (they choose the verb in the chain's sentences: sales "win" customers). */
export type ChainStreamKind = "production" | "delivery" | "marketing" | "sales" | "retention" | "support" | "custom";

/** One stream as the chain sees it, with its figures per its own period. */
export interface ChainStreamInput {
  id: string;
  name: string;
  kind?: ChainStreamKind | null;
  /** The unit of the stream's output ("leads"); null: "units". */
  unit: string | null;
  period: Period;
  /** Own demand per period; null when not set. */
  demand: number | null;
  /** minᵢ capᵢ / fᵢ per period (`StreamAssessment.capacity`); null when the stream has no stages. */
  capacity: number | null;
  /** Own pace per period (`StreamAssessment.pace`); null when the stream has no stages. */
  pace: number | null;
}

/** The chain's view of a stream from its row and its assessment. */
export function chainStreamInput(
  stream: Omit<ChainStreamInput, "capacity" | "pace">,
  assessment: Pick<StreamAssessment, "capacity" | "pace">,
): ChainStreamInput {
  return { ...stream, capacity: assessment.capacity, pace: assessment.pace };
}

/** A stream's figures in the chain, all per month. */
export interface ChainStreamFigures {
  id: string;
  name: string;
  kind: ChainStreamKind | null;
  unit: string | null;
  period: Period;
  /** Own demand, capacity and pace converted to the month. */
  demand: number | null;
  capacity: number | null;
  pace: number | null;
  /**
   * required(S): own demand for a stream that feeds no other, else Σ over S → T of required(T) / k(S,T).
   * Streams it feeds whose requirement is unknown are left out of the sum (see `requiredPartial`);
   * null when none is known.
   */
  required: number | null;
  /** True when some stream it feeds has no known requirement: `required` is then a lower bound. */
  requiredPartial: boolean;
  /**
   * True when a stream it feeds has other suppliers too. DESIGN's formula asks each supplier for the
   * whole of that need, as if it fed the stream alone; the UI should say so.
   */
  sharesSupply: boolean;
  /** U(S) = required / capacity; null when either is unknown; Infinity for capacity 0 with a requirement. */
  utilisation: number | null;
  /** Σ over A → S of k(A,S) × chainPace(A); null with no incoming link or when a supplier's chain pace is unknown. */
  supply: number | null;
  /**
   * min(own pace, supply); own pace without a known supply; supply without a known own pace (no stages);
   * null when neither is known.
   */
  chainPace: number | null;
  isConstraint: boolean;
  /** Whether any link touches the stream; unlinked streams are drawn apart. */
  linked: boolean;
  /** Column for drawing left to right (longest run of links reaching it); null for unlinked streams. */
  column: number | null;
  /** Ids of the streams that feed it and that it feeds, in link order. */
  suppliers: string[];
  customers: string[];
}

export interface ChainLinkFigures {
  id?: string;
  from: string;
  to: string;
  conversion: number;
  /** required(to) / k: the units of `from` this link asks for per month; null when unknown. */
  required: number | null;
  /** k × chainPace(from): units of `to` per month this link can bring; null when unknown. */
  flow: number | null;
}

/** A supplier whose own demand differs from what the chain requires of it by more than 5 %. */
export interface DemandMismatch {
  streamId: string;
  /** Own demand per month. */
  demand: number;
  required: number;
  /** demand / required (Infinity when nothing is required). */
  ratio: number;
  sentence: string;
}

export interface ChainComponent {
  /** Stream ids of one connected part of the chain, in link order. */
  streamIds: string[];
  constraintId: string | null;
}

export interface ChainAssessment {
  /** Linked streams in link order, then unlinked ones by name. */
  streams: ChainStreamFigures[];
  links: ChainLinkFigures[];
  /** Ids of the linked streams in link order (see `linkOrder`). */
  order: string[];
  /** Ids of the streams without links, by name. */
  unlinked: string[];
  /** The linked stream with the highest chain utilisation (ties: the first in link order); null when none is known. */
  constraint: ChainStreamFigures | null;
  /** Each connected part of the chain with its own constraint (an organisation may run two chains). */
  components: ChainComponent[];
  mismatches: DemandMismatch[];
}

/** Relative difference beyond which own and required demand are called out. */
export const MISMATCH_TOLERANCE = 0.05;

const verbs: Record<ChainStreamKind, string> = {
  production: "make",
  delivery: "deliver",
  marketing: "generate",
  sales: "win",
  retention: "keep",
  support: "resolve",
  custom: "deliver",
};

const unitOf = (s: { unit: string | null }) => s.unit ?? "units";

function checkLinks(links: StreamLinkInput[]): void {
  const issues: LinkIssue[] = [];
  const seen = new Set<string>();
  for (const l of links) {
    const problem = conversionProblem(l.conversion);
    if (problem) issues.push({ field: "conversion", code: "conversion", message: problem });
    if (l.from === l.to)
      issues.push({ field: "toStreamId", code: "self_link", message: "A stream cannot feed itself." });
    const key = `${l.from}\u0000${l.to}`;
    if (seen.has(key))
      issues.push({ field: "toStreamId", code: "duplicate", message: "Two links join the same streams." });
    seen.add(key);
  }
  const cycle = issues.length === 0 ? findCycle(links) : null;
  if (cycle)
    issues.push({ field: "toStreamId", code: "cycle", message: `The links form a loop: ${cycle.join(" → ")}.`, cycle });
  if (issues.length > 0) throw new ChainInputError(issues);
}

const monthly = (s: ChainStreamInput, x: number | null) => (x === null ? null : perMonth(x, s.period));

type Links = Map<string, StreamLinkInput[]>;

/** required(S) per month, visiting every stream after the streams it feeds (reverse link order). */
function requiredDemands(
  reversed: string[],
  byId: Map<string, ChainStreamInput>,
  outgoing: Links,
): Map<string, { value: number | null; partial: boolean }> {
  const required = new Map<string, { value: number | null; partial: boolean }>();
  for (const id of reversed) {
    const out = outgoing.get(id) ?? [];
    if (out.length === 0) {
      const s = byId.get(id)!;
      required.set(id, { value: monthly(s, s.demand), partial: false });
      continue;
    }
    let sum = 0;
    let known = 0;
    let partial = false;
    for (const l of out) {
      const r = required.get(l.to)!;
      if (r.value === null) partial = true;
      else {
        sum += r.value / l.conversion;
        known++;
        partial ||= r.partial;
      }
    }
    required.set(id, { value: known > 0 ? sum : null, partial });
  }
  return required;
}

/** Supply and chain pace per month, visiting every stream after its suppliers (link order). */
function chainPaces(
  ordered: string[],
  byId: Map<string, ChainStreamInput>,
  incoming: Links,
): Map<string, { supply: number | null; pace: number | null }> {
  const paces = new Map<string, { supply: number | null; pace: number | null }>();
  for (const id of ordered) {
    const s = byId.get(id)!;
    const own = monthly(s, s.pace);
    const inc = incoming.get(id) ?? [];
    let supply: number | null = inc.length > 0 ? 0 : null;
    for (const l of inc) {
      const from = paces.get(l.from)!.pace;
      supply = supply === null || from === null ? null : supply + l.conversion * from;
    }
    const pace = own === null ? supply : supply === null ? own : Math.min(own, supply);
    paces.set(id, { supply, pace });
  }
  return paces;
}

/**
 * The value chain (DESIGN "Value chain"): per month, each stream's required demand, chain utilisation
 * and chain pace, the constraint and the suppliers whose own demand misses the requirement by more than
 * 5 %. Links to streams not given are ignored, so callers may pass only the active streams. Links must
 * have been validated (`validateLink`): a cycle, a self-link, two links between the same streams or a
 * conversion out of range throws `ChainInputError`.
 */
export function assessChain(streams: ChainStreamInput[], allLinks: StreamLinkInput[]): ChainAssessment {
  const byId = new Map(streams.map((s) => [s.id, s]));
  const links = allLinks.filter((l) => byId.has(l.from) && byId.has(l.to));
  checkLinks(links);
  const { order, column, unlinked } = linkOrder(streams, links);
  const outgoing: Links = new Map();
  const incoming: Links = new Map();
  for (const l of links) {
    outgoing.set(l.from, [...(outgoing.get(l.from) ?? []), l]);
    incoming.set(l.to, [...(incoming.get(l.to) ?? []), l]);
  }
  const drawn = order.concat(unlinked);
  const required = requiredDemands([...order].reverse().concat(unlinked), byId, outgoing);
  const chainPace = chainPaces(drawn, byId, incoming);

  const figures = new Map<string, ChainStreamFigures>();
  for (const id of drawn) {
    const s = byId.get(id)!;
    const capacity = monthly(s, s.capacity);
    const r = required.get(id)!;
    const out = outgoing.get(id) ?? [];
    figures.set(id, {
      id,
      name: s.name,
      kind: s.kind ?? null,
      unit: s.unit,
      period: s.period,
      demand: monthly(s, s.demand),
      capacity,
      pace: monthly(s, s.pace),
      required: r.value,
      requiredPartial: r.partial,
      sharesSupply: out.some((l) => (incoming.get(l.to)?.length ?? 0) > 1),
      utilisation: r.value === null || capacity === null ? null : utilisation(r.value, capacity),
      supply: chainPace.get(id)!.supply,
      chainPace: chainPace.get(id)!.pace,
      isConstraint: false,
      linked: column.has(id),
      column: column.get(id) ?? null,
      suppliers: (incoming.get(id) ?? []).map((l) => l.from),
      customers: out.map((l) => l.to),
    });
  }

  const components = connectedParts(order, links).map((ids) => ({
    streamIds: ids,
    constraintId: busiest(ids.map((id) => figures.get(id)!))?.id ?? null,
  }));
  const constraint = busiest(order.map((id) => figures.get(id)!));
  if (constraint) constraint.isConstraint = true;

  return {
    streams: drawn.map((id) => figures.get(id)!),
    links: links.map((l) => {
      const needed = required.get(l.to)!.value;
      const from = chainPace.get(l.from)!.pace;
      return {
        ...(l.id === undefined ? {} : { id: l.id }),
        from: l.from,
        to: l.to,
        conversion: l.conversion,
        required: needed === null ? null : needed / l.conversion,
        flow: from === null ? null : l.conversion * from,
      };
    }),
    order,
    unlinked,
    constraint,
    components,
    mismatches: mismatches(order, figures, outgoing),
  };
}

/** The highest chain utilisation beyond float noise; ties go to the first given (link order). */
function busiest(streams: ChainStreamFigures[]): ChainStreamFigures | null {
  let best: ChainStreamFigures | null = null;
  for (const s of streams) {
    if (s.utilisation === null) continue;
    if (best === null || clearlyGreater(s.utilisation, best.utilisation!)) best = s;
  }
  return best;
}

/** The linked streams grouped by connection (links taken both ways), each group in link order. */
function connectedParts(order: string[], links: StreamLinkInput[]): string[][] {
  const root = new Map(order.map((id) => [id, id]));
  const find = (id: string): string => {
    let r = id;
    while (root.get(r) !== r) r = root.get(r)!;
    root.set(id, r);
    return r;
  };
  for (const l of links) root.set(find(l.from), find(l.to));
  const parts = new Map<string, string[]>();
  for (const id of order) parts.set(find(id), [...(parts.get(find(id)) ?? []), id]);
  return [...parts.values()];
}

function mismatches(
  order: string[],
  figures: Map<string, ChainStreamFigures>,
  outgoing: Map<string, StreamLinkInput[]>,
): DemandMismatch[] {
  const found: DemandMismatch[] = [];
  for (const id of order) {
    const s = figures.get(id)!;
    const out = outgoing.get(id) ?? [];
    if (out.length === 0 || s.demand === null || s.required === null || s.requiredPartial) continue;
    if (Math.abs(s.demand - s.required) <= MISMATCH_TOLERANCE * s.required) continue;
    const ratio = s.required === 0 ? Infinity : s.demand / s.required;
    found.push({
      streamId: id,
      demand: s.demand,
      required: s.required,
      ratio,
      sentence: mismatchSentence(s, out, figures),
    });
  }
  return found;
}

/** "Sales needs 480 leads a month to win its 30 customers; Marketing plans 400." */
function mismatchSentence(
  s: ChainStreamFigures,
  out: StreamLinkInput[],
  figures: Map<string, ChainStreamFigures>,
): string {
  const parts = out.map((l) => {
    const t = figures.get(l.to)!;
    const asked = (t.required ?? 0) / l.conversion;
    const verb = verbs[t.kind ?? "custom"];
    return { t, asked, purpose: `to ${verb} its ${formatAmount(t.required ?? 0, unitOf(t))}` };
  });
  const plans = `${s.name} plans ${formatQuantity(s.demand ?? 0)}`;
  if (parts.length === 1) {
    const { t, asked, purpose } = parts[0]!;
    return `${t.name} needs ${formatAmount(asked, unitOf(s))} a month ${purpose}; ${plans}.`;
  }
  const names = parts.map((p) => p.t.name);
  const who = `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const each = parts.map((p) => `${p.t.name} ${formatQuantity(p.asked)} ${p.purpose}`).join(", ");
  return `${who} need ${formatAmount(s.required ?? 0, unitOf(s))} a month (${each}); ${plans}.`;
}

/**
 * The constraint in one sentence: "Sales limits the value chain: the chain needs 30 customers a month
 * from it and it can handle 24 (125%)."
 */
export function explainChainConstraint(chain: ChainAssessment): string {
  const c = chain.constraint;
  if (chain.order.length === 0) return "No streams are linked yet, so there is no value chain to assess.";
  if (c === null) return "No linked stream has both a required demand and a known capacity yet.";
  const needs = `the chain needs ${formatAmount(c.required ?? 0, unitOf(c))} a month from it`;
  const u = c.utilisation ?? 0;
  if (!Number.isFinite(u)) return `${c.name} limits the value chain: ${needs} and it has no capacity.`;
  const handles = `it can handle ${formatQuantity(c.capacity ?? 0)} (${formatPercent(u)})`;
  if (clearlyGreater(u, 1)) return `${c.name} limits the value chain: ${needs} and ${handles}.`;
  return `${c.name} is the busiest stream in the value chain: ${needs} and ${handles}.`;
}
