/**
 * The audit log in sentences ("changed the target of PRD-4 from 96 to 97"), from an entry's action and
 * the data its change recorded. Pure: the page passes the entry, what it concerns and the names of the
 * people its data mentions by id.
 */
import { counted, possessive } from "@/lib/plural";

export interface AuditFacts {
  action: string;
  data: unknown;
  /** What the entry is about, as the page names it today (a KPI's key, a stream's name), if it still exists. */
  concerning: string | null;
}

type Data = Record<string, unknown>;
type Names = ReadonlyMap<string, string>;

const fieldNames: Record<string, string> = {
  key: "key",
  name: "name",
  kind: "kind",
  direction: "direction",
  baseline: "baseline",
  target: "target",
  weight: "weight",
  cadence: "cadence",
  planStart: "plan start",
  targetDate: "target date",
  slug: "address",
  outcomeWeight: "outcome weight α",
  quadrantThreshold: "quadrant threshold",
  onTrackThreshold: "on-track threshold",
  atRiskThreshold: "at-risk threshold",
  staleAfterPeriods: "stale after (periods)",
  paceOnTrackTolerance: "on-pace tolerance",
  paceAtRiskTolerance: "at-risk pace tolerance",
};

const text = (value: unknown): string =>
  value === null || value === undefined || value === "" ? "none" : String(value).replaceAll("_", " ");

const str = (d: Data, field: string): string | null => (typeof d[field] === "string" ? (d[field] as string) : null);

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** The tracked fields that differ between two records, in a fixed order, as they read. */
export function changedFields(from: unknown, to: unknown): FieldChange[] {
  if (!isData(from) || !isData(to)) return [];
  return Object.keys(fieldNames)
    .filter((f) => f in to && JSON.stringify(from[f] ?? null) !== JSON.stringify(to[f] ?? null))
    .map((f) => ({ field: fieldNames[f]!, from: text(from[f]), to: text(to[f]) }));
}

const amount = (n: unknown, noun: string) => (typeof n === "number" ? counted(n, noun) : `some ${noun}s`);

const isData = (x: unknown): x is Data => typeof x === "object" && x !== null && !Array.isArray(x);

const list = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;

/** "changed the target of KPI PRD-4 from 96 to 97", or every change after a colon when there are several. */
function changed(subject: string, from: unknown, to: unknown): string {
  const fields = changedFields(from, to);
  if (fields.length === 0) return `saved ${subject} without changing its figures`;
  if (fields.length === 1)
    return `changed the ${fields[0]!.field} of ${subject} from ${fields[0]!.from} to ${fields[0]!.to}`;
  return `changed ${subject}: ${list(fields.map((f) => `the ${f.field} from ${f.from} to ${f.to}`))}`;
}

function describe(action: string, d: Data, about: string, names: Names): string | null {
  const person = (field: string) => names.get(str(d, field) ?? "") ?? "someone who has left";
  const value = (v: unknown) => (v === undefined ? "" : ` ${text(v)}`);
  switch (action) {
    case "kpi.created":
      return `created KPI ${about}`;
    case "kpi.updated":
      return changed(`KPI ${about}`, d.from, d.to);
    case "kpi.archived":
      return `archived KPI ${about}`;
    case "kpi.restored":
      return `restored KPI ${about}`;
    case "kpi.deleted":
      return `deleted KPI ${about}`;
    case "kpi.linked":
      return `linked ${about} to the outcome ${text(d.drives)} it drives`;
    case "kpi.unlinked":
      return `unlinked ${about} from an outcome`;
    case "measurement.recorded":
      return `recorded${value(d.value)} for ${about}, period ${text(d.period)}`;
    case "measurement.replaced":
      return `replaced ${possessive(about)} value for ${text(d.period)} with${value(d.value)}`;
    case "measurement.deleted":
      return `deleted ${possessive(about)} value for ${text(d.period)}`;
    case "measurements.imported":
      return `imported ${amount(d.count, "value")} for ${amount(d.kpis, "KPI")} from a CSV file`;
    case "measurements.ingested":
      return `sent ${amount(d.count, "value")} through the API`;
    case "stream.created":
      return `created the value stream ${about}${d.template ? ` from the ${text(d.template)} template` : ""}`;
    case "stream.updated":
      return `edited the value stream ${about}`;
    case "stream.archived":
      return `archived the value stream ${about}`;
    case "stream.restored":
      return `restored the value stream ${about}`;
    case "stream.deleted":
      return `deleted the value stream ${about}`;
    case "stage.added":
      return `added the stage ${about}`;
    case "stage.updated":
      return `edited the stage ${about}`;
    case "stage.moved":
      return `moved the stage ${about} ${d.direction === "up" ? "earlier" : "later"}`;
    case "stage.removed":
      return `removed the stage ${about}`;
    case "resource.added":
      return `added the resource ${about}`;
    case "resource.updated":
      return `edited the resource ${about}`;
    case "resource.removed":
      return `removed the resource ${about}`;
    case "stream_link.created":
      return `linked ${text(d.from)} to ${text(d.to)}`;
    case "stream_link.deleted":
      return `unlinked ${text(d.from)} from ${text(d.to)}`;
    case "scenario.created":
      return `planned the scenario ${about}`;
    case "scenario.applied":
      return `applied the scenario ${text(d.scenario)} to ${about}`;
    case "scenario.discarded":
      return `discarded the scenario ${about}`;
    case "team.created":
      return `created the team ${about}`;
    case "team.renamed":
      return `renamed the team ${text(d.from)} to ${text(d.to)}`;
    case "team.deleted":
      return `deleted the team ${about}`;
    case "team.member_added":
      return `added ${person("userId")} to the team ${about}`;
    case "team.member_removed":
      return `removed ${person("userId")} from the team ${about}`;
    case "member.role_changed":
      return `changed ${possessive(about)} role from ${text(d.from)} to ${text(d.to)}`;
    case "member.removed":
      return `removed ${about} from the organisation`;
    case "organisation.created":
      return `created the organisation ${text(d.name)}`;
    case "organisation.renamed":
      return changed("the organisation", d.from, d.to);
    case "organisation.ownership_transferred":
      return `handed ownership of the organisation to ${about}`;
    case "settings.updated":
      return changed("the scoring settings", d.from, d.to);
    case "invitation.created":
      return `invited ${text(d.email)} as ${text(d.role)}`;
    case "invitation.resent":
      return `sent the invitation to ${text(d.email)} again`;
    case "invitation.revoked":
      return `withdrew the invitation to ${text(d.email)}`;
    case "invitation.accepted":
      return `accepted the invitation as ${text(d.role)}`;
    case "review.created":
      return `wrote a review (${text(d.status)}) of ${about}`;
    case "action.created":
      return `created the action “${text(d.title)}” for ${person("ownerId")}, due ${text(d.dueDate)}`;
    case "action.status_changed":
      return `moved the action ${about} from ${text(d.from)} to ${text(d.to)}`;
    case "control.created":
      return `added the control ${about}`;
    case "control.verified":
      return `verified the control ${about}: ${text(d.status)}`;
    case "control.deleted":
      return `deleted the control ${about}`;
    case "token.created":
      return `created the ${text(d.scope)} API token ${about}`;
    case "token.revoked":
      return `revoked the API token ${about}`;
    default:
      return null;
  }
}

/** What the entry's data names it by, when what it concerns no longer exists (a deleted KPI keeps its key). */
function recordedName(d: Data): string | null {
  const to = isData(d.to) ? d.to : {};
  return (
    str(d, "key") ?? str(to, "key") ?? str(d, "name") ?? str(d, "title") ?? str(d, "requirement") ?? str(d, "email")
  );
}

/** The entry as a sentence whose subject is its author: "changed the target of PRD-4 from 96 to 97". */
export function auditSentence(entry: AuditFacts, names: Names = new Map()): string {
  const d = isData(entry.data) ? entry.data : {};
  const about = entry.concerning ?? recordedName(d) ?? "something since deleted";
  return describe(entry.action, d, about, names) ?? entry.action.replace(/[._]/g, " ");
}
