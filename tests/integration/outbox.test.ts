import { beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { createInvitations } from "@/lib/data/invitations";
import { readableOutbox } from "@/lib/mail/outbox";
import { outboxEnabled, redact, REDACTED, sendMail } from "@/lib/mail/send";
import { createTenants, createUser, randomEmail, type OrgFixture } from "../helpers/fixtures";
import { sendMailToOutbox } from "../helpers/outbox-mail";

const BASE = "https://flowline.test";

sendMailToOutbox();

describe("who reads the development outbox", () => {
  let orgA: OrgFixture;
  let orgB: OrgFixture;
  let invitee: string;
  let subjects: (user: { id: string; email: string; name: string | null }) => Promise<string[]>;

  beforeAll(async () => {
    ({ orgA, orgB } = await createTenants());
    invitee = randomEmail("invitee");
    await createInvitations(orgA.ctx.admin, { emails: [invitee], role: "member", teamIds: [] }, BASE);
    await sendMail(await getDb(), { to: orgA.users.member.email, subject: "For the member", text: "Hello" });
    subjects = async (user) => (await readableOutbox(await getDb(), user, 1000)).map((m) => m.subject);
  });

  const invitation = () => `${orgA.users.admin.name} invited you to ${orgA.org.name} on Flowline`;

  test.each(["owner", "admin"] as const)("the organisation's %s reads its invitation mail", async (role) => {
    expect(await subjects(orgA.users[role])).toContain(invitation());
  });

  test.each(["process_owner", "member", "viewer"] as const)("a %s does not", async (role) => {
    expect(await subjects(orgA.users[role])).not.toContain(invitation());
  });

  test("another organisation's admin does not", async () => {
    expect(await subjects(orgB.users.admin)).not.toContain(invitation());
    expect(await subjects(orgB.users.owner)).not.toContain(invitation());
  });

  test("the recipient reads their own mail, once they have an account", async () => {
    const user = await createUser({ email: invitee });
    expect(await subjects(user)).toEqual([invitation()]);
    expect(await subjects(orgA.users.member)).toContain("For the member");
    expect(await subjects(orgA.users.viewer)).not.toContain("For the member");
  });
});

describe("the outbox's switch and redaction", () => {
  test("never on with SMTP_URL, on the embedded database by default, on a server only with FLOWLINE_DEV_OUTBOX=1", () => {
    const cases: [Record<string, string>, boolean][] = [
      [{ SMTP_URL: "", DATABASE_URL: "", FLOWLINE_DEV_OUTBOX: "" }, true],
      [{ SMTP_URL: "smtp://mail:25", DATABASE_URL: "", FLOWLINE_DEV_OUTBOX: "" }, false],
      [{ SMTP_URL: "smtp://mail:25", DATABASE_URL: "", FLOWLINE_DEV_OUTBOX: "1" }, false],
      [{ SMTP_URL: "", DATABASE_URL: "postgres://db/x", FLOWLINE_DEV_OUTBOX: "" }, false],
      [{ SMTP_URL: "", DATABASE_URL: "postgres://db/x", FLOWLINE_DEV_OUTBOX: "1" }, true],
    ];
    const saved = { ...process.env };
    try {
      for (const [env, expected] of cases) {
        Object.assign(process.env, env);
        expect(outboxEnabled(), JSON.stringify(env)).toBe(expected);
      }
    } finally {
      for (const key of ["SMTP_URL", "DATABASE_URL", "FLOWLINE_DEV_OUTBOX"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  test.each([
    ["Join: https://x.test/invite/inv_abc now", ["https://x.test/invite/inv_abc"], `Join: ${REDACTED} now`],
    ["a b a", ["a"], `${REDACTED} b ${REDACTED}`],
    ["nothing secret", [], "nothing secret"],
    ["empty secrets are ignored", [""], "empty secrets are ignored"],
  ])("redact(%j)", (text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });
});
