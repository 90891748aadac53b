import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, organisations, orgSettings, teamMembers, teams, users } from "../schema";
import type { Role } from "../schema/types";
import { hashPassword } from "@/lib/auth/password";

/** DEMO ONLY: these accounts are public knowledge. Never seed them into a real deployment. */
export const DEMO_PASSWORD = "flowline-demo";
export const DEMO_ORG = { name: "Acme Industries", slug: "acme" };
export const demoUsers: { email: string; name: string; role: Role; teams: string[] }[] = [
  { email: "owner@acme.example", name: "Olivia Owner", role: "owner", teams: [] },
  { email: "admin@acme.example", name: "Adam Admin", role: "admin", teams: [] },
  { email: "process.owner@acme.example", name: "Priya Process", role: "process_owner", teams: ["Production", "Software Delivery"] },
  { email: "member@acme.example", name: "Max Member", role: "member", teams: ["Production"] },
  { email: "viewer@acme.example", name: "Vera Viewer", role: "viewer", teams: [] },
];
export const demoTeams = ["Production", "Software Delivery", "Marketing", "Sales", "Customer Success"];

/** Seeds the demo organisation once; answers whether it did. */
export async function seedDemo(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(organisations).where(eq(organisations.slug, DEMO_ORG.slug));
    if (existing) return false;
    const [org] = await tx.insert(organisations).values(DEMO_ORG).returning();
    const orgId = org!.id;
    await tx.insert(orgSettings).values({ orgId });
    const teamRows = await tx.insert(teams).values(demoTeams.map((name) => ({ orgId, name }))).returning();
    const teamId = new Map(teamRows.map((t) => [t.name, t.id]));
    for (const demo of demoUsers) {
      const [user] = await tx
        .insert(users)
        .values({ email: demo.email, name: demo.name, passwordHash })
        .onConflictDoUpdate({ target: users.email, set: { name: demo.name } })
        .returning();
      await tx.insert(memberships).values({ orgId, userId: user!.id, role: demo.role });
      for (const team of demo.teams) {
        await tx.insert(teamMembers).values({ orgId, teamId: teamId.get(team)!, userId: user!.id });
      }
    }
    return true;
  });
}

export function demoBanner(): string {
  const rows = demoUsers.map((u) => `  ${u.role.padEnd(14)} ${u.email}`).join("\n");
  return [
    "",
    "┌ Flowline demo organisation (DEMO ONLY — public passwords, not for real data)",
    `│ Organisation: ${DEMO_ORG.name} (/o/${DEMO_ORG.slug})`,
    `│ Password for every demo account: ${DEMO_PASSWORD}`,
    rows.replace(/^/gm, "│"),
    "└",
    "",
  ].join("\n");
}
