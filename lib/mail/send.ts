import type { Queryable } from "@/db/client";
import { outbox } from "@/db/schema";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The organisation the mail is about: its admins may read it in the development outbox. */
  orgId?: string | null;
  /** Parts of `text` that grant access (invitation links): sent, never stored. */
  secrets?: string[];
}

/** SMTP_URL (smtp://user:pass@host:587) switches real mail on; without it mail lands in the outbox. */
export const smtpConfigured = () => Boolean(process.env.SMTP_URL);

/**
 * The development outbox page (/dev/outbox) is never on with a mail server, and only where one person
 * tries Flowline (the embedded database) unless FLOWLINE_DEV_OUTBOX=1; even then it shows a signed-in
 * user only their own mail and the mail of organisations they administer.
 */
export const outboxEnabled = () =>
  !smtpConfigured() && (!process.env.DATABASE_URL || process.env.FLOWLINE_DEV_OUTBOX === "1");

export const REDACTED = "[link removed: it was shown once to the person who sent it]";

/** The text as the outbox keeps it: every secret replaced, so no stored row can be used to get in. */
export function redact(text: string, secrets: string[] = []): string {
  return secrets.filter(Boolean).reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
}

type Transport = { sendMail: (m: Omit<Mail, "orgId" | "secrets"> & { from: string }) => Promise<unknown> };
let transport: { url: string; ready: Promise<Transport> } | undefined;

export async function sendMail(db: Queryable, mail: Mail): Promise<{ delivered: "smtp" | "outbox" }> {
  const { to, subject, text } = mail;
  const url = process.env.SMTP_URL;
  if (!url) {
    await db.insert(outbox).values({ to, subject, text: redact(text, mail.secrets), orgId: mail.orgId ?? null });
    return { delivered: "outbox" };
  }
  if (transport?.url !== url) {
    transport = { url, ready: import("nodemailer").then((nodemailer) => nodemailer.createTransport(url)) };
  }
  const from = process.env.MAIL_FROM ?? "Flowline <no-reply@flowline.local>";
  await (await transport.ready).sendMail({ to, subject, text, from });
  return { delivered: "smtp" };
}
