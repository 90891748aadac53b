import "server-only";
import { and, asc, eq, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { controls, memberships, users, valueStreams } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan, canEditStream } from "@/lib/auth/permissions";
import { forbidden, invalid } from "@/lib/errors";
import { addDays, type IsoDate } from "@/lib/scoring";
import type { createControlSchema } from "@/lib/validations/review";
import { findEditableStream, findStream } from "./streams";
import { audit, findInOrg, withTenant } from "./tenant";

/** When a control must next be verified: its last verification plus its interval; due at once if never verified. */
export function nextVerification(control: { lastVerified: string | null; intervalDays: number }): IsoDate | null {
  return control.lastVerified ? addDays(control.lastVerified, control.intervalDays) : null;
}

export const verificationOverdue = (control: { lastVerified: string | null; intervalDays: number }, today: IsoDate) => {
  const next = nextVerification(control);
  return next === null || next < today;
};

async function checkOwner(tx: Tx, ctx: OrgContext, ownerId: string | undefined) {
  if (!ownerId) return null;
  const [m] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, ownerId)));
  if (!m) throw invalid("Choose an owner from this organisation.", "ownerId");
  return m.userId;
}

export async function createControl(ctx: OrgContext, input: z.infer<typeof createControlSchema>) {
  return withTenant(ctx, async (tx) => {
    const stream = await findEditableStream(tx, ctx, input.streamId);
    const ownerId = await checkOwner(tx, ctx, input.ownerId);
    const [control] = await tx
      .insert(controls)
      .values({
        orgId: ctx.org.id,
        streamId: stream.id,
        requirement: input.requirement,
        kind: input.kind,
        ownerId,
        intervalDays: input.intervalDays,
        lastVerified: input.lastVerified ?? null,
        status: input.lastVerified ? "compliant" : "not_verified",
      })
      .returning();
    await audit(
      tx,
      ctx,
      "control.created",
      { type: "control", id: control!.id },
      { streamId: stream.id, requirement: input.requirement },
    );
    return control!;
  });
}

async function findControl(tx: Tx, ctx: OrgContext, controlId: string) {
  return findInOrg(tx, ctx, controls, controlId, "That control", "update");
}

/** Records a verification today with its result; by the control's owner or whoever may edit the stream. */
export async function verifyControl(
  ctx: OrgContext,
  input: { controlId: string; status: (typeof controls.$inferSelect)["status"] },
  today: IsoDate,
) {
  await withTenant(ctx, async (tx) => {
    const control = await findControl(tx, ctx, input.controlId);
    const stream = await findStream(tx, ctx, control.streamId);
    if (control.ownerId !== ctx.user.id && !canEditStream(ctx, stream))
      throw forbidden("Only the control's owner or the stream's process owner can verify it.");
    assertCan(ctx, "assigned.update");
    await tx.update(controls).set({ status: input.status, lastVerified: today }).where(eq(controls.id, control.id));
    await audit(
      tx,
      ctx,
      "control.verified",
      { type: "control", id: control.id },
      { status: input.status, date: today, previous: { status: control.status, lastVerified: control.lastVerified } },
    );
  });
}

export async function deleteControl(ctx: OrgContext, input: { controlId: string }) {
  await withTenant(ctx, async (tx) => {
    const control = await findControl(tx, ctx, input.controlId);
    await findEditableStream(tx, ctx, control.streamId);
    await tx.delete(controls).where(eq(controls.id, control.id));
    await audit(tx, ctx, "control.deleted", { type: "control", id: control.id }, { requirement: control.requirement });
  });
}

/** Controls of a stream, or those due for the user (owned by them or on streams they own). */
export async function listControls(ctx: OrgContext, filter: { streamId: string } | { dueFor: string }, today: IsoDate) {
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({
        control: controls,
        ownerName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
        streamName: valueStreams.name,
        streamOwnerId: valueStreams.ownerId,
      })
      .from(controls)
      .innerJoin(valueStreams, and(eq(valueStreams.orgId, controls.orgId), eq(valueStreams.id, controls.streamId)))
      .leftJoin(users, eq(users.id, controls.ownerId))
      .where(
        and(
          eq(controls.orgId, ctx.org.id),
          "streamId" in filter
            ? eq(controls.streamId, filter.streamId)
            : or(eq(controls.ownerId, filter.dueFor), eq(valueStreams.ownerId, filter.dueFor)),
        ),
      )
      .orderBy(asc(controls.lastVerified)),
  );
  const all = rows.map(({ control, ...rest }) => ({
    ...control,
    ...rest,
    nextVerification: nextVerification(control),
    overdue: verificationOverdue(control, today),
  }));
  return "dueFor" in filter ? all.filter((c) => c.overdue) : all;
}
