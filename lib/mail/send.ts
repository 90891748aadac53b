import type { Queryable } from "@/db/client";
import { outbox } from "@/db/schema";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** SMTP_URL (smtp://user:pass@host:587) switches real mail on; without it mail lands in the outbox. */
export const smtpConfigured = () => Boolean(process.env.SMTP_URL);

/**
 * The development outbox page shows every mail without signing in, so it is on only where nobody
 * else can reach it: the embedded database (one person trying Flowline) or FLOWLINE_DEV_OUTBOX=1.
 */
export const outboxEnabled = () =>
  !smtpConfigured() && (!process.env.DATABASE_URL || process.env.FLOWLINE_DEV_OUTBOX === "1");

let transport: Promise<{ sendMail: (m: Mail & { from: string }) => Promise<unknown> }> | undefined;

export async function sendMail(db: Queryable, mail: Mail): Promise<{ delivered: "smtp" | "outbox" }> {
  if (!smtpConfigured()) {
    await db.insert(outbox).values(mail);
    return { delivered: "outbox" };
  }
  transport ??= import("nodemailer").then((nodemailer) => nodemailer.createTransport(process.env.SMTP_URL));
  await (await transport).sendMail({ ...mail, from: process.env.MAIL_FROM ?? "Flowline <no-reply@flowline.local>" });
  return { delivered: "smtp" };
}
