import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { actions, controls, reviewKpis, reviews, valueStreams } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { resolveOrgContext, type OrgContext } from "@/lib/auth/org-context";
import { createActionItem, listActions, setActionStatus } from "@/lib/data/action-items";
import { createControl, listControls, nextVerification, verificationOverdue, verifyControl } from "@/lib/data/controls";
import { changeRole, removeMember, transferOwnership } from "@/lib/data/members";
import { recordMeasurement } from "@/lib/data/measurements";
import { createReview, getReview, listReviews, reviewsDue } from "@/lib/data/reviews";
import { setStreamArchived } from "@/lib/data/streams";
import { createActionSchema, createControlSchema, createReviewSchema } from "@/lib/validations/review";
import {
  addMembership,
  auditEntries,
  createTenants,
  createTestKpi,
  createTestStream,
  createUser,
  ctxFor,
  expectAppError,
  measurementCount,
  roleOf,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

/** Another member of `fixture` with `role`, and the context they act in. */
async function extraMember(fixture: OrgFixture, role: Role) {
  const user = await createUser({ name: `Extra ${role}` });
  await addMembership(fixture.org.id, user.id, role);
  return ctxFor(user, fixture.org, role);
}

/** A stream owned by the fixture's process owner, with a monthly output KPI (10 → 20) of its Production team. */
async function ownedStream(fixture: OrgFixture) {
  const stream = await createTestStream(fixture.ctx.process_owner, { kind: "production" });
  const kpi = await createTestKpi(fixture.ctx.process_owner, stream.id, { teamId: fixture.teams.production.id });
  return { stream, kpi };
}

async function record(ctx: OrgContext, kpiId: string, date: string, value: number) {
  await recordMeasurement(ctx, { kpiId, date, value });
}

/** The audit actions written in the organisation after the first `skip` entries. */
async function auditActionsSince(orgId: string, skip: number) {
  return (await auditEntries(orgId)).slice(skip).map((e) => e.action);
}

// ---- Members ---------------------------------------------------------------------------------------

describe("transferOwnership", () => {
  test("the owner hands over: the target becomes owner, the owner becomes admin; audited", async () => {
    await transferOwnership(orgA.ctx.owner, { userId: orgA.users.process_owner.id });
    expect(await roleOf(orgA.org.id, orgA.users.process_owner.id)).toBe("owner");
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("admin");
    expect(await auditEntries(orgA.org.id, "organisation.ownership_transferred")).toEqual([
      expect.objectContaining({
        actorUserId: orgA.users.owner.id,
        targetType: "user",
        targetId: orgA.users.process_owner.id,
        data: { from: orgA.users.owner.id, previousRole: "process_owner" },
      }),
    ]);
    // B untouched.
    expect(await roleOf(orgB.org.id, orgB.users.owner.id)).toBe("owner");
    expect(await roleOf(orgB.org.id, orgB.users.process_owner.id)).toBe("process_owner");
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test.each(["admin", "process_owner", "member", "viewer"] as Role[])(
    "a %s may not transfer ownership",
    async (role) => {
      await expectAppError(
        transferOwnership(orgA.ctx[role], {
          userId: orgA.users.admin.id === orgA.ctx[role].user.id ? orgA.users.member.id : orgA.users.admin.id,
        }),
        "forbidden",
      );
      expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
      expect(await roleOf(orgA.org.id, orgA.users.admin.id)).toBe("admin");
      expect(await roleOf(orgA.org.id, orgA.users.member.id)).toBe("member");
      expect(await auditEntries(orgA.org.id)).toEqual([]);
    },
  );

  test("another organisation's user is not found, and nothing changes", async () => {
    await expectAppError(transferOwnership(orgA.ctx.owner, { userId: orgB.users.member.id }), "not_found");
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
    expect(await roleOf(orgA.org.id, orgB.users.member.id)).toBeUndefined();
    expect(await roleOf(orgB.org.id, orgB.users.member.id)).toBe("member");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("transferring to oneself is refused", async () => {
    await expectAppError(transferOwnership(orgA.ctx.owner, { userId: orgA.users.owner.id }), "validation");
    expect(await roleOf(orgA.org.id, orgA.users.owner.id)).toBe("owner");
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });
});

describe("role changes take effect on the next request", () => {
  test("a member demoted to viewer can no longer record a measurement", async () => {
    const { kpi } = await ownedStream(orgA);
    const db = await getDb();
    const asMember = async () => (await resolveOrgContext(db, orgA.users.member, orgA.org.slug))!;

    const before = await asMember();
    expect(before.role).toBe("member");
    await record(before, kpi.id, "2026-01-10", 11);

    await changeRole(orgA.ctx.admin, { userId: orgA.users.member.id, role: "viewer" });
    const after = await asMember();
    expect(after.role).toBe("viewer");
    await expectAppError(recordMeasurement(after, { kpiId: kpi.id, date: "2026-02-10", value: 12 }), "forbidden");
    expect(await measurementCount(orgA.org.id)).toBe(1);

    // Promoted back: allowed again.
    await changeRole(orgA.ctx.admin, { userId: orgA.users.member.id, role: "member" });
    await record(await asMember(), kpi.id, "2026-02-10", 12);
    expect(await measurementCount(orgA.org.id)).toBe(2);
  });

  test("a removed member has no context in the organisation; nobody has one in an organisation they are not in", async () => {
    const db = await getDb();
    await removeMember(orgA.ctx.admin, { userId: orgA.users.member.id });
    expect(await resolveOrgContext(db, orgA.users.member, orgA.org.slug)).toBeNull();
    expect(await resolveOrgContext(db, orgA.users.owner, orgB.org.slug)).toBeNull();
    expect((await resolveOrgContext(db, orgA.users.owner, orgA.org.slug))?.role).toBe("owner");
  });

  test("after a transfer, the former owner acts as admin on the next request", async () => {
    const db = await getDb();
    await transferOwnership(orgA.ctx.owner, { userId: orgA.users.admin.id });
    const former = (await resolveOrgContext(db, orgA.users.owner, orgA.org.slug))!;
    expect(former.role).toBe("admin");
    await expectAppError(transferOwnership(former, { userId: orgA.users.owner.id }), "forbidden");
    await expectAppError(changeRole(former, { userId: orgA.users.admin.id, role: "member" }), "forbidden");
    expect(await roleOf(orgA.org.id, orgA.users.admin.id)).toBe("owner");
  });
});

// ---- Reviews ---------------------------------------------------------------------------------------

describe("createReview", () => {
  /**
   * A stream of A's process owner with three KPIs: an output (10 → 20), an outcome where lower is
   * better (100 → 50), and one with only a January value; January and March values in between.
   */
  async function reviewedStream() {
    const { stream, kpi: output } = await ownedStream(orgA);
    const po = orgA.ctx.process_owner;
    const outcome = await createTestKpi(po, stream.id, {
      kind: "outcome",
      direction: "decrease",
      baseline: 100,
      target: 50,
    });
    const january = await createTestKpi(po, stream.id, {});
    const empty = await createTestKpi(po, stream.id, {});
    await record(po, output.id, "2026-01-05", 12); // 0.2
    await record(po, outcome.id, "2026-01-05", 90); // 0.2
    await record(po, january.id, "2026-01-05", 20); // 1
    return { stream, output, outcome, january, empty };
  }

  const form = (streamId: string, fields: Record<string, string>) =>
    createReviewSchema.parse({
      streamId,
      periodStart: "2026-01-01",
      periodEnd: "2026-01-31",
      status: "at_risk",
      summary: "",
      decisions: "",
      ...fields,
    });

  test("records each KPI's status, attainment, change since the last review, and the comments", async () => {
    const { stream, output, outcome, january, empty } = await reviewedStream();
    const po = orgA.ctx.process_owner;
    const first = await createReview(
      po,
      form(stream.id, {
        summary: " January ",
        decisions: "Hire",
        [`comment:${output.id}`]: "  slow start  ",
        [`comment:${orgB.teams.production.id}`]: "ignored",
      }),
    );
    expect(first).toMatchObject({
      orgId: orgA.org.id,
      streamId: stream.id,
      status: "at_risk",
      summary: "January",
      decisions: "Hire",
      createdBy: orgA.users.process_owner.id,
    });

    const firstView = await getReview(po, first.id);
    expect(
      Object.fromEntries(firstView.kpis.map((k) => [k.kpiId, [k.status, k.attainment, k.change, k.comment]])),
    ).toEqual({
      [output.id]: ["off_track", expect.closeTo(0.2, 10), null, "slow start"],
      [outcome.id]: ["off_track", expect.closeTo(0.2, 10), null, ""],
      [january.id]: ["on_track", 1, null, ""],
      [empty.id]: ["no_data", null, null, ""],
    });
    expect(firstView.editable).toBe(true);

    await record(po, output.id, "2026-03-05", 17); // 0.7
    await record(po, outcome.id, "2026-03-05", 70); // 0.6
    await record(po, output.id, "2026-04-05", 20); // after the period: not part of the review

    const second = await createReview(
      po,
      form(stream.id, {
        periodStart: "2026-02-01",
        periodEnd: "2026-03-31",
        status: "on_track",
        [`comment:${outcome.id}`]: "better",
      }),
    );
    const secondView = await getReview(po, second.id);
    const byId = Object.fromEntries(secondView.kpis.map((k) => [k.kpiId, k]));
    expect(byId[output.id]).toMatchObject({ status: "on_track", comment: "" });
    expect(byId[output.id]!.attainment).toBeCloseTo(0.7, 10);
    expect(byId[output.id]!.change).toBeCloseTo(0.5, 10);
    expect(byId[outcome.id]).toMatchObject({ status: "at_risk", comment: "better" });
    expect(byId[outcome.id]!.attainment).toBeCloseTo(0.6, 10);
    expect(byId[outcome.id]!.change).toBeCloseTo(0.4, 10);
    // Its latest value is January's: stale as of 31 March, unchanged.
    expect(byId[january.id]).toMatchObject({ status: "on_track+stale", attainment: 1, change: 0 });
    expect(byId[empty.id]).toMatchObject({ status: "no_data", attainment: null, change: null });

    expect((await auditEntries(orgA.org.id, "review.created")).map((e) => [e.actorUserId, e.targetId, e.data])).toEqual(
      [
        [
          orgA.users.process_owner.id,
          first.id,
          { streamId: stream.id, status: "at_risk", period: ["2026-01-01", "2026-01-31"] },
        ],
        [
          orgA.users.process_owner.id,
          second.id,
          { streamId: stream.id, status: "on_track", period: ["2026-02-01", "2026-03-31"] },
        ],
      ],
    );
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test.each(["owner", "admin"] as Role[])("an %s may review any stream", async (role) => {
    const { stream } = await reviewedStream();
    const review = await createReview(orgA.ctx[role], form(stream.id, {}));
    expect(review.createdBy).toBe(orgA.users[role].id);
  });

  test("members, viewers and the process owner of another stream may not review; nothing is written", async () => {
    const { stream, output } = await reviewedStream();
    const otherPo = await extraMember(orgA, "process_owner");
    const audited = (await auditEntries(orgA.org.id)).length;
    for (const ctx of [orgA.ctx.member, orgA.ctx.viewer, otherPo]) {
      await expectAppError(createReview(ctx, form(stream.id, { [`comment:${output.id}`]: "no" })), "forbidden");
    }
    const db = await getDb();
    expect(await db.select().from(reviews).where(eq(reviews.streamId, stream.id))).toEqual([]);
    expect(await db.select().from(reviewKpis).where(eq(reviewKpis.kpiId, output.id))).toEqual([]);
    expect(await auditActionsSince(orgA.org.id, audited)).toEqual([]);
  });

  test("another organisation's stream is not found", async () => {
    const { stream: streamB } = await ownedStream(orgB);
    const audited = (await auditEntries(orgB.org.id)).length;
    await expectAppError(createReview(orgA.ctx.owner, form(streamB.id, {})), "not_found");
    await expectAppError(createReview(orgA.ctx.process_owner, form(streamB.id, {})), "not_found");
    expect(await listReviews(orgB.ctx.owner, streamB.id)).toEqual([]);
    expect(await auditActionsSince(orgB.org.id, audited)).toEqual([]);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test("listReviews and getReview stay in the organisation; everyone in it may read", async () => {
    const { stream } = await reviewedStream();
    const { stream: streamB } = await ownedStream(orgB);
    const inA = await createReview(orgA.ctx.process_owner, form(stream.id, { summary: "A" }));
    const inB = await createReview(orgB.ctx.process_owner, form(streamB.id, { summary: "B" }));
    const older = await createReview(
      orgA.ctx.admin,
      form(stream.id, { periodStart: "2025-12-01", periodEnd: "2025-12-31" }),
    );

    const list = await listReviews(orgA.ctx.viewer, stream.id);
    expect(list.map((r) => r.id)).toEqual([inA.id, older.id]); // newest period first
    expect(list[0]).toMatchObject({ summary: "A", author: orgA.users.process_owner.name, status: "at_risk" });
    expect(await listReviews(orgA.ctx.owner, streamB.id)).toEqual([]);
    expect((await listReviews(orgB.ctx.viewer, streamB.id)).map((r) => r.id)).toEqual([inB.id]);

    const view = await getReview(orgA.ctx.viewer, inA.id);
    expect(view).toMatchObject({ id: inA.id, author: orgA.users.process_owner.name, editable: false });
    expect(view.stream.id).toBe(stream.id);
    expect((await getReview(orgA.ctx.member, inA.id)).editable).toBe(false);
    await expectAppError(getReview(orgA.ctx.owner, inB.id), "not_found");
    await expectAppError(getReview(orgB.ctx.owner, inA.id), "not_found");
  });
});

describe("reviewsDue", () => {
  test("lists the process owner's live streams without a review in the last 31 days", async () => {
    const { stream: recent } = await ownedStream(orgA);
    const { stream: never } = await ownedStream(orgA);
    const { stream: long } = await ownedStream(orgA);
    const { stream: archived } = await ownedStream(orgA);
    const { stream: notMine } = await ownedStream(orgA);
    const { stream: inB } = await ownedStream(orgB);
    await setStreamArchived(orgA.ctx.process_owner, { streamId: archived.id }, true);
    const otherPo = await extraMember(orgA, "process_owner");
    const db = await getDb();
    await db.update(valueStreams).set({ ownerId: otherPo.user.id }).where(eq(valueStreams.id, notMine.id));

    const today = "2026-03-15";
    const due = async (ctx = orgA.ctx.process_owner) => (await reviewsDue(ctx, today)).map((s) => s.id).sort();
    expect(await due()).toEqual([recent.id, never.id, long.id].sort());

    const review = (streamId: string, periodEnd: string) =>
      createReview(
        orgA.ctx.process_owner,
        createReviewSchema.parse({ streamId, periodStart: "2026-01-01", periodEnd, status: "on_track" }),
      );
    await review(recent.id, "2026-02-12"); // 31 days before 15 March: still recent
    await review(long.id, "2026-02-11"); // 32 days before: due again
    expect(await due()).toEqual([never.id, long.id].sort());
    const rows = await reviewsDue(orgA.ctx.process_owner, today);
    expect(rows.find((r) => r.id === long.id)?.lastReview).toBe("2026-02-11");
    expect(rows.find((r) => r.id === never.id)?.lastReview).toBeNull();

    await review(long.id, "2026-03-14");
    expect(await due()).toEqual([never.id]);

    // Other people's streams: their own.
    expect(await due(otherPo)).toEqual([notMine.id]);
    expect(await due(orgA.ctx.admin)).toEqual([]);
    expect((await reviewsDue(orgB.ctx.process_owner, today)).map((s) => s.id)).toEqual([inB.id]);
  });
});

// ---- Actions ---------------------------------------------------------------------------------------

describe("actions", () => {
  const actionForm = (fields: Record<string, string | undefined>) =>
    createActionSchema.parse({ title: "Shorten changeover", dueDate: "2026-03-31", ...fields });

  /** A's KPI (10 → 20) at 12 in January (attainment 0.2), then 17 in March (0.7) and 20 in April (1). */
  async function kpiWithHistory() {
    const { stream, kpi } = await ownedStream(orgA);
    await record(orgA.ctx.process_owner, kpi.id, "2026-01-10", 12);
    return { stream, kpi };
  }

  test("createActionItem records the KPI's attainment at creation and the expected effect as a share", async () => {
    const { stream, kpi } = await kpiWithHistory();
    const action = await createActionItem(
      orgA.ctx.process_owner,
      actionForm({ ownerId: orgA.users.member.id, kpiId: kpi.id, expectedEffect: "30" }),
      "2026-01-20",
    );
    expect(action).toMatchObject({
      orgId: orgA.org.id,
      streamId: stream.id,
      kpiId: kpi.id,
      ownerId: orgA.users.member.id,
      status: "open",
      expectedEffect: 0.3,
      createdBy: orgA.users.process_owner.id,
      dueDate: "2026-03-31",
    });
    expect(action.startAttainment).toBeCloseTo(0.2, 10);
    expect(await auditEntries(orgA.org.id, "action.created")).toEqual([
      expect.objectContaining({
        actorUserId: orgA.users.process_owner.id,
        targetId: action.id,
        data: { title: "Shorten changeover", ownerId: orgA.users.member.id, dueDate: "2026-03-31", kpiId: kpi.id },
      }),
    ]);

    // Without a KPI there is nothing to measure: no start, no expected effect.
    const plain = await createActionItem(
      orgA.ctx.admin,
      actionForm({ ownerId: orgA.users.viewer.id, streamId: stream.id, expectedEffect: "10" }),
      "2026-01-20",
    );
    expect(plain).toMatchObject({ kpiId: null, streamId: stream.id, startAttainment: null, expectedEffect: null });
  });

  test("owner, KPI, stream and review must be the organisation's; nothing is written otherwise", async () => {
    const { kpi } = await kpiWithHistory();
    const { stream: streamB, kpi: kpiB } = await ownedStream(orgB);
    const reviewB = await createReview(
      orgB.ctx.owner,
      createReviewSchema.parse({
        streamId: streamB.id,
        periodStart: "2026-01-01",
        periodEnd: "2026-01-31",
        status: "on_track",
      }),
    );
    const audited = (await auditEntries(orgA.org.id)).length;
    const po = orgA.ctx.process_owner;
    const ownerError = await expectAppError(
      createActionItem(po, actionForm({ ownerId: orgB.users.member.id, kpiId: kpi.id }), "2026-01-20"),
      "validation",
    );
    expect(ownerError.fields).toHaveProperty("ownerId");
    const kpiError = await expectAppError(
      createActionItem(po, actionForm({ ownerId: orgA.users.member.id, kpiId: kpiB.id }), "2026-01-20"),
      "validation",
    );
    expect(kpiError.fields).toHaveProperty("kpiId");
    await expectAppError(
      createActionItem(po, actionForm({ ownerId: orgA.users.member.id, streamId: streamB.id }), "2026-01-20"),
      "not_found",
    );
    await expectAppError(
      createActionItem(po, actionForm({ ownerId: orgA.users.member.id, reviewId: reviewB.id }), "2026-01-20"),
      "not_found",
    );
    const db = await getDb();
    expect(await db.select().from(actions).where(eq(actions.orgId, orgA.org.id))).toEqual([]);
    expect(await db.select().from(actions).where(eq(actions.orgId, orgB.org.id))).toEqual([]);
    expect(await auditActionsSince(orgA.org.id, audited)).toEqual([]);
  });

  test("members and viewers may not create actions", async () => {
    const { kpi } = await kpiWithHistory();
    const audited = (await auditEntries(orgA.org.id)).length;
    for (const role of ["member", "viewer"] as Role[]) {
      await expectAppError(
        createActionItem(orgA.ctx[role], actionForm({ ownerId: orgA.users[role].id, kpiId: kpi.id }), "2026-01-20"),
        "forbidden",
      );
    }
    expect(await auditActionsSince(orgA.org.id, audited)).toEqual([]);
  });

  test("an action linked to a review takes the review's stream", async () => {
    const { stream, kpi } = await kpiWithHistory();
    const review = await createReview(
      orgA.ctx.process_owner,
      createReviewSchema.parse({
        streamId: stream.id,
        periodStart: "2026-01-01",
        periodEnd: "2026-01-31",
        status: "off_track",
      }),
    );
    const action = await createActionItem(
      orgA.ctx.process_owner,
      actionForm({ ownerId: orgA.users.member.id, reviewId: review.id, kpiId: kpi.id }),
      "2026-01-20",
    );
    expect(action).toMatchObject({ reviewId: review.id, streamId: stream.id });
    expect((await listActions(orgA.ctx.viewer, { reviewId: review.id }, "2026-01-20")).map((a) => a.id)).toEqual([
      action.id,
    ]);
  });

  test("listActions flags overdue actions and, once the due date passed, the realised effect at the due date", async () => {
    const { stream, kpi } = await kpiWithHistory();
    const po = orgA.ctx.process_owner;
    const action = await createActionItem(
      po,
      actionForm({ ownerId: orgA.users.member.id, kpiId: kpi.id, expectedEffect: "40" }),
      "2026-01-20",
    );
    await record(po, kpi.id, "2026-03-10", 17); // attainment 0.7 at the due date
    await record(po, kpi.id, "2026-04-02", 20); // after the due date: does not count
    // B has an action of its own that A never sees.
    const { kpi: kpiB } = await ownedStream(orgB);
    const actionB = await createActionItem(
      orgB.ctx.owner,
      actionForm({ ownerId: orgB.users.member.id, kpiId: kpiB.id }),
      "2026-01-20",
    );

    const view = async (today: string) => {
      const list = await listActions(orgA.ctx.member, { ownerId: orgA.users.member.id }, today);
      expect(list.map((a) => a.id)).toEqual([action.id]);
      return list[0]!;
    };
    // Before the due date: open, not overdue, no follow-up yet.
    expect(await view("2026-03-20")).toMatchObject({
      overdue: false,
      followedUp: false,
      realisedEffect: null,
      expectedEffect: 0.4,
    });
    // On the due date: followed up, not overdue.
    const onTheDay = await view("2026-03-31");
    expect(onTheDay).toMatchObject({
      overdue: false,
      followedUp: true,
      kpiKey: kpi.key,
      kpiName: kpi.name,
      streamName: stream.name,
      ownerName: orgA.users.member.name,
    });
    expect(onTheDay.realisedEffect).toBeCloseTo(0.5, 10);
    // After it: overdue while open, and the realised effect is still measured at the due date.
    const after = await view("2026-04-10");
    expect(after.overdue).toBe(true);
    expect(after.realisedEffect).toBeCloseTo(0.5, 10);

    // Done: no longer overdue.
    await setActionStatus(orgA.ctx.member, { actionId: action.id, status: "done" });
    const done = await view("2026-04-10");
    expect(done).toMatchObject({ status: "done", overdue: false });
    expect(done.realisedEffect).toBeCloseTo(0.5, 10);
    expect(done.completedAt).toBeInstanceOf(Date);

    // Scoped: A never sees B's, B never sees A's.
    expect((await listActions(orgA.ctx.owner, {}, "2026-04-10")).map((a) => a.id)).toEqual([action.id]);
    expect((await listActions(orgB.ctx.owner, {}, "2026-04-10")).map((a) => a.id)).toEqual([actionB.id]);
    expect(await listActions(orgA.ctx.owner, { ownerId: orgB.users.member.id }, "2026-04-10")).toEqual([]);
  });

  test("an action done before its due date is followed up as of today", async () => {
    const { kpi } = await kpiWithHistory();
    const po = orgA.ctx.process_owner;
    const action = await createActionItem(
      po,
      actionForm({ ownerId: orgA.users.member.id, kpiId: kpi.id, dueDate: "2026-06-30" }),
      "2026-01-20",
    );
    await record(po, kpi.id, "2026-02-10", 15); // 0.5
    await setActionStatus(po, { actionId: action.id, status: "done" });
    const [view] = await listActions(orgA.ctx.owner, {}, "2026-02-20");
    expect(view).toMatchObject({ followedUp: true, overdue: false });
    expect(view!.realisedEffect).toBeCloseTo(0.3, 10);
    // The open filter leaves it out.
    expect(await listActions(orgA.ctx.owner, { open: true }, "2026-02-20")).toEqual([]);
  });

  test("setActionStatus: the action's owner and those who run reviews may; other members, viewers and B may not", async () => {
    const { kpi } = await kpiWithHistory();
    const action = await createActionItem(
      orgA.ctx.process_owner,
      actionForm({ ownerId: orgA.users.member.id, kpiId: kpi.id }),
      "2026-01-20",
    );
    const viewerAction = await createActionItem(
      orgA.ctx.process_owner,
      actionForm({ ownerId: orgA.users.viewer.id }),
      "2026-01-20",
    );
    const otherMember = await extraMember(orgA, "member");
    const audited = (await auditEntries(orgA.org.id)).length;
    const statusOf = async (id: string) => {
      const db = await getDb();
      return (await db.select({ status: actions.status }).from(actions).where(eq(actions.id, id)))[0]!.status;
    };

    await expectAppError(setActionStatus(otherMember, { actionId: action.id, status: "done" }), "forbidden");
    await expectAppError(setActionStatus(orgA.ctx.viewer, { actionId: action.id, status: "done" }), "forbidden");
    // A viewer may not change even an action assigned to them.
    await expectAppError(setActionStatus(orgA.ctx.viewer, { actionId: viewerAction.id, status: "done" }), "forbidden");
    await expectAppError(setActionStatus(orgB.ctx.owner, { actionId: action.id, status: "cancelled" }), "not_found");
    expect(await statusOf(action.id)).toBe("open");
    expect(await statusOf(viewerAction.id)).toBe("open");
    expect(await auditActionsSince(orgA.org.id, audited)).toEqual([]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);

    await setActionStatus(orgA.ctx.member, { actionId: action.id, status: "in_progress" });
    expect(await statusOf(action.id)).toBe("in_progress");
    const otherPo = await extraMember(orgA, "process_owner");
    await setActionStatus(otherPo, { actionId: viewerAction.id, status: "cancelled" });
    expect(await statusOf(viewerAction.id)).toBe("cancelled");
    expect(
      (await auditEntries(orgA.org.id, "action.status_changed")).map((e) => [e.actorUserId, e.targetId, e.data]),
    ).toEqual([
      [orgA.users.member.id, action.id, { from: "open", to: "in_progress" }],
      [otherPo.user.id, viewerAction.id, { from: "open", to: "cancelled" }],
    ]);
  });
});

// ---- Controls --------------------------------------------------------------------------------------

describe("verification schedule", () => {
  test("never verified: no next date, overdue at once", () => {
    expect(nextVerification({ lastVerified: null, intervalDays: 30 })).toBeNull();
    expect(verificationOverdue({ lastVerified: null, intervalDays: 30 }, "2000-01-01")).toBe(true);
  });

  test.each([
    ["2026-01-01", 30, "2026-01-31", "2026-01-30", false],
    ["2026-01-01", 30, "2026-01-31", "2026-01-31", false], // due today: not yet overdue
    ["2026-01-01", 30, "2026-01-31", "2026-02-01", true],
    ["2024-02-28", 1, "2024-02-29", "2024-02-29", false], // leap day
    ["2025-12-31", 1, "2026-01-01", "2026-01-02", true], // over the year end
    ["2026-01-01", 365, "2027-01-01", "2026-12-31", false],
  ] as const)(
    "verified %s every %i days: next %s; as of %s overdue %s",
    (lastVerified, intervalDays, next, today, overdue) => {
      expect(nextVerification({ lastVerified, intervalDays })).toBe(next);
      expect(verificationOverdue({ lastVerified, intervalDays }, today)).toBe(overdue);
    },
  );
});

describe("controls", () => {
  const controlForm = (streamId: string, fields: Record<string, string | number | undefined> = {}) =>
    createControlSchema.parse({
      streamId,
      requirement: "ISO 9001 §8.5",
      kind: "standard",
      intervalDays: "30",
      ...fields,
    });

  test("createControl by whoever may edit the stream; status follows whether it was verified", async () => {
    const { stream } = await ownedStream(orgA);
    const verified = await createControl(
      orgA.ctx.process_owner,
      controlForm(stream.id, { ownerId: orgA.users.member.id, lastVerified: "2026-01-10" }),
    );
    expect(verified).toMatchObject({
      orgId: orgA.org.id,
      streamId: stream.id,
      ownerId: orgA.users.member.id,
      status: "compliant",
      lastVerified: "2026-01-10",
      intervalDays: 30,
      kind: "standard",
    });
    const fresh = await createControl(orgA.ctx.admin, controlForm(stream.id, { kind: "regulation" }));
    expect(fresh).toMatchObject({ ownerId: null, status: "not_verified", lastVerified: null });
    await createControl(orgA.ctx.owner, controlForm(stream.id));
    expect(
      (await auditEntries(orgA.org.id, "control.created")).map((e) => [e.actorUserId, e.targetId, e.data]),
    ).toEqual([
      [orgA.users.process_owner.id, verified.id, { streamId: stream.id, requirement: "ISO 9001 §8.5" }],
      [orgA.users.admin.id, fresh.id, { streamId: stream.id, requirement: "ISO 9001 §8.5" }],
      [orgA.users.owner.id, expect.any(String), { streamId: stream.id, requirement: "ISO 9001 §8.5" }],
    ]);
  });

  test("members, viewers, another stream's process owner and B may not add controls; B's owners are refused", async () => {
    const { stream } = await ownedStream(orgA);
    const { stream: streamB } = await ownedStream(orgB);
    const otherPo = await extraMember(orgA, "process_owner");
    const audited = (await auditEntries(orgA.org.id)).length;
    await expectAppError(createControl(orgA.ctx.member, controlForm(stream.id)), "forbidden");
    await expectAppError(createControl(orgA.ctx.viewer, controlForm(stream.id)), "forbidden");
    await expectAppError(createControl(otherPo, controlForm(stream.id)), "forbidden");
    await expectAppError(createControl(orgA.ctx.owner, controlForm(streamB.id)), "not_found");
    const ownerError = await expectAppError(
      createControl(orgA.ctx.owner, controlForm(stream.id, { ownerId: orgB.users.member.id })),
      "validation",
    );
    expect(ownerError.fields).toHaveProperty("ownerId");
    const db = await getDb();
    expect(await db.select().from(controls).where(eq(controls.orgId, orgA.org.id))).toEqual([]);
    expect(await db.select().from(controls).where(eq(controls.orgId, orgB.org.id))).toEqual([]);
    expect(await auditActionsSince(orgA.org.id, audited)).toEqual([]);
  });

  test("verifyControl sets today's date and the result; by the control's owner or the stream's editors only", async () => {
    const { stream } = await ownedStream(orgA);
    const control = await createControl(
      orgA.ctx.process_owner,
      controlForm(stream.id, { ownerId: orgA.users.member.id }),
    );
    const viewerOwned = await createControl(
      orgA.ctx.process_owner,
      controlForm(stream.id, { ownerId: orgA.users.viewer.id }),
    );
    const otherMember = await extraMember(orgA, "member");
    const otherPo = await extraMember(orgA, "process_owner");
    const audited = (await auditEntries(orgA.org.id)).length;
    const row = async (id: string) => {
      const db = await getDb();
      return (await db.select().from(controls).where(eq(controls.id, id)))[0]!;
    };

    for (const ctx of [otherMember, otherPo, orgA.ctx.viewer]) {
      await expectAppError(
        verifyControl(ctx, { controlId: control.id, status: "compliant" }, "2026-02-01"),
        "forbidden",
      );
    }
    await expectAppError(
      verifyControl(orgA.ctx.viewer, { controlId: viewerOwned.id, status: "compliant" }, "2026-02-01"),
      "forbidden",
    );
    await expectAppError(
      verifyControl(orgB.ctx.owner, { controlId: control.id, status: "compliant" }, "2026-02-01"),
      "not_found",
    );
    expect(await row(control.id)).toMatchObject({ status: "not_verified", lastVerified: null });
    expect(await auditActionsSince(orgA.org.id, audited)).toEqual([]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);

    await verifyControl(orgA.ctx.member, { controlId: control.id, status: "non_compliant" }, "2026-02-01");
    expect(await row(control.id)).toMatchObject({ status: "non_compliant", lastVerified: "2026-02-01" });
    await verifyControl(orgA.ctx.process_owner, { controlId: control.id, status: "compliant" }, "2026-02-05");
    expect(await row(control.id)).toMatchObject({ status: "compliant", lastVerified: "2026-02-05" });
    await verifyControl(orgA.ctx.admin, { controlId: viewerOwned.id, status: "compliant" }, "2026-02-06");
    expect(
      (await auditEntries(orgA.org.id, "control.verified")).map((e) => [e.actorUserId, e.targetId, e.data]),
    ).toEqual([
      [
        orgA.users.member.id,
        control.id,
        { status: "non_compliant", date: "2026-02-01", previous: { status: "not_verified", lastVerified: null } },
      ],
      [
        orgA.users.process_owner.id,
        control.id,
        { status: "compliant", date: "2026-02-05", previous: { status: "non_compliant", lastVerified: "2026-02-01" } },
      ],
      [
        orgA.users.admin.id,
        viewerOwned.id,
        { status: "compliant", date: "2026-02-06", previous: { status: "not_verified", lastVerified: null } },
      ],
    ]);
  });

  test("listControls: a stream's controls with their schedule; dueFor lists overdue ones the user owns or whose stream they own", async () => {
    const { stream } = await ownedStream(orgA);
    const adminStream = await createTestStream(orgA.ctx.admin, { kind: "custom" });
    const never = await createControl(orgA.ctx.process_owner, controlForm(stream.id));
    const dueToday = await createControl(
      orgA.ctx.process_owner,
      controlForm(stream.id, { lastVerified: "2026-02-13" }),
    ); // next 2026-03-15
    const late = await createControl(orgA.ctx.process_owner, controlForm(stream.id, { lastVerified: "2026-02-12" })); // next 2026-03-14
    const memberLate = await createControl(
      orgA.ctx.admin,
      controlForm(adminStream.id, { ownerId: orgA.users.member.id, lastVerified: "2025-01-01" }),
    );
    const memberFine = await createControl(
      orgA.ctx.admin,
      controlForm(adminStream.id, { ownerId: orgA.users.member.id, lastVerified: "2026-03-01" }),
    );
    const { stream: streamB } = await ownedStream(orgB);
    const controlB = await createControl(orgB.ctx.process_owner, controlForm(streamB.id));
    const today = "2026-03-15";

    const ofStream = await listControls(orgA.ctx.viewer, { streamId: stream.id }, today);
    expect(Object.fromEntries(ofStream.map((c) => [c.id, [c.nextVerification, c.overdue]]))).toEqual({
      [never.id]: [null, true],
      [dueToday.id]: ["2026-03-15", false],
      [late.id]: ["2026-03-14", true],
    });
    expect(ofStream[0]).toMatchObject({ streamName: stream.name, streamOwnerId: orgA.users.process_owner.id });

    const ids = async (ctx: OrgContext, userId: string) =>
      (await listControls(ctx, { dueFor: userId }, today)).map((c) => c.id).sort();
    expect(await ids(orgA.ctx.process_owner, orgA.users.process_owner.id)).toEqual([never.id, late.id].sort());
    expect(await ids(orgA.ctx.member, orgA.users.member.id)).toEqual([memberLate.id]);
    // The admin owns the stream of the member's controls: its overdue one is theirs to chase too.
    expect(await ids(orgA.ctx.admin, orgA.users.admin.id)).toEqual([memberLate.id]);
    expect(await ids(orgA.ctx.viewer, orgA.users.viewer.id)).toEqual([]);
    expect((await listControls(orgA.ctx.viewer, { streamId: adminStream.id }, today)).map((c) => c.id).sort()).toEqual(
      [memberLate.id, memberFine.id].sort(),
    );
    // B's stays in B.
    expect(await listControls(orgA.ctx.owner, { streamId: streamB.id }, today)).toEqual([]);
    expect(await ids(orgA.ctx.owner, orgB.users.process_owner.id)).toEqual([]);
    expect(await ids(orgB.ctx.process_owner, orgB.users.process_owner.id)).toEqual([controlB.id]);
  });
});
