import { notFound } from "next/navigation";
import { Logo } from "@/components/shell/logo";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/context";
import { readableOutbox } from "@/lib/mail/outbox";
import { outboxEnabled } from "@/lib/mail/send";

export const metadata = { title: "Development outbox · Flowline" };
// Read at request time: the outbox changes with every mail.
export const dynamic = "force-dynamic";

/**
 * Mail that would have been sent: only while no SMTP server is configured (see lib/mail/send.ts), and
 * only the mail the signed-in user may read. Links that grant access were never stored.
 */
export default async function OutboxPage() {
  if (!outboxEnabled()) notFound();
  const user = await requireUser("/dev/outbox");
  const mails = await readableOutbox(await getDb(), user);
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <Logo />
      <div>
        <h1 className="text-2xl font-semibold">Development outbox</h1>
        <p className="mt-1 text-sm text-slate-600">
          No SMTP server is configured (set <code>SMTP_URL</code>), so mail lands here instead of being sent: the latest
          50 messages to you or about organisations you administer, newest first. Invitation links are not kept; the
          person who sent one saw it once.
        </p>
      </div>
      {mails.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          No mail yet.
        </p>
      ) : (
        <ol className="space-y-4">
          {mails.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-xs text-slate-500">
                To {m.to} · {m.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
              </p>
              <h2 className="mt-1 font-medium">{m.subject}</h2>
              <div className="mt-2 whitespace-pre-line text-sm text-slate-700">
                {m.text.split(/(https?:\/\/\S+)/g).map((part, i) =>
                  /^https?:\/\//.test(part) ? (
                    <a key={i} href={part} className="break-all text-brand-600 underline">
                      {part}
                    </a>
                  ) : (
                    part
                  ),
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
