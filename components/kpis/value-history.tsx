export interface ShownVersion {
  /** null: a deletion. */
  value: number | null;
  note: string | null;
  recordedAt: Date;
  author: { kind: "user" | "token"; name: string | null } | null;
}

const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

function who(author: ShownVersion["author"]) {
  if (!author) return "";
  if (author.kind === "token") return ` by API token “${author.name ?? "deleted"}”`;
  return ` by ${author.name ?? "a former member"}`;
}

/**
 * A period's history (DESIGN "Measurement history"), newest recorded first, behind a disclosure
 * (native <details>: keyboard and screen readers work as they do everywhere).
 */
export function ValueHistory({ period, versions }: { period: string; versions: readonly ShownVersion[] }) {
  if (versions.length === 0) return <span className="text-xs text-slate-500">no history</span>;
  const count = `${versions.length} ${versions.length === 1 ? "version" : "versions"}`;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-brand-600 hover:underline" aria-label={`History of ${period}: ${count}`}>
        {count}
      </summary>
      <ol className="mt-1 space-y-1" aria-label={`Versions of ${period}`}>
        {[...versions].reverse().map((v, i) => (
          <li key={i} className="text-slate-700">
            <span className="font-medium tabular-nums">{v.value === null ? "deleted" : v.value}</span>
            {i === 0 && v.value !== null && <span className="text-slate-500"> (shown)</span>}
            <span className="block text-slate-500">
              recorded {when(v.recordedAt)}
              {who(v.author)}
            </span>
            {v.note && <span className="block text-slate-600">“{v.note}”</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
