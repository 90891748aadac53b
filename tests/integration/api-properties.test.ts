import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi, type MockInstance } from "vitest";
import { PATCH as patchKpiRoute } from "@/app/api/v1/kpis/[id]/route";
import { POST as createKpiRoute } from "@/app/api/v1/kpis/route";
import { POST as writeRoute } from "@/app/api/v1/measurements/route";
import { PATCH as patchStreamRoute } from "@/app/api/v1/streams/[id]/route";
import { POST as createStreamRoute } from "@/app/api/v1/streams/route";
import { POST as createTeamRoute } from "@/app/api/v1/teams/route";
import { getDb } from "@/db/client";
import { endpoints } from "@/lib/api/endpoints";
import { allowHeader } from "@/lib/api/openapi";
import { type RouteHandler, tenantsWithTokens } from "../helpers/api";
import { createTestKpi, createTestStream, token, type OrgFixture } from "../helpers/fixtures";

/**
 * Random and malformed bodies against the write endpoints: no answer is a 5xx, a refused request
 * changes nothing in either organisation, and idempotent replays never write twice. About 650 requests
 * by default, sized to keep the file to seconds; API_FUZZ_SCALE=10 sends ten times as many.
 */
const scale = Math.max(1, Number(process.env.API_FUZZ_SCALE) || 1);
const runs = (n: number) => ({ numRuns: Math.round(n * scale) });

let orgA: OrgFixture;
let orgB: OrgFixture;
let write: string;
let streamId: string;
let read: string;
let kpiRefs: string[];
let theirRefs: string[];
/** Ids of the other organisation's rows, for path segments. */
let theirIds: string[];
const previousLimit = process.env.FLOWLINE_API_RATE_LIMIT;

beforeAll(async () => {
  // Thousands of requests from one token: lift the rate limit for this file (files in a worker run one at a time).
  process.env.FLOWLINE_API_RATE_LIMIT = "1000000";
  ({ orgA, orgB, write, read } = await tenantsWithTokens());
  const stream = await createTestStream(orgA.ctx.owner, { kind: "sales" });
  streamId = stream.id;
  const own = await Promise.all(
    (["week", "month", "quarter"] as const).map((cadence) => createTestKpi(orgA.ctx.owner, stream.id, { cadence })),
  );
  kpiRefs = own.flatMap((k) => [k.id, k.key, k.key.toLowerCase()]);
  const theirStream = await createTestStream(orgB.ctx.owner);
  const theirs = await createTestKpi(orgB.ctx.owner, theirStream.id, {
    key: `ZZ${token(2)
      .toUpperCase()
      .replace(/[^A-Z]/g, "Q")}-7`,
  });
  theirRefs = [theirs.id, theirs.key];
  theirIds = [theirs.id, theirs.key, theirStream.id, orgB.teams.production.id];
});

// The error mapper logs what validation should have caught (a database data exception) and every
// unexpected error: fuzzing must log nothing.
let logged: MockInstance<typeof console.error>;
beforeEach(() => {
  logged = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([]);
  logged.mockRestore();
});

afterAll(() => {
  if (previousLimit === undefined) delete process.env.FLOWLINE_API_RATE_LIMIT;
  else process.env.FLOWLINE_API_RATE_LIMIT = previousLimit;
});

/** Rows of both organisations (or of the one given) in every table the write endpoints touch, in one query. */
async function snapshot(only?: OrgFixture): Promise<{ audit: number } & Record<string, number>> {
  const db = await getDb();
  const orgs = only ? sql`(${only.org.id}::uuid)` : sql`(${orgA.org.id}::uuid, ${orgB.org.id}::uuid)`;
  const result = await db.execute(sql`select
    (select count(*) from measurements where org_id in ${orgs})::int as measurements,
    (select coalesce(sum(value), 0) from measurements where org_id in ${orgs})::float8 as measurement_sum,
    (select count(*) from kpis where org_id in ${orgs})::int as kpis,
    (select count(*) from value_streams where org_id in ${orgs})::int as streams,
    (select count(*) from stages where org_id in ${orgs})::int as stages,
    (select count(*) from resources where org_id in ${orgs})::int as resources,
    (select count(*) from teams where org_id in ${orgs})::int as teams,
    (select count(*) from audit_log where org_id in ${orgs})::int as audit,
    (select count(*) from idempotency_keys where org_id in ${orgs})::int as idempotency`);
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows[0] as { audit: number } & Record<string, number>;
}

// ---- Arbitraries ---------------------------------------------------------------------------------

const nasty = fc.constantFrom<unknown>(
  null,
  true,
  0,
  -0,
  1e308,
  -1e308,
  1e16,
  2 ** 53 + 1,
  "",
  " ",
  "NaN",
  "Infinity",
  "1e999",
  "2026-02-30",
  "0000-00-00",
  "99999-01-01",
  "1899-12-31",
  "2201-01-01",
  "2026-1-5",
  "' or 1=1 --",
  "\u0000",
  "x".repeat(600),
  "00000000-0000-0000-0000-000000000000",
  [],
  {},
  { $gt: "" },
);
const anyJson = fc.oneof({ weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 2, arbitrary: nasty });

const validDate = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const item = fc.record(
  {
    kpiId: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...["placeholder"]).chain(() => fc.constantFrom(...kpiRefs)) },
      { weight: 1, arbitrary: fc.constantFrom(...["placeholder"]).chain(() => fc.constantFrom(...theirRefs)) },
      { weight: 1, arbitrary: anyJson },
    ),
    date: fc.oneof({ weight: 6, arbitrary: validDate }, { weight: 1, arbitrary: anyJson }),
    value: fc.oneof(
      { weight: 6, arbitrary: fc.double({ noNaN: false }) },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 1, arbitrary: anyJson },
    ),
    note: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 20 }), anyJson),
    extra: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anyJson }),
  },
  { requiredKeys: ["kpiId", "date", "value"] },
);

/** A body as text: mostly JSON of near-valid shapes, sometimes raw JSON JavaScript can't write, sometimes garbage. */
function bodies<T>(shape: fc.Arbitrary<T>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: shape.map((b) => JSON.stringify(b) ?? "null") },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: shape.map((b) => (JSON.stringify(b) ?? "null").replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/i, "1e999")),
    },
    { weight: 1, arbitrary: shape.map((b) => (JSON.stringify(b) ?? "null").slice(0, -1)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "NaN",
        "[",
        '{"measurements": [NaN]}',
        '"\\ud800"',
        "[".repeat(5000) + "]".repeat(5000),
        "{}".repeat(3),
      ),
    },
  );
}

const measurementBodies = bodies(
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ measurements: fc.array(item, { minLength: 0, maxLength: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ measurements: anyJson }) },
    { weight: 1, arbitrary: anyJson },
  ),
);

/** A valid body with some fields replaced by anything, removed, or an unknown field added. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  return fc
    .tuple(
      fc.subarray(keys),
      fc.array(anyJson, { minLength: keys.length, maxLength: keys.length }),
      fc.subarray(keys, { maxLength: 1 }),
      fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
    )
    .map(([replaced, values, removed, unknown]) => {
      const body: Record<string, unknown> = { ...valid };
      replaced.forEach((k, i) => (body[k] = values[i]));
      removed.forEach((k) => delete body[k]);
      if (unknown && !(unknown in valid)) body[unknown] = 1;
      return body;
    });
}

async function send(
  handler: RouteHandler,
  raw: string,
  method = "POST",
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const response = await handler(
    new Request("http://flowline.test/api/v1/x", {
      method,
      headers: { authorization: `Bearer ${write}`, "content-type": "application/json", ...headers },
      body: raw,
    }),
    { params: Promise.resolve(params) },
  );
  return { status: response.status, text: await response.text() };
}

let last: Awaited<ReturnType<typeof snapshot>> | undefined;

/**
 * Every answer is JSON below 500; every refused request leaves both organisations as they were (the
 * snapshot is retaken after each request, so each run costs one counting query, not two).
 */
async function expectSafe(handler: RouteHandler, raw: string, method = "POST", params: Record<string, string> = {}) {
  const before = last ?? (await snapshot());
  const answer = await send(handler, raw, method, params);
  expect(answer.status, `${answer.text.slice(0, 300)}\nbody: ${raw.slice(0, 300)}`).toBeLessThan(500);
  last = await snapshot();
  if (answer.status >= 400) {
    const parsed = JSON.parse(answer.text) as { error: { code: string } };
    expect(typeof parsed.error.code).toBe("string");
    expect(last).toEqual(before);
  }
  return answer;
}

describe("fuzzing the write endpoints", () => {
  test(
    "POST /measurements: random and malformed bodies never give a 5xx and a refusal writes nothing",
    async () => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(measurementBodies, async (raw) => {
          const answer = await expectSafe(writeRoute, raw);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }),
        runs(300),
      );
      // The generators reach both sides: writes that pass and each kind of refusal.
      expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 422]));
    },
    120_000 * scale,
  );

  test(
    "the other write endpoints: near-valid bodies never give a 5xx and a refusal writes nothing",
    async () => {
      const kpi = await createTestKpi(orgA.ctx.owner, streamId);
      last = undefined;
      const cases: {
        handler: RouteHandler;
        method: string;
        params?: Record<string, string>;
        valid: Record<string, unknown>;
      }[] = [
        { handler: createTeamRoute, method: "POST", valid: { name: "Quality" } },
        {
          handler: createStreamRoute,
          method: "POST",
          valid: {
            name: "Line",
            kind: "production",
            demandAmount: 10,
            demandPeriod: "week",
            customerNeed: "Bikes",
            stages: [{ name: "Cut", resources: [{ kind: "machine", name: "Saw", quantity: 1, rate: 5 }] }],
          },
        },
        {
          handler: patchStreamRoute,
          method: "PATCH",
          params: { id: streamId },
          valid: { name: "Renamed", demandAmount: 5, archived: false, stages: [{ name: "Only", wip: 2 }] },
        },
        {
          handler: createKpiRoute,
          method: "POST",
          valid: {
            streamId,
            name: "Deals",
            kind: "outcome",
            direction: "increase",
            baseline: 1,
            target: 2,
            weight: 1,
            cadence: "month",
            unit: "deals",
          },
        },
        {
          handler: patchKpiRoute,
          method: "PATCH",
          params: { id: kpi.id },
          valid: { name: "Deals won", target: 30, baseline: 10, direction: "increase", archived: false },
        },
      ];
      for (const c of cases) {
        await fc.assert(
          fc.asyncProperty(bodies(mutated(c.valid)), async (raw) => {
            await expectSafe(c.handler, raw, c.method, c.params);
          }),
          runs(50),
        );
      }
    },
    120_000 * scale,
  );

  test(
    "idempotent replays never write twice, whatever the order and overlap of requests",
    async () => {
      const valid = fc.array(
        fc.record({
          kpiId: fc.constantFrom(...kpiRefs.filter((_, i) => i % 3 === 0)),
          date: validDate,
          value: fc.integer({ min: -1000, max: 1000 }),
        }),
        { minLength: 1, maxLength: 4 },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom("k1", "k2", "k3"), fc.constantFrom(0, 1), fc.boolean()), {
            minLength: 1,
            maxLength: 8,
          }),
          valid,
          valid,
          async (steps, first, second) => {
            const run = token(6);
            const candidates = [first, second].map((items) => {
              // One value per (KPI, period): keep a request valid by spreading dates of one KPI a year apart.
              const dated = items.map((it, i) => ({
                ...it,
                date: `${1900 + i * 50 + (Number(it.date.slice(0, 4)) % 40)}-06-15`,
              }));
              return JSON.stringify({ measurements: dated });
            });
            const firstAnswer = new Map<string, { body: number; text: string }>();
            const auditBefore = (await snapshot()).audit;
            // Requests run in groups: a "true" flag joins the previous request's group (concurrently).
            const groups: (typeof steps)[] = [];
            for (const step of steps) {
              if (step[2] && groups.length) groups.at(-1)!.push(step);
              else groups.push([step]);
            }
            for (const group of groups) {
              const answers = await Promise.all(
                group.map(async ([key, which]) => ({
                  key: `${run}-${key}`,
                  which,
                  answer: await send(
                    writeRoute,
                    candidates[which]!,
                    "POST",
                    {},
                    { "idempotency-key": `${run}-${key}` },
                  ),
                })),
              );
              for (const { key, which, answer } of answers) {
                expect(answer.status).toBeLessThan(500);
                const known = firstAnswer.get(key);
                if (!known) {
                  // A 422 here lost a race to a request with the same key and another body (checked below when it comes).
                  if (answer.status === 200) firstAnswer.set(key, { body: which, text: answer.text });
                  else expect(answer.status).toBe(422);
                  continue;
                }
                if (candidates[known.body] === candidates[which]) {
                  expect(answer.status).toBe(200);
                  expect(answer.text).toBe(known.text);
                } else {
                  expect(answer.status).toBe(422);
                }
              }
            }
            // One audit entry per key that wrote, however many times it was sent.
            expect((await snapshot()).audit - auditBefore).toBe(firstAnswer.size);
          },
        ),
        runs(20),
      );
    },
    120_000 * scale,
  );
});

// ---- Paths and methods ---------------------------------------------------------------------------

/** Every route file of the API, by the path it serves ("/kpis/{id}"); the catch-all aside. */
const routeFiles = import.meta.glob<Record<string, RouteHandler | undefined>>("/app/api/v1/**/route.ts");
const routePath = (file: string) =>
  file
    .replace(/^\/app\/api\/v1/, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[(\w+)\]/g, "{$1}");
const CATCH_ALL = "/[...path]";
const declaredPaths = [...new Set(endpoints.map((e) => e.path))].sort();
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** A lone surrogate cannot be percent-encoded: send the bytes a careless client would. */
function encoded(segment: string): string {
  try {
    return encodeURIComponent(segment);
  } catch {
    return "%ED%A0%80";
  }
}

async function routesOf(path: string): Promise<Record<string, RouteHandler | undefined>> {
  const file = Object.keys(routeFiles).find((f) => routePath(f) === path);
  if (!file) throw new Error(`No route file serves ${path}`);
  return routeFiles[file]!();
}

/** Path segments a client may send: malformed or odd encodings, overlong, unicode, traversal, other ids. */
const segment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "%ff",
      "%",
      "%E0%A4%A",
      "%00",
      "%2e%2e",
      "..",
      "../teams",
      "..%2F..%2Fteams",
      "./",
      "\u0000",
      "\ud800",
      "💥",
      "Grüße",
      "ＫＰＩ-１",
      "x".repeat(5000),
      "9".repeat(400),
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "' or 1=1 --",
      "null",
      "-1",
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.constantFrom("placeholder").chain(() => fc.constantFrom(...theirIds)) },
);

describe("every method on every declared path, with random path segments", () => {
  test("the route files under app/api/v1 serve exactly the declared paths (so the fuzz below reaches all)", () => {
    const served = Object.keys(routeFiles)
      .map(routePath)
      .filter((p) => p !== CATCH_ALL)
      .sort();
    expect(served).toEqual(declaredPaths);
  });

  test(
    "no answer is a 5xx; an undeclared method is a JSON 405 with Allow; another organisation's ids are never found and nothing of theirs changes",
    async () => {
      last = undefined;
      const theirsBefore = await snapshot(orgB);
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...declaredPaths, CATCH_ALL),
          fc.constantFrom(...METHODS),
          segment,
          fc.constantFrom("write", "read", "none"),
          fc.option(anyJson, { nil: undefined }),
          async (path, method, id, who, body) => {
            const routes = await routesOf(path);
            const declared = endpoints.filter((e) => e.path === path).map((e) => e.method as string);
            // Next answers HEAD with the GET handler (without the body).
            const handler = routes[method === "HEAD" ? "GET" : method];
            const params = path === CATCH_ALL ? { path: [id, "x"] } : path.includes("{id}") ? { id } : {};
            const url = `http://flowline.test/api/v1${path.replace("{id}", encoded(id)).replace(CATCH_ALL, `/${encoded(id)}/x`)}`;
            const hasBody = body !== undefined && method !== "GET" && method !== "HEAD";
            const headers: Record<string, string> = hasBody ? { "content-type": "application/json" } : {};
            if (who !== "none") headers.authorization = `Bearer ${who === "write" ? write : read}`;
            if (!handler) {
              // Only the catch-all leaves a method (OPTIONS) to Next.
              expect([path, method]).toEqual([CATCH_ALL, "OPTIONS"]);
              return;
            }
            const before = last ?? (await snapshot());
            const response = await handler(
              new Request(url, { method, headers, body: hasBody ? JSON.stringify(body) : undefined }),
              { params: Promise.resolve(params) },
            );
            const text = await response.text();
            last = await snapshot();
            const where = `${method} ${url.slice(0, 200)} as ${who}: ${response.status} ${text.slice(0, 200)}`;
            expect(response.status, where).toBeLessThan(500);
            seen.add(`${response.status}`);
            if (method === "OPTIONS") {
              expect(response.status, where).toBe(204);
              expect(response.headers.get("allow")).toBe(allowHeader(declared));
              return;
            }
            if (path !== CATCH_ALL && !declared.includes(method === "HEAD" ? "GET" : method)) {
              expect(response.status, where).toBe(405);
              expect(response.headers.get("allow")).toBe(allowHeader(declared));
            }
            if (response.status >= 400) {
              expect((JSON.parse(text) as { error: { code: string } }).error.code, where).toEqual(expect.any(String));
              expect(last, where).toEqual(before);
            }
            if (path === CATCH_ALL) expect(response.status, where).toBe(404);
            // A path naming one row never finds another organisation's (nor a made-up one).
            if (path.includes("{id}")) expect(response.status, where).toBeGreaterThanOrEqual(400);
          },
        ),
        runs(150),
      );
      expect(await snapshot(orgB)).toEqual(theirsBefore);
      expect([...seen]).toEqual(expect.arrayContaining(["200", "401", "403", "404", "405"]));
    },
    120_000 * scale,
  );
});
