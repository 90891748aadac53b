import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { DELETE as deleteKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { getDb } from "@/db/client";
import { actions, kpis, stages } from "@/db/schema";
import { createActionItem } from "@/lib/data/action-items";
import { sqlState } from "@/lib/data/constraint-errors";
import { deleteKpi } from "@/lib/data/kpis";
import { createReview } from "@/lib/data/reviews";
import { addStage } from "@/lib/data/stages";
import { deleteTeam } from "@/lib/data/teams";
import { withTenant } from "@/lib/data/tenant";
import { createActionSchema, createReviewSchema } from "@/lib/validations/review";
import { addStageSchema } from "@/lib/validations/stream";
import { apiToken, call } from "../helpers/api";
import { createTenants, createTestKpi, createTestStream, type OrgFixture } from "../helpers/fixtures";

/**
 * Deleting a row that others point at clears only the link (ON DELETE SET NULL (column)): the
 * reference is composite (org_id, id) and org_id must stay. Issue 10: deleting a KPI that a
 * follow-up action points to answered 500.
 */
let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

async function actionOnKpi(fixture: OrgFixture) {
  const po = fixture.ctx.process_owner;
  const stream = await createTestStream(po, { kind: "production" });
  const kpi = await createTestKpi(po, stream.id, { teamId: fixture.teams.production.id });
  const action = await createActionItem(
    po,
    createActionSchema.parse({
      title: "Shorten changeover",
      dueDate: "2026-03-31",
      ownerId: fixture.users.member.id,
      kpiId: kpi.id,
    }),
    "2026-01-20",
  );
  return { stream, kpi, action };
}

async function actionRow(orgId: string, id: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(actions)
    .where(and(eq(actions.orgId, orgId), eq(actions.id, id)));
  return row;
}

describe("deleting what a follow-up action points to keeps the action", () => {
  test("through the data layer: the KPI goes, the action stays with its organisation and stream", async () => {
    const { stream, kpi, action } = await actionOnKpi(orgA);
    const other = await actionOnKpi(orgB);
    await deleteKpi(orgA.ctx.process_owner, { kpiId: kpi.id });
    expect(await actionRow(orgA.org.id, action.id)).toMatchObject({
      orgId: orgA.org.id,
      streamId: stream.id,
      kpiId: null,
      title: "Shorten changeover",
    });
    expect((await actionRow(orgB.org.id, other.action.id))?.kpiId).toBe(other.kpi.id);
  });

  test("through the API: DELETE /kpis/{id} answers 204 and the action survives", async () => {
    const { kpi, action } = await actionOnKpi(orgA);
    const { secret } = await apiToken(orgA.ctx.admin, "write");
    const answer = await call(deleteKpiRoute, { token: secret, method: "DELETE", params: { id: kpi.id } });
    expect(answer.status).toBe(204);
    const db = await getDb();
    expect(await db.select().from(kpis).where(eq(kpis.id, kpi.id))).toEqual([]);
    expect(await actionRow(orgA.org.id, action.id)).toMatchObject({ orgId: orgA.org.id, kpiId: null });
  });

  test("deleting the review an action came from clears only the review link", async () => {
    const po = orgA.ctx.process_owner;
    const { stream, kpi } = await actionOnKpi(orgA);
    const review = await createReview(
      po,
      createReviewSchema.parse({
        streamId: stream.id,
        periodStart: "2026-01-01",
        periodEnd: "2026-01-31",
        status: "at_risk",
        summary: "",
        decisions: "",
      }),
    );
    const action = await createActionItem(
      po,
      createActionSchema.parse({
        title: "Follow up",
        dueDate: "2026-03-31",
        ownerId: orgA.users.member.id,
        reviewId: review.id,
        kpiId: kpi.id,
      }),
      "2026-01-20",
    );
    // No screen deletes reviews yet: delete it as the tenant would.
    await withTenant(po, (tx) => tx.execute(sql`delete from reviews where id = ${review.id}`));
    expect(await actionRow(orgA.org.id, action.id)).toMatchObject({
      orgId: orgA.org.id,
      reviewId: null,
      kpiId: kpi.id,
    });
  });

  test("deleting a team keeps its KPIs and stages, without the team", async () => {
    const admin = orgA.ctx.admin;
    const stream = await createTestStream(admin, { kind: "production" });
    const kpi = await createTestKpi(admin, stream.id, { teamId: orgA.teams.delivery.id });
    await addStage(
      admin,
      addStageSchema.parse({ streamId: stream.id, name: "Assembly", teamId: orgA.teams.delivery.id }),
    );
    await deleteTeam(admin, { teamId: orgA.teams.delivery.id });
    const db = await getDb();
    const [kept] = await db.select().from(kpis).where(eq(kpis.id, kpi.id));
    expect(kept).toMatchObject({ orgId: orgA.org.id, teamId: null });
    const keptStages = await db.select().from(stages).where(eq(stages.streamId, stream.id));
    expect(keptStages.map((s) => [s.orgId, s.name, s.teamId])).toContainEqual([orgA.org.id, "Assembly", null]);
  });
});

describe("composite references refuse another organisation's rows", () => {
  test("a KPI cannot name another organisation's team or stage, whoever writes it", async () => {
    const stream = await createTestStream(orgA.ctx.admin, { kind: "production" });
    const kpi = await createTestKpi(orgA.ctx.admin, stream.id);
    const db = await getDb();
    // The owner's connection: row-level security lets it through; the foreign key does not.
    await expect(
      db.update(kpis).set({ teamId: orgB.teams.production.id }).where(eq(kpis.id, kpi.id)),
    ).rejects.toSatisfy((error: unknown) => sqlState(error) === "23503");
  });
});
