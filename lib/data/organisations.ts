import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Queryable, type Tx } from "@/db/client";
import { memberships, organisations, orgSettings, users } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/org-context";
import { assertCan } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { conflict } from "@/lib/errors";
import { slugify, withSuffix } from "./slug";
import { audit, enterTenant, isUniqueViolation, withTenant } from "./tenant";
import { membershipOrgId, membershipRole, userMembershipsAs } from "./tenant-lookups";

export type ScoringSettings = Omit<typeof orgSettings.$inferSelect, "orgId">;

const scoringColumns = {
  outcomeWeight: orgSettings.outcomeWeight,
  onTrackThreshold: orgSettings.onTrackThreshold,
  atRiskThreshold: orgSettings.atRiskThreshold,
  quadrantThreshold: orgSettings.quadrantThreshold,
  paceOnTrackTolerance: orgSettings.paceOnTrackTolerance,
  paceAtRiskTolerance: orgSettings.paceAtRiskTolerance,
};

/** Creates an organisation with its settings and `user` as owner, inside the caller's transaction. */
export async function insertOrganisation(tx: Tx, user: SessionUser, name: string) {
  const base = slugify(name);
  const taken = await tx
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(sql`${organisations.slug} = ${base} or ${organisations.slug} like ${`${base}-%`}`);
  const slugs = new Set(taken.map((t) => t.slug));
  let slug = base;
  while (slugs.has(slug)) slug = withSuffix(base);
  // A concurrent sign-up may take the same address before this commits: then try a suffixed one
  // (a unique violation here would abort the transaction and read as "email already exists").
  let [org] = await tx
    .insert(organisations)
    .values({ name, slug })
    .onConflictDoNothing({ target: organisations.slug })
    .returning();
  while (!org) {
    slug = withSuffix(base);
    [org] = await tx
      .insert(organisations)
      .values({ name, slug })
      .onConflictDoNothing({ target: organisations.slug })
      .returning();
  }
  await enterTenant(tx, org!.id);
  await tx.insert(orgSettings).values({ orgId: org!.id });
  await tx.insert(memberships).values({ orgId: org!.id, userId: user.id, role: "owner" });
  const ctx = { org: org!, user };
  await audit(tx, ctx, "organisation.created", { type: "organisation", id: org!.id }, { name });
  return org!;
}

export async function createOrganisation(user: SessionUser, input: { name: string }) {
  const db = await getDb();
  return db.transaction((tx) => insertOrganisation(tx, user, input.name));
}

export async function listUserOrganisations(db: Queryable, userId: string) {
  return db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, role: membershipRole })
    .from(organisations)
    .innerJoin(userMembershipsAs(userId), sql`${membershipOrgId} = ${organisations.id}`)
    .orderBy(asc(sql`lower(${organisations.name})`));
}

export async function getScoringSettings(ctx: OrgContext): Promise<ScoringSettings> {
  return withTenant(ctx, async (tx) => {
    const [settings] = await tx.select(scoringColumns).from(orgSettings).where(eq(orgSettings.orgId, ctx.org.id));
    return settings!;
  });
}

export async function updateScoringSettings(ctx: OrgContext, input: ScoringSettings) {
  assertCan(ctx, "settings.manage");
  await withTenant(ctx, async (tx) => {
    const [from] = await tx
      .select(scoringColumns)
      .from(orgSettings)
      .where(eq(orgSettings.orgId, ctx.org.id))
      .for("update");
    await tx.update(orgSettings).set(input).where(eq(orgSettings.orgId, ctx.org.id));
    await audit(tx, ctx, "settings.updated", { type: "organisation", id: ctx.org.id }, { from, to: input });
  });
}

export async function renameOrganisation(ctx: OrgContext, input: { name: string; slug: string }) {
  assertCan(ctx, "org.manage");
  try {
    await withTenant(ctx, async (tx) => {
      await tx.update(organisations).set(input).where(eq(organisations.id, ctx.org.id));
      await audit(
        tx,
        ctx,
        "organisation.renamed",
        { type: "organisation", id: ctx.org.id },
        { from: { name: ctx.org.name, slug: ctx.org.slug }, to: input },
      );
    });
  } catch (error) {
    throw isUniqueViolation(error) ? conflict("That address is taken. Choose another.", "slug") : error;
  }
}

/** Deletes the organisation and everything in it; people left in no organisation lose their sessions. */
export async function deleteOrganisation(ctx: OrgContext) {
  assertCan(ctx, "org.manage");
  await withTenant(ctx, async (tx) => {
    const members = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(eq(memberships.orgId, ctx.org.id));
    await tx.delete(organisations).where(eq(organisations.id, ctx.org.id));
    const ids = members.map((m) => m.userId);
    if (ids.length === 0) return;
    await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(
        and(
          inArray(users.id, ids),
          // Their other organisations are out of this tenant's sight: ask the membership lookup.
          sql`not exists (select 1 from ${userMembershipsAs(sql`${users.id}`)})`,
        ),
      );
  });
}
