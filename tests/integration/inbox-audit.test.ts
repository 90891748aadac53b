import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { actions, auditLog, controls, invitations, memberships, reviews, teamMembers, users } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { createActionItem, setActionStatus } from "@/lib/data/action-items";
import { AUDIT_PAGE_SIZE, listAuditLog } from "@/lib/data/audit";
import { createControl, verifyControl } from "@/lib/data/controls";
import { getInbox } from "@/lib/data/inbox";
import {
  acceptInvitation,
  createInvitations,
  resendInvitation,
  revokeInvitation,
  signUpWithInvitation,
} from "@/lib/data/invitations";
import { recordMeasurement } from "@/lib/data/measurements";
import { changeRole, removeMember, transferOwnership } from "@/lib/data/members";
import { createReview } from "@/lib/data/reviews";
import { AppError } from "@/lib/errors";
import { createActionSchema, createControlSchema, createReviewSchema } from "@/lib/validations/review";
import {
  auditEntries,
  createTenants,
  createTestKpi,
  createTestStream,
  createUser,
  expectAppError,
  measurementCount,
  outboxTo,
  randomEmail,
  roleOf,
  sha256,
  teamMemberIds,
  withAuditRefused,
  type OrgFixture,
} from "../helpers/fixtures";
import { sendMailToOutbox } from "../helpers/outbox-mail";

const BASE = "https://flowline.test";
const TODAY = "2026-03-15";

let orgA: OrgFixture;
let orgB: OrgFixture;

sendMailToOutbox();

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

const actionForm = (fields: Record<string, string>) =>
  createActionSchema.parse({ title: "Follow up", dueDate: "2026-04-30", ...fields });
const controlForm = (streamId: string, fields: Record<string, string> = {}) =>
  createControlSchema.parse({
    streamId,
    requirement: "Calibrate gauges",
    kind: "internal_rule",
    intervalDays: "30",
    ...fields,
  });

// ---- Inbox -----------------------------------------------------------------------------------------

describe("getInbox", () => {
  /**
   * In each organisation a stream of its process owner whose KPIs (monthly, 10 → 20) are: off track
   * and fresh, on track but stale (January), on track and fresh, without data (Production team); off
   * track in the Delivery team; off track without a team. Then actions, controls and invitations.
   */
  async function populate(fixture: OrgFixture) {
    const po = fixture.ctx.process_owner;
    const production = fixture.teams.production.id;
    const stream = await createTestStream(po, { kind: "production", name: `Line ${fixture.org.name}` });
    const kpi = (name: string, teamId?: string) =>
      createTestKpi(po, stream.id, { name, ...(teamId ? { teamId } : {}) });
    const off = await kpi("Off track", production);
    const stale = await kpi("Stale", production);
    const good = await kpi("Good", production);
    const empty = await kpi("No data", production);
    const delivery = await kpi("Delivery off track", fixture.teams.delivery.id);
    const noTeam = await kpi("No team");
    const owner = fixture.ctx.owner;
    await recordMeasurement(owner, { kpiId: off.id, date: "2026-03-02", value: 11 });
    await recordMeasurement(owner, { kpiId: stale.id, date: "2026-01-02", value: 20 });
    await recordMeasurement(owner, { kpiId: good.id, date: "2026-02-02", value: 19 });
    await recordMeasurement(owner, { kpiId: delivery.id, date: "2026-03-02", value: 10 });
    await recordMeasurement(owner, { kpiId: noTeam.id, date: "2026-03-02", value: 10 });
    // Recorded after the inbox's date: not seen as of TODAY.
    await recordMeasurement(owner, { kpiId: stale.id, date: "2026-04-02", value: 20 });

    const member = fixture.users.member.id;
    const act = (fields: Record<string, string>) => createActionItem(po, actionForm(fields), "2026-01-10");
    const overdue = await act({ ownerId: member, dueDate: "2026-03-01", kpiId: off.id });
    const dueToday = await act({ ownerId: member, dueDate: TODAY });
    const upcoming = await act({ ownerId: member, dueDate: "2026-04-30" });
    const finished = await act({ ownerId: member, dueDate: "2026-02-01" });
    await setActionStatus(po, { actionId: finished.id, status: "done" });
    const viewers = await act({ ownerId: fixture.users.viewer.id, dueDate: "2026-03-01" });

    const memberControl = await createControl(po, controlForm(stream.id, { ownerId: member }));
    const streamControl = await createControl(po, controlForm(stream.id));
    const verified = await createControl(po, controlForm(stream.id, { ownerId: member, lastVerified: "2026-03-01" }));

    const invite = async () =>
      (
        await createInvitations(
          fixture.ctx.admin,
          { emails: [randomEmail("inbox")], role: "member", teamIds: [] },
          BASE,
        )
      )[0]!;
    await invite();
    await invite();
    const expired = await invite();
    const revoked = await invite();
    const accepted = await invite();
    const db = await getDb();
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(invitations.id, expired.id));
    await revokeInvitation(fixture.ctx.admin, { invitationId: revoked.id });
    await acceptInvitation(await createUser({ email: accepted.email }), accepted.url.split("/invite/")[1]!);

    return {
      stream,
      off,
      stale,
      good,
      empty,
      delivery,
      noTeam,
      overdue,
      dueToday,
      upcoming,
      finished,
      viewers,
      memberControl,
      streamControl,
      verified,
    };
  }

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

  test("a member sees their team's stale and off-track KPIs, their actions and controls due; nothing of B", async () => {
    const a = await populate(orgA);
    const b = await populate(orgB);
    const inbox = await getInbox(orgA.ctx.member, TODAY);
    expect(ids(inbox.kpis)).toEqual(ids([a.off, a.stale, a.empty]));
    expect(inbox.kpis.find((k) => k.id === a.off.id)).toMatchObject({ status: "off_track", stale: false });
    expect(inbox.kpis.find((k) => k.id === a.stale.id)).toMatchObject({ status: "on_track", stale: true });
    expect(inbox.actions.map((x) => x.id)).toEqual([a.overdue.id, a.dueToday.id]);
    expect(inbox.actions.find((x) => x.id === a.overdue.id)?.overdue).toBe(true);
    expect(inbox.actions.find((x) => x.id === a.dueToday.id)?.overdue).toBe(false);
    expect(inbox.upcomingActions.map((x) => x.id)).toEqual([a.upcoming.id]);
    expect(ids(inbox.controls)).toEqual([a.memberControl.id]);
    expect(inbox.reviews).toEqual([]);
    expect(inbox.invitations).toBeNull();

    const everything = JSON.stringify(inbox);
    for (const id of Object.values(b).map((x) => x.id)) expect(everything).not.toContain(id);
    expect(everything).not.toContain(orgB.org.id);
  });

  test("a process owner also sees their stream's controls and the reviews due", async () => {
    const a = await populate(orgA);
    await populate(orgB);
    const inbox = await getInbox(orgA.ctx.process_owner, TODAY);
    expect(ids(inbox.kpis)).toEqual(ids([a.off, a.stale, a.empty])); // in Production too
    expect(inbox.actions).toEqual([]);
    expect(ids(inbox.controls)).toEqual(ids([a.memberControl, a.streamControl]));
    expect(inbox.reviews.map((r) => r.id)).toEqual([a.stream.id]);
    expect(inbox.invitations).toBeNull();

    await createReview(
      orgA.ctx.process_owner,
      createReviewSchema.parse({
        streamId: a.stream.id,
        periodStart: "2026-02-01",
        periodEnd: "2026-02-28",
        status: "at_risk",
      }),
    );
    expect((await getInbox(orgA.ctx.process_owner, TODAY)).reviews).toEqual([]);
  });

  test.each(["admin", "owner"] as Role[])(
    "an %s sees the counts of pending and expired invitations of their organisation",
    async (role) => {
      await populate(orgA);
      const b = await populate(orgB);
      // One more pending invitation in B only.
      await createInvitations(orgB.ctx.owner, { emails: [randomEmail("b")], role: "viewer", teamIds: [] }, BASE);
      const inbox = await getInbox(orgA.ctx[role], TODAY);
      expect(inbox.invitations).toEqual({ pending: 2, expired: 1 });
      expect((await getInbox(orgB.ctx[role], TODAY)).invitations).toEqual({ pending: 3, expired: 1 });
      // Not in any team, owning no stream nor action.
      expect(inbox.kpis).toEqual([]);
      expect(inbox.actions).toEqual([]);
      expect(inbox.controls).toEqual([]);
      expect(inbox.reviews).toEqual([]);
      expect(JSON.stringify(inbox)).not.toContain(b.stream.id);
    },
  );

  test("a viewer sees only their own: their team's KPIs and the actions assigned to them, no invitations", async () => {
    const a = await populate(orgA);
    const b = await populate(orgB);
    const db = await getDb();
    await db
      .insert(teamMembers)
      .values({ orgId: orgA.org.id, teamId: orgA.teams.delivery.id, userId: orgA.users.viewer.id });
    const inbox = await getInbox(orgA.ctx.viewer, TODAY);
    expect(ids(inbox.kpis)).toEqual([a.delivery.id]);
    expect(inbox.actions.map((x) => x.id)).toEqual([a.viewers.id]);
    expect(inbox.upcomingActions).toEqual([]);
    expect(inbox.controls).toEqual([]);
    expect(inbox.reviews).toEqual([]);
    expect(inbox.invitations).toBeNull();
    const everything = JSON.stringify(inbox);
    for (const id of Object.values(b).map((x) => x.id)) expect(everything).not.toContain(id);
  });
});

// ---- Audit log -------------------------------------------------------------------------------------

describe("listAuditLog", () => {
  test.each(["process_owner", "member", "viewer"] as Role[])("a %s may not read it", async (role) => {
    await expectAppError(listAuditLog(orgA.ctx[role], { page: 1 }), "forbidden");
  });

  /** Writes entries straight into the log: `n` of A at one-hour steps from `start`, actors taking turns. */
  async function seed(fixture: OrgFixture, n: number, start: string, actions: string[], actors: string[]) {
    const db = await getDb();
    const rows = Array.from({ length: n }, (_, i) => ({
      orgId: fixture.org.id,
      actorUserId: actors[i % actors.length]!,
      action: actions[i % actions.length]!,
      targetType: "test",
      targetId: String(i),
      createdAt: new Date(new Date(`${start}T00:00:00Z`).getTime() + i * 3_600_000),
    }));
    return db.insert(auditLog).values(rows).returning();
  }

  test("newest first, a page at a time, with the total; never B's entries", async () => {
    const n = AUDIT_PAGE_SIZE * 2 + 7;
    const seeded = await seed(orgA, n, "2026-02-01", ["member.role_changed", "kpi.created"], [orgA.users.admin.id]);
    await seed(orgB, 30, "2026-02-01", ["member.role_changed"], [orgB.users.admin.id]);
    const pages = await Promise.all([1, 2, 3, 4].map((page) => listAuditLog(orgA.ctx.admin, { page })));
    for (const p of pages) expect(p).toMatchObject({ total: n, pages: 3 });
    expect(pages.map((p) => p.rows.length)).toEqual([AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE, 7, 0]);
    const listed = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(listed).toEqual(seeded.map((r) => r.id).reverse());
    expect(pages[0]!.rows[0]).toMatchObject({
      action: seeded.at(-1)!.action,
      actor: orgA.users.admin.name,
      targetType: "test",
    });

    const inB = await listAuditLog(orgB.ctx.owner, { page: 1 });
    expect(inB.total).toBe(30);
    expect(inB.rows.every((r) => !listed.includes(r.id))).toBe(true);
    // Filtering A's log by B's admin finds nothing.
    expect(await listAuditLog(orgA.ctx.owner, { page: 1, actorId: orgB.users.admin.id })).toEqual({
      rows: [],
      total: 0,
      pages: 1,
    });
  });

  test("filters by actor, by kind (the action's prefix) and by date range, days inclusive", async () => {
    const db = await getDb();
    const at = (iso: string) => new Date(iso);
    const entry = (action: string, actor: string, createdAt: string) => ({
      orgId: orgA.org.id,
      actorUserId: actor,
      action,
      targetType: "test",
      createdAt: at(createdAt),
    });
    const admin = orgA.users.admin.id;
    const owner = orgA.users.owner.id;
    const rows = await db
      .insert(auditLog)
      .values([
        entry("measurement.recorded", admin, "2026-01-31T23:59:59.999Z"),
        entry("measurements.imported", admin, "2026-02-01T00:00:00Z"),
        entry("member.role_changed", owner, "2026-02-14T12:00:00Z"),
        entry("members.weird", owner, "2026-02-28T23:59:59.999Z"),
        entry("measurement.replaced", owner, "2026-03-01T00:00:00Z"),
      ])
      .returning();
    const [beforeRange, imported, roleChanged, lastOfFeb, replaced] = rows.map((r) => r.id);
    await db.insert(auditLog).values([
      {
        orgId: orgB.org.id,
        actorUserId: orgB.users.admin.id,
        action: "measurement.recorded",
        targetType: "test",
        createdAt: at("2026-02-10T00:00:00Z"),
      },
    ]);
    const list = async (filter: Omit<Parameters<typeof listAuditLog>[1], "page">) => {
      const result = await listAuditLog(orgA.ctx.admin, { page: 1, ...filter });
      expect(result.total).toBe(result.rows.length);
      return result.rows.map((r) => r.id);
    };

    expect(await list({})).toEqual([replaced, lastOfFeb, roleChanged, imported, beforeRange]);
    expect(await list({ actorId: owner })).toEqual([replaced, lastOfFeb, roleChanged]);
    // One kind per concept: values recorded one by one and imported in bulk are both "measurement".
    expect(await list({ kind: "measurement" })).toEqual([replaced, imported, beforeRange]);
    expect(await list({ kind: "member" })).toEqual([roleChanged]);
    expect(await list({ from: "2026-02-01", to: "2026-02-28" })).toEqual([lastOfFeb, roleChanged, imported]);
    expect(await list({ from: "2026-02-01" })).toEqual([replaced, lastOfFeb, roleChanged, imported]);
    expect(await list({ to: "2026-01-31" })).toEqual([beforeRange]);
    expect(await list({ from: "2026-02-01", to: "2026-02-28", actorId: admin, kind: "measurement" })).toEqual([
      imported,
    ]);
    expect(await list({ from: "2026-03-02" })).toEqual([]);
  });

  test("real changes show up with their actor name", async () => {
    await changeRole(orgA.ctx.owner, { userId: orgA.users.member.id, role: "viewer" });
    const { rows, total } = await listAuditLog(orgA.ctx.admin, { page: 1 });
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({
      action: "member.role_changed",
      actor: orgA.users.owner.name,
      targetId: orgA.users.member.id,
      concerning: orgA.users.member.name,
      data: { from: "member", to: "viewer" },
    });
    expect((await listAuditLog(orgB.ctx.admin, { page: 1 })).total).toBe(0);
  });
});

// ---- Audit in the same transaction -----------------------------------------------------------------

describe("each change writes its audit entry in its own transaction", () => {
  /** When the audit entry cannot be written, the change fails with a database error and leaves nothing behind. */
  async function refusedWithAudit(work: () => Promise<unknown>) {
    const before = (await auditEntries(orgA.org.id)).length;
    const error = await withAuditRefused(orgA.org.id, work);
    expect(error, "the change should fail when its audit entry cannot be written").toBeDefined();
    expect(error).not.toBeInstanceOf(AppError);
    expect((await auditEntries(orgA.org.id)).length).toBe(before);
  }

  test("invitations: create, resend, revoke, accept and sign up", async () => {
    const db = await getDb();
    const email = randomEmail("rollback");
    await refusedWithAudit(() =>
      createInvitations(orgA.ctx.admin, { emails: [email], role: "member", teamIds: [] }, BASE),
    );
    expect(await db.select().from(invitations).where(eq(invitations.orgId, orgA.org.id))).toEqual([]);
    expect(await outboxTo(email)).toEqual([]); // the mail was in the transaction too

    const [created] = await createInvitations(
      orgA.ctx.admin,
      { emails: [email], role: "member", teamIds: [orgA.teams.delivery.id] },
      BASE,
    );
    const token = created!.url.split("/invite/")[1]!;
    const row = async () => (await db.select().from(invitations).where(eq(invitations.id, created!.id)))[0]!;
    const original = await row();
    await refusedWithAudit(() => resendInvitation(orgA.ctx.admin, { invitationId: created!.id }, BASE));
    expect(await row()).toEqual(original);
    expect(original.tokenHash).toBe(sha256(token));
    expect(await outboxTo(email)).toHaveLength(1);
    await refusedWithAudit(() => revokeInvitation(orgA.ctx.admin, { invitationId: created!.id }));
    expect(await row()).toEqual(original);

    await refusedWithAudit(() =>
      signUpWithInvitation({ token, name: "Rolled Back", password: "correct-horse-battery" }),
    );
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);

    const invited = await createUser({ email });
    await refusedWithAudit(() => acceptInvitation(invited, token));
    expect(await db.select().from(memberships).where(eq(memberships.userId, invited.id))).toEqual([]);
    expect(await teamMemberIds(orgA.org.id, orgA.teams.delivery.id)).toEqual([]);
    expect(await row()).toEqual(original);

    // With the log writable again, the same calls go through.
    await acceptInvitation(invited, token);
    expect(await roleOf(orgA.org.id, invited.id)).toBe("member");
  });

  test("members: change role, remove, transfer ownership", async () => {
    await refusedWithAudit(() => changeRole(orgA.ctx.admin, { userId: orgA.users.member.id, role: "viewer" }));
    await refusedWithAudit(() => removeMember(orgA.ctx.admin, { userId: orgA.users.member.id }));
    expect(await roleOf(orgA.org.id, orgA.users.member.id)).toBe("member");
    await refusedWithAudit(() => transferOwnership(orgA.ctx.owner, { userId: orgA.users.admin.id }));
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
    expect(await roleOf(orgA.org.id, orgA.users.admin.id)).toBe("admin");
  });

  test("reviews, actions, controls and measurements", async () => {
    const db = await getDb();
    const po = orgA.ctx.process_owner;
    const stream = await createTestStream(po, { kind: "production" });
    const kpi = await createTestKpi(po, stream.id, { teamId: orgA.teams.production.id });

    await refusedWithAudit(() => recordMeasurement(orgA.ctx.member, { kpiId: kpi.id, date: "2026-01-05", value: 12 }));
    expect(await measurementCount(orgA.org.id)).toBe(0);
    await recordMeasurement(orgA.ctx.member, { kpiId: kpi.id, date: "2026-01-05", value: 12 });

    await refusedWithAudit(() =>
      createReview(
        po,
        createReviewSchema.parse({
          streamId: stream.id,
          periodStart: "2026-01-01",
          periodEnd: "2026-01-31",
          status: "at_risk",
        }),
      ),
    );
    expect(await db.select().from(reviews).where(eq(reviews.streamId, stream.id))).toEqual([]);

    await refusedWithAudit(() =>
      createActionItem(po, actionForm({ ownerId: orgA.users.member.id, kpiId: kpi.id }), "2026-01-20"),
    );
    expect(await db.select().from(actions).where(eq(actions.orgId, orgA.org.id))).toEqual([]);
    const action = await createActionItem(
      po,
      actionForm({ ownerId: orgA.users.member.id, kpiId: kpi.id }),
      "2026-01-20",
    );
    await refusedWithAudit(() => setActionStatus(orgA.ctx.member, { actionId: action.id, status: "done" }));
    expect((await db.select().from(actions).where(eq(actions.id, action.id)))[0]).toMatchObject({
      status: "open",
      completedAt: null,
    });

    await refusedWithAudit(() => createControl(po, controlForm(stream.id)));
    expect(await db.select().from(controls).where(eq(controls.orgId, orgA.org.id))).toEqual([]);
    const control = await createControl(po, controlForm(stream.id, { ownerId: orgA.users.member.id }));
    await refusedWithAudit(() =>
      verifyControl(orgA.ctx.member, { controlId: control.id, status: "compliant" }, "2026-02-01"),
    );
    expect((await db.select().from(controls).where(eq(controls.id, control.id)))[0]).toMatchObject({
      status: "not_verified",
      lastVerified: null,
    });
  });

  test("refused changes write no audit entry (permission and tenancy checks come first)", async () => {
    const po = orgA.ctx.process_owner;
    const stream = await createTestStream(po, { kind: "production" });
    const kpi = await createTestKpi(po, stream.id, { teamId: orgA.teams.production.id });
    const action = await createActionItem(
      po,
      actionForm({ ownerId: orgA.users.member.id, kpiId: kpi.id }),
      "2026-01-20",
    );
    const control = await createControl(po, controlForm(stream.id));
    const before = await auditEntries(orgA.org.id);
    const attempts: [() => Promise<unknown>, "forbidden" | "not_found"][] = [
      [
        () => createInvitations(orgA.ctx.member, { emails: [randomEmail()], role: "viewer", teamIds: [] }, BASE),
        "forbidden",
      ],
      [() => changeRole(orgA.ctx.process_owner, { userId: orgA.users.viewer.id, role: "admin" }), "forbidden"],
      [() => transferOwnership(orgA.ctx.admin, { userId: orgA.users.member.id }), "forbidden"],
      [
        () =>
          createReview(
            orgA.ctx.member,
            createReviewSchema.parse({
              streamId: stream.id,
              periodStart: "2026-01-01",
              periodEnd: "2026-01-31",
              status: "at_risk",
            }),
          ),
        "forbidden",
      ],
      [
        () => createActionItem(orgA.ctx.viewer, actionForm({ ownerId: orgA.users.viewer.id }), "2026-01-20"),
        "forbidden",
      ],
      [() => setActionStatus(orgA.ctx.viewer, { actionId: action.id, status: "done" }), "forbidden"],
      [() => createControl(orgA.ctx.member, controlForm(stream.id)), "forbidden"],
      [() => verifyControl(orgA.ctx.member, { controlId: control.id, status: "compliant" }, "2026-02-01"), "forbidden"],
      [() => recordMeasurement(orgA.ctx.viewer, { kpiId: kpi.id, date: "2026-01-05", value: 1 }), "forbidden"],
      [() => setActionStatus(orgB.ctx.owner, { actionId: action.id, status: "done" }), "not_found"],
      [() => verifyControl(orgB.ctx.owner, { controlId: control.id, status: "compliant" }, "2026-02-01"), "not_found"],
    ];
    for (const [attempt, code] of attempts) await expectAppError(attempt(), code);
    expect(await auditEntries(orgA.org.id)).toEqual(before);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });
});
