import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { expect, newContext, test, uniqueId } from "./fixtures";
import {
  card,
  contextAs,
  createKpi,
  createStream,
  DEMO_SLUG,
  PRODUCTION_TEAM,
  recordValue,
  uniqueKey,
  type CreatedKpi,
} from "./demo";

/**
 * Invitations and roles in the demo organisation. Every test invites its own new person with a
 * unique email, so the demo's accounts keep their roles for the other specs.
 */

const DEMO_ORG_NAME = "Acme Industries";

interface Invitee {
  name: string;
  email: string;
  password: string;
}

function newInvitee(): Invitee {
  const id = uniqueId();
  return { name: `Colleague ${id}`, email: `invitee-${id}@flowline-e2e.example`, password: `pw-${id}-correct-horse` };
}

/** Invites `email` from the Members page (open as an owner or admin) and answers the link it shows. */
async function invite(admin: Page, email: string, role: string, team: string): Promise<string> {
  await admin.goto(`/o/${DEMO_SLUG}/members`);
  const form = card(admin, "Invite people");
  await form.getByLabel("Email addresses").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await form.getByRole("checkbox", { name: team, exact: true }).check();
  await form.getByRole("button", { name: "Send invitations" }).click();
  const status = form.getByRole("status");
  await expect(status).toContainText(`Invited ${email}. Mail is not set up, so it went to the outbox`);
  const link = await status.getByLabel("Copy this link").inputValue();
  expect(link).toMatch(/^https?:\/\/[^/]+\/invite\/inv_\S+$/);
  return link;
}

/** Creates the account on an open invitation page (signed out) and waits for the organisation's overview. */
async function signUpWithInvitation(page: Page, invitee: Invitee, role: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: `Join ${DEMO_ORG_NAME}` })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(
    `You were invited to join ${DEMO_ORG_NAME} as ${role.toLowerCase()}. Create your account for ${invitee.email}.`,
  );
  await page.getByLabel("Your name").fill(invitee.name);
  await page.getByLabel("Password", { exact: true }).fill(invitee.password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.waitForURL(new RegExp(`/o/${DEMO_SLUG}$`));
  await expect(page.getByRole("heading", { level: 1, name: DEMO_ORG_NAME })).toBeVisible();
  await expect(page.getByText(`You are ${role.toLowerCase()} here.`)).toBeVisible();
}

/** A row of the Members page's table, found by email. */
const memberRow = (page: Page, email: string) => page.getByRole("row").filter({ hasText: email });

/** The Details of an audit log row, parsed (the database may store the keys in another order). */
async function details(row: Locator): Promise<unknown> {
  await expect(row).toHaveCount(1);
  return JSON.parse((await row.getByRole("cell").nth(3).locator("pre").textContent()) ?? "null");
}

async function signedOut(
  browser: Browser,
  baseURL: string | undefined,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, baseURL);
  return { context, page: await context.newPage() };
}

test("an admin invites a colleague into Production, who signs up with the link the admin was shown and joins as a member", async ({
  browser,
  baseURL,
}) => {
  // Three browsers and two sign-ups: allow for a slow shared CI machine.
  test.setTimeout(60_000);
  const invitee = newInvitee();
  const admin = await contextAs(browser, baseURL, "admin");
  const colleague = await signedOut(browser, baseURL);
  try {
    const link = await invite(admin.page, invitee.email, "Member", PRODUCTION_TEAM);
    const invitation = card(admin.page, "Invitations").getByRole("listitem").filter({ hasText: invitee.email });
    await expect(invitation).toContainText("Member · invited by Adam Admin");
    await expect(invitation).toContainText("pending");

    const page = colleague.page;
    await test.step("the colleague follows the link the admin copied", async () => {
      await page.goto(link);
      await expect(page).toHaveURL(link);
    });

    await test.step("signs up and lands in the organisation as a member of Production", async () => {
      await signUpWithInvitation(page, invitee, "Member");
      await page.getByRole("link", { name: "Members", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
      const row = memberRow(page, invitee.email);
      await expect(row.getByRole("cell").nth(0)).toContainText(`${invitee.name} You`);
      await expect(row.getByRole("cell").nth(1)).toHaveText(PRODUCTION_TEAM);
      await expect(row.getByRole("cell").nth(2)).toHaveText("Member");
    });

    await test.step("the same link is refused once used", async () => {
      await page.goto(link);
      await expect(page.getByRole("heading", { level: 1, name: "This invitation was already used" })).toBeVisible();
      await expect(page.getByLabel("Your name")).toHaveCount(0);
      await expect(page.getByRole("button", { name: /join/i })).toHaveCount(0);
      // Also for someone who is not signed in.
      const stranger = await signedOut(browser, baseURL);
      try {
        await stranger.page.goto(link);
        await expect(
          stranger.page.getByRole("heading", { level: 1, name: "This invitation was already used" }),
        ).toBeVisible();
        await expect(stranger.page.getByLabel("Your name")).toHaveCount(0);
      } finally {
        await stranger.context.close();
      }
    });

    await test.step("the admin sees the invitation accepted and the new member with their team", async () => {
      await admin.page.reload();
      await expect(invitation).toContainText("accepted");
      await expect(invitation.getByRole("button", { name: "Revoke" })).toHaveCount(0);
      const row = memberRow(admin.page, invitee.email);
      await expect(row.getByRole("cell").nth(1)).toHaveText(PRODUCTION_TEAM);
      await expect(admin.page.getByLabel(`Role of ${invitee.name}`)).toHaveValue("member");
    });
  } finally {
    await admin.context.close();
    await colleague.context.close();
  }
});

test("an admin demotes a member to viewer: their very next write is refused, and the audit log shows both", async ({
  browser,
  baseURL,
}) => {
  // Three browsers, a new stream and KPI, and a dozen page loads.
  test.setTimeout(60_000);
  const invitee = newInvitee();
  const admin = await contextAs(browser, baseURL, "admin");
  const processOwner = await contextAs(browser, baseURL, "processOwner");
  const person = await signedOut(browser, baseURL);
  try {
    // A KPI of the Production team on a stream made for this test (the demo's values stay as seeded),
    // made while the admin invites the new person.
    const [kpi, link] = await Promise.all([
      (async (): Promise<CreatedKpi> => {
        const streamId = await createStream(processOwner.page, {
          name: `Roles ${uniqueId()}`,
          demand: "50",
          unit: "parts",
        });
        return createKpi(processOwner.page, streamId, {
          name: `Parts packed ${uniqueId()}`,
          key: uniqueKey(),
          kind: "Output",
          unit: "parts",
          cadence: "Weekly",
          baseline: "30",
          target: "50",
          team: PRODUCTION_TEAM,
        });
      })(),
      invite(admin.page, invitee.email, "Member", PRODUCTION_TEAM),
    ]);

    const page = person.page;
    await page.goto(link);
    await signUpWithInvitation(page, invitee, "Member");
    await page.goto(`/o/${DEMO_SLUG}/kpis/${kpi.id}`);
    await expect(page.getByRole("heading", { level: 1, name: `${kpi.key} · ${kpi.name}` })).toBeVisible();
    const form = card(page, "Record a value");

    await test.step("as a member of Production they record a value", async () => {
      await recordValue(page, { value: "41", note: "Before the change" });
      await expect(card(page, "1 recorded value")).toContainText("Before the change");
    });

    // The next value is typed while the admin changes the role in another browser.
    await form.getByLabel(/^Value/).fill("999");
    await form.getByLabel("Note").fill("After the change");

    const changedAt = Date.now();
    await test.step("the admin changes their role to viewer", async () => {
      await admin.page.goto(`/o/${DEMO_SLUG}/members`);
      const row = memberRow(admin.page, invitee.email);
      await row.getByLabel(`Role of ${invitee.name}`).selectOption({ label: "Viewer" });
      await row.getByRole("button", { name: "Change" }).click();
      await expect(row.getByRole("status")).toHaveText("Role changed to Viewer.");
      await admin.page.reload();
      await expect(memberRow(admin.page, invitee.email).getByLabel(`Role of ${invitee.name}`)).toHaveValue("viewer");
    });

    await test.step("the form still open on their page is refused on the very next request", async () => {
      await form.getByRole("button", { name: "Record value" }).click();
      await expect(form.getByRole("alert")).toHaveText("You don't have permission to do that.");
      // What they typed stays, so nothing is silently lost.
      await expect(form.getByLabel(/^Value/)).toHaveValue("999");
      await page.reload();
      await expect(card(page, "1 recorded value")).toBeVisible();
      await expect(card(page, "1 recorded value")).not.toContainText("After the change");
      await expect(card(page, "1 recorded value")).not.toContainText("999");
      await expect(card(page, "Record a value")).toContainText("You can read this KPI.");
      await expect(page.getByRole("button", { name: "Record value" })).toHaveCount(0);
      await page.goto(`/o/${DEMO_SLUG}`);
      await expect(page.getByText("You are viewer here.")).toBeVisible();
    });

    await test.step("the admin's audit log shows the invitation and the role change", async () => {
      const audit = admin.page;
      await audit.getByRole("link", { name: "Audit log", exact: true }).click();
      await expect(audit.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
      const filter = audit.getByRole("form", { name: "Filter the audit log" });
      await filter.getByLabel("Kind").selectOption("invitation");
      await filter.getByRole("button", { name: "Filter" }).click();
      await expect(audit).toHaveURL(/[?&]kind=invitation/);
      const entries = audit.getByRole("row").filter({ hasText: invitee.email });
      const created = entries.filter({ hasText: "invitation.created" });
      await expect(created.getByRole("cell").nth(1)).toHaveText(`Adam Admin invited ${invitee.email} as member.`);
      expect(await details(created)).toEqual({ email: invitee.email, role: "member", teamIds: [expect.any(String)] });
      const accepted = entries.filter({ hasText: "invitation.accepted" });
      await expect(accepted.getByRole("cell").nth(1)).toHaveText(`${invitee.name} accepted the invitation as member.`);
      expect(await details(accepted)).toEqual({ email: invitee.email, role: "member" });

      // The role change's entry names whom it concerned: the invitee, changed by the admin.
      await audit.goto(`/o/${DEMO_SLUG}/audit?kind=member`);
      await expect(audit.getByRole("heading", { level: 2, name: /^\d+ entr(y|ies)$/ })).toBeVisible();
      const rows = await audit
        .getByRole("table")
        .locator("tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) =>
            Array.from(tr.querySelectorAll("td")).map((td) => (td.querySelector("pre") ?? td).textContent!.trim()),
          ),
        );
      const since = Math.floor(changedAt / 1000) * 1000 - 1000;
      const changes = rows
        .filter(
          ([when, what, concerning]) =>
            what === `Adam Admin changed ${invitee.name}’s role from member to viewer.` &&
            concerning === invitee.name &&
            Date.parse(`${when!.replace(" ", "T")}Z`) >= since,
        )
        .map(([, , , data]) => JSON.parse(data!));
      expect(changes).toContainEqual({ from: "member", to: "viewer" });
    });
  } finally {
    await admin.context.close();
    await processOwner.context.close();
    await person.context.close();
  }
});

test("the development outbox shows an admin the invitation mail without its link, and nothing to the signed-out", async ({
  browser,
  baseURL,
}) => {
  const invitee = newInvitee();
  const admin = await contextAs(browser, baseURL, "admin");
  const visitor = await signedOut(browser, baseURL);
  try {
    const link = await invite(admin.page, invitee.email, "Member", PRODUCTION_TEAM);
    const outbox = admin.page;
    await outbox.goto("/dev/outbox");
    await expect(outbox.getByRole("heading", { level: 1, name: "Development outbox" })).toBeVisible();
    const mail = outbox.getByRole("listitem").filter({ hasText: `To ${invitee.email}` });
    await expect(mail.getByRole("heading", { level: 2 })).toHaveText(
      `Adam Admin invited you to ${DEMO_ORG_NAME} on Flowline`,
    );
    await expect(mail).toContainText(`invited you to join ${DEMO_ORG_NAME} on Flowline as member.`);
    await expect(mail).toContainText("[link removed: it was shown once to the person who sent it]");
    await expect(mail.getByRole("link")).toHaveCount(0);
    await expect(outbox.locator("main")).not.toContainText(new URL(link).pathname);
    // Signed out, the outbox is behind the sign-in page.
    await visitor.page.goto("/dev/outbox");
    await expect(visitor.page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdev%2Foutbox/);
  } finally {
    await admin.context.close();
    await visitor.context.close();
  }
});
