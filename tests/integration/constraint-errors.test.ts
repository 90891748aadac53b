import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/db/client";
import { measurements, teams } from "@/db/schema";
import { failure } from "@/lib/actions/org-action";
import { toApiError } from "@/lib/api/errors";
import { constraintError, sqlState } from "@/lib/data/constraint-errors";
import { createTeam } from "@/lib/data/teams";
import { createTenants, token, withAuditRefused, type OrgFixture } from "../helpers/fixtures";

let orgA: OrgFixture;

beforeAll(async () => {
  ({ orgA } = await createTenants());
});

// Each mapping logs the violation (a check the data layer missed); keep the output quiet but check it.
let logged: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  logged = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => logged.mockRestore());

/** What `work` threw on the real database. */
async function violation(work: () => Promise<unknown>): Promise<unknown> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the database should have refused the write").toBeDefined();
  return error;
}

const provoke = {
  "23503 foreign key (a measurement of a KPI that does not exist)": async () => {
    const db = await getDb();
    // A Monday: the start of a bucket of any KPI's cadence would be checked first (a missing KPI leaves "week").
    return violation(() =>
      db.insert(measurements).values({ orgId: orgA.org.id, kpiId: randomUUID(), period: "2026-01-05", value: 1 }),
    );
  },
  "23502 not null (a team without a name)": async () => {
    const db = await getDb();
    return violation(() => db.execute(sql`insert into teams (org_id, name) values (${orgA.org.id}, null)`));
  },
  "23514 check (the audit entry of a new team, refused by a check constraint)": async () => {
    const error = await withAuditRefused(orgA.org.id, () => createTeam(orgA.ctx.owner, { name: `Team ${token()}` }));
    expect(error, "the database should have refused the write").toBeDefined();
    return error;
  },
  "23505 unique (a second team of the same name, past the data layer's check)": async () => {
    const db = await getDb();
    const name = `Twice ${token()}`;
    await db.insert(teams).values({ orgId: orgA.org.id, name });
    return violation(() => db.insert(teams).values({ orgId: orgA.org.id, name: name.toUpperCase() }));
  },
  "23P01 exclusion (another constraint of class 23)": async () => {
    const db = await getDb();
    return violation(() =>
      db.transaction(async (tx) => {
        await tx.execute(sql`create temp table excluded_twice (x int, exclude using btree (x with =)) on commit drop`);
        await tx.execute(sql`insert into excluded_twice values (1), (1)`);
      }),
    );
  },
} as const;

describe.each<[keyof typeof provoke, string, number, string, string]>([
  [
    "23503 foreign key (a measurement of a KPI that does not exist)",
    "23503",
    422,
    "validation",
    "That refers to something that does not exist (any more).",
  ],
  ["23502 not null (a team without a name)", "23502", 422, "validation", "A required value is missing."],
  [
    "23514 check (the audit entry of a new team, refused by a check constraint)",
    "23514",
    422,
    "validation",
    "A value is outside what is allowed.",
  ],
  [
    "23505 unique (a second team of the same name, past the data layer's check)",
    "23505",
    409,
    "conflict",
    "That conflicts with an existing record.",
  ],
  [
    "23P01 exclusion (another constraint of class 23)",
    "23P01",
    409,
    "conflict",
    "That conflicts with the records already stored.",
  ],
])("%s", (label, state, status, code, message) => {
  test(`the API answers ${status} ${code} with a message, never a 500; a form shows the message`, async () => {
    const error = await provoke[label]();
    expect(constraintError(error)).toMatchObject({ code, message });
    expect(sqlState(error)).toBe(state);

    const api = toApiError(error);
    expect([api.status, api.code, api.message, api.details]).toEqual([status, code, message, null]);
    expect(failure(error, { name: "Ops", password: "never echoed" })).toEqual({
      ok: false,
      message,
      fieldErrors: undefined,
      values: { name: "Ops" },
    });
    expect(logged).toHaveBeenCalledTimes(2);
  });
});

test("outside class 23: a data exception stays a 422 in the API, anything else a 500 and the form's generic message", async () => {
  const db = await getDb();
  const error = await violation(() => db.execute(sql`select 1 / 0`));
  expect(constraintError(error)).toBeNull();
  expect(toApiError(error).status).toBe(422);
  const unknown = new Error("connection reset");
  expect(constraintError(unknown)).toBeNull();
  expect(toApiError(unknown)).toMatchObject({ status: 500, code: "internal" });
  expect(failure(unknown, {})).toMatchObject({
    ok: false,
    message: "Something went wrong and nothing was changed. Please try again.",
  });
});
