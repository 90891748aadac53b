/**
 * Flowline's admin command line, for self-hosters and automation: `npm run flowline -- <command>`.
 * It uses the app's own data layer and database configuration (DATABASE_URL or the embedded folder).
 */
import { parseArgs } from "node:util";
import { and, asc, eq } from "drizzle-orm";
import { closeDb, getDb, handle } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { demoBanner, seedDemo } from "@/db/seed/demo";
import { createOrganisation } from "@/lib/data/organisations";
import { createToken } from "@/lib/data/tokens";
import { AppError } from "@/lib/errors";
import { emailSchema, passwordSchema } from "@/lib/validations/auth";
import { orgNameSchema, slugSchema } from "@/lib/validations/organisation";
import { createTokenSchema } from "@/lib/validations/token";
import { normaliseEmail } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";

const help = `Flowline admin command line

Usage: npm run flowline -- <command> [options]

Commands:
  migrate                                   apply pending database migrations
  seed-demo                                 create the demo organisation (demo passwords: never in production)
  user create --email <email> --password <password> [--name <name>]
  org create --name <name> --owner <email>  create an organisation owned by an existing user
  token create --org <slug> --name <name> [--scope read|write] [--expires-days <n>]
                                            create an API token for the organisation and print its
                                            secret (shown once; only a hash is kept). It acts as the
                                            organisation's first owner; scope defaults to read, and
                                            without --expires-days it does not expire. Revoke it in
                                            Settings → API tokens.
  help                                      show this text

The database is DATABASE_URL when set, else the embedded one in FLOWLINE_DATA_DIR (default ./.data/pglite).
Do not run it on the embedded folder while the app is running: PGlite allows one process at a time.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      owner: { type: "string" },
      org: { type: "string" },
      scope: { type: "string" },
      "expires-days": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals.join(" ");
  if (values.help || command === "" || command === "help") {
    console.log(help);
    return 0;
  }
  switch (command) {
    case "migrate": {
      const { kind } = await handle();
      console.log(`Migrations applied (${kind}).`);
      return 0;
    }
    case "seed-demo": {
      const created = await seedDemo((await handle()).db);
      console.log(created ? demoBanner() : "The demo organisation already exists; nothing changed.");
      return 0;
    }
    case "user create": {
      const email = emailSchema.parse(values.email);
      const password = passwordSchema.parse(values.password);
      const db = await getDb();
      const [user] = await db
        .insert(users)
        .values({ email: normaliseEmail(email), name: values.name ?? null, passwordHash: await hashPassword(password) })
        .onConflictDoNothing()
        .returning();
      if (!user) throw new AppError("conflict", `A user with the email ${email} already exists.`);
      console.log(`User created: ${user.email} (${user.id})`);
      return 0;
    }
    case "org create": {
      const name = orgNameSchema.parse(values.name);
      const owner = emailSchema.parse(values.owner);
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.email, owner));
      if (!user) throw new AppError("not_found", `No user has the email ${owner}. Create it first with: user create`);
      const org = await createOrganisation(user, { name });
      console.log(`Organisation created: ${org.name} at /o/${org.slug} (${org.id}), owned by ${user.email}`);
      return 0;
    }
    case "token create": {
      const slug = slugSchema.parse(values.org);
      const input = createTokenSchema.parse({
        name: values.name,
        scope: values.scope,
        expiresInDays: values["expires-days"],
      });
      const db = await getDb();
      const [org] = await db.select().from(organisations).where(eq(organisations.slug, slug));
      if (!org) throw new AppError("not_found", `No organisation is at /o/${slug}.`);
      const [owner] = await db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, org.id), eq(memberships.role, "owner")))
        .orderBy(asc(memberships.createdAt))
        .limit(1);
      if (!owner) throw new AppError("not_found", `${org.name} has no owner to act as.`);
      const { secret, token } = await createToken(
        { user: owner, org: { id: org.id, slug: org.slug, name: org.name }, role: "owner" },
        input,
      );
      // The secret alone on stdout, so scripts can capture it: TOKEN=$(npm run -s flowline -- token create …)
      console.error(
        `API token "${token.name}" created for ${org.name}: ${token.scope} scope, acting as ${owner.email}, ${token.expiresAt ? `expires ${token.expiresAt.toISOString()}` : "does not expire"}.\nCopy it now: it is not shown again.`,
      );
      console.log(secret);
      return 0;
    }
    default:
      console.error(`Unknown command: ${command}\n\n${help}`);
      return 2;
  }
}

main(process.argv.slice(2))
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    await closeDb().catch(() => {});
    if (error instanceof AppError) console.error(error.message);
    else if (error && typeof error === "object" && "issues" in error) {
      console.error((error as { issues: { message: string }[] }).issues.map((i) => i.message).join("\n"));
    } else console.error(error);
    process.exit(1);
  });
