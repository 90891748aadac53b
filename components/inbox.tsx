import Link from "next/link";
import type { getInbox } from "@/lib/data/inbox";
import { StatusBadge } from "./scores/badges";

type Inbox = Awaited<ReturnType<typeof getInbox>>;

/** The user's to-do list for the organisation; each line links to where it is dealt with. */
export function InboxCard({ org, inbox }: { org: string; inbox: Inbox }) {
  const base = `/o/${org}`;
  const sections = [
    {
      title: "Your actions",
      items: [...inbox.actions, ...inbox.upcomingActions].map((a) => ({
        key: a.id,
        href: `${base}/follow-ups`,
        text: a.title,
        note: a.overdue ? (
          <span className="font-medium text-red-700">overdue since {a.dueDate}</span>
        ) : (
          `due ${a.dueDate}`
        ),
      })),
    },
    {
      title: "KPIs of your teams that need a look",
      items: inbox.kpis.map((k) => ({
        key: k.id,
        href: `${base}/kpis/${k.id}`,
        text: `${k.key} ${k.name}`,
        note: <StatusBadge status={k.status} stale={k.stale} />,
      })),
    },
    {
      title: "Controls to verify",
      items: inbox.controls.map((c) => ({
        key: c.id,
        href: `${base}/streams/${c.streamId}`,
        text: c.requirement,
        note: c.lastVerified ? `last ${c.lastVerified}` : "never verified",
      })),
    },
    {
      title: "Reviews due for your streams",
      items: inbox.reviews.map((s) => ({
        key: s.id,
        href: `${base}/streams/${s.id}/reviews/new`,
        text: s.name,
        note: s.lastReview ? `last review ended ${s.lastReview}` : "never reviewed",
      })),
    },
    {
      title: "Invitations",
      items:
        inbox.invitations && (inbox.invitations.pending > 0 || inbox.invitations.expired > 0)
          ? [
              {
                key: "inv",
                href: `${base}/members`,
                text: `${inbox.invitations.pending} waiting for an answer, ${inbox.invitations.expired} expired`,
                note: "re-send or revoke",
              },
            ]
          : [],
    },
  ].filter((s) => s.items.length > 0);
  const total = sections.reduce((n, s) => n + s.items.length, 0);
  return (
    <section aria-labelledby="inbox-heading" className="rounded-lg border border-slate-200 bg-white">
      <header className="flex items-center justify-between border-b border-slate-100 px-5 py-3">
        <h2 id="inbox-heading" className="font-semibold">
          Inbox
        </h2>
        <span className="text-sm text-slate-500">
          {total === 0 ? "Nothing needs you" : `${total} ${total === 1 ? "item" : "items"}`}
        </span>
      </header>
      {total === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">
          Nothing needs your attention: no overdue actions, stale or off-track KPIs in your teams, controls or reviews
          due.
        </p>
      ) : (
        <div className="grid gap-4 px-5 py-4 md:grid-cols-2">
          {sections.map((s) => (
            <div key={s.title}>
              <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">
                {s.title} ({s.items.length})
              </h3>
              <ul className="mt-1 max-h-56 divide-y divide-slate-100 overflow-y-auto text-sm">
                {s.items.map((i) => (
                  <li key={i.key} className="flex items-center justify-between gap-3 py-1.5">
                    <Link href={i.href} className="min-w-0 truncate hover:underline">
                      {i.text}
                    </Link>
                    <span className="shrink-0 text-xs text-slate-500">{i.note}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
