import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { memberships, organisations, orgSettings, teams } from "@/db/schema";
import type { Role } from "@/db/schema/types";
import { resolveOrgContext } from "@/lib/auth/org-context";
import {
  createOrganisation,
  deleteOrganisation,
  getScoringSettings,
  listUserOrganisations,
  renameOrganisation,
  updateScoringSettings,
} from "@/lib/data/organisations";
import {
  addMembership,
  auditEntries,
  createTenants,
  createUser,
  expectAppError,
  getUser,
  randomSlug,
  roleOf,
  token,
  type OrgFixture,
} from "../helpers/fixtures";

let orgA: OrgFixture;
let orgB: OrgFixture;

beforeEach(async () => {
  ({ orgA, orgB } = await createTenants());
});

const defaults = {
  outcomeWeight: 0.7,
  onTrackThreshold: 0.7,
  atRiskThreshold: 0.4,
  quadrantThreshold: 0.5,
  paceOnTrackTolerance: 0.05,
  paceAtRiskTolerance: 0.15,
};
const changed = {
  outcomeWeight: 0.6,
  onTrackThreshold: 0.75,
  atRiskThreshold: 0.25,
  quadrantThreshold: 0.5,
  paceOnTrackTolerance: 0.1,
  paceAtRiskTolerance: 0.2,
};

async function orgRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

describe("scoring settings", () => {
  test("start at the defaults and any member can read them", async () => {
    expect(await getScoringSettings(orgA.ctx.viewer)).toEqual(defaults);
  });

  test("an admin updates them; the audit entry holds from and to; B's are untouched", async () => {
    await updateScoringSettings(orgA.ctx.admin, changed);
    expect(await getScoringSettings(orgA.ctx.member)).toEqual(changed);
    expect(await getScoringSettings(orgB.ctx.member)).toEqual(defaults);
    expect(await auditEntries(orgA.org.id, "settings.updated")).toEqual([
      expect.objectContaining({
        actorUserId: orgA.users.admin.id,
        targetType: "organisation",
        targetId: orgA.org.id,
        data: { from: defaults, to: changed },
      }),
    ]);
    expect(await auditEntries(orgB.org.id)).toEqual([]);
  });

  test.each(["process_owner", "member", "viewer"] as Role[])("a %s may not change them", async (role) => {
    await expectAppError(updateScoringSettings(orgA.ctx[role], changed), "forbidden");
    expect(await getScoringSettings(orgA.ctx.owner)).toEqual(defaults);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });
});

describe("renameOrganisation", () => {
  test("the owner renames the organisation and its address, audited with from and to", async () => {
    const to = { name: `Renamed ${token()}`, slug: randomSlug("renamed") };
    await renameOrganisation(orgA.ctx.owner, to);
    expect(await orgRow(orgA.org.id)).toMatchObject(to);
    expect(await auditEntries(orgA.org.id, "organisation.renamed")).toEqual([
      expect.objectContaining({
        actorUserId: orgA.users.owner.id,
        data: { from: { name: orgA.org.name, slug: orgA.org.slug }, to },
      }),
    ]);
    expect(await orgRow(orgB.org.id)).toMatchObject(orgB.org);
  });

  test("an address another organisation has is a conflict on the slug, and nothing changes", async () => {
    const error = await expectAppError(
      renameOrganisation(orgA.ctx.owner, { name: "Taken", slug: orgB.org.slug }),
      "conflict",
    );
    expect(error.fields).toHaveProperty("slug");
    expect(await orgRow(orgA.org.id)).toMatchObject(orgA.org);
    expect(await auditEntries(orgA.org.id)).toEqual([]);
  });

  test.each(["admin", "process_owner", "member", "viewer"] as Role[])("a %s may not rename it", async (role) => {
    await expectAppError(renameOrganisation(orgA.ctx[role], { name: "Nope", slug: randomSlug() }), "forbidden");
    expect(await orgRow(orgA.org.id)).toMatchObject(orgA.org);
  });
});

describe("createOrganisation and listUserOrganisations", () => {
  test("a user's new organisation has them as owner, default settings and an audit entry", async () => {
    const db = await getDb();
    const name = `Second Org ${token()}`;
    const org = await createOrganisation(orgA.users.member, { name });
    expect(org.slug).toBe(`second-org-${name.slice(-8)}`);
    expect(await roleOf(org.id, orgA.users.member.id)).toBe("owner");
    expect(await db.select().from(orgSettings).where(eq(orgSettings.orgId, org.id))).toHaveLength(1);
    expect((await auditEntries(org.id)).map((e) => [e.action, e.actorUserId])).toEqual([
      ["organisation.created", orgA.users.member.id],
    ]);

    expect(await listUserOrganisations(db, orgA.users.member.id)).toEqual(
      [
        { id: orgA.org.id, slug: orgA.org.slug, name: orgA.org.name, role: "member" },
        { id: org.id, slug: org.slug, name, role: "owner" },
      ].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())),
    );
  });

  test("organisations created at the same time with the same name all get their own address", async () => {
    const user = await createUser();
    const name = `Race Works ${token()}`;
    const orgs = await Promise.all(Array.from({ length: 4 }, () => createOrganisation(user, { name })));
    const slugs = orgs.map((o) => o.slug);
    expect(new Set(slugs).size).toBe(4);
    const base = `race-works-${name.slice(-8)}`;
    for (const slug of slugs) expect(slug).toMatch(new RegExp(`^${base}(-[0-9a-f]{6})?$`));
    expect(slugs).toContain(base);
  });

  test("someone in no organisation has none", async () => {
    const db = await getDb();
    const loner = await createUser();
    expect(await listUserOrganisations(db, loner.id)).toEqual([]);
  });
});

describe("resolveOrgContext", () => {
  test("gives a member's role in their organisation", async () => {
    const db = await getDb();
    const { viewer } = orgA.users;
    expect(await resolveOrgContext(db, viewer, orgA.org.slug)).toEqual({
      user: viewer,
      org: orgA.org,
      role: "viewer",
    });
  });

  test("is null for another organisation's slug, an unknown slug and a malformed one", async () => {
    const db = await getDb();
    const user = orgA.users.owner;
    expect(await resolveOrgContext(db, user, orgB.org.slug)).toBeNull();
    expect(await resolveOrgContext(db, user, randomSlug("missing"))).toBeNull();
    for (const slug of ["", "UPPER", "a/b", "x".repeat(65), "' or 1=1 --"]) {
      expect(await resolveOrgContext(db, user, slug)).toBeNull();
    }
  });
});

describe("deleteOrganisation", () => {
  test.each(["admin", "process_owner", "member", "viewer"] as Role[])("a %s may not delete it", async (role) => {
    await expectAppError(deleteOrganisation(orgA.ctx[role]), "forbidden");
    expect(await orgRow(orgA.org.id)).toBeDefined();
  });

  test("the owner deletes it with everything in it; only people left in no organisation lose their sessions", async () => {
    const db = await getDb();
    await addMembership(orgB.org.id, orgA.users.member.id, "member");
    const before = {
      owner: (await getUser(orgA.users.owner.id))!.sessionVersion,
      member: (await getUser(orgA.users.member.id))!.sessionVersion,
    };

    await deleteOrganisation(orgA.ctx.owner);

    expect(await orgRow(orgA.org.id)).toBeUndefined();
    expect(await db.select().from(memberships).where(eq(memberships.orgId, orgA.org.id))).toEqual([]);
    expect(await db.select().from(teams).where(eq(teams.orgId, orgA.org.id))).toEqual([]);
    expect((await getUser(orgA.users.owner.id))!.sessionVersion).toBe(before.owner + 1);
    expect((await getUser(orgA.users.member.id))!.sessionVersion).toBe(before.member);

    expect(await orgRow(orgB.org.id)).toBeDefined();
    expect(await db.select().from(teams).where(eq(teams.orgId, orgB.org.id))).toHaveLength(2);
    expect(await db.select().from(memberships).where(eq(memberships.orgId, orgB.org.id))).toHaveLength(6);
  });
});
