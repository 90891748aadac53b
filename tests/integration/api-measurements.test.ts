import { beforeAll, describe, expect, test } from "vitest";
import { POST as writeRoute } from "@/app/api/v1/measurements/route";
import { MAX_BULK_MEASUREMENTS } from "@/lib/validations/api";
import { apiError, apiToken, call } from "../helpers/api";
import {
  auditEntries,
  createTenants,
  createTestKpi,
  createTestStream,
  measurementCount,
  measurementRows,
  token,
  type OrgFixture,
} from "../helpers/fixtures";

// One pair of organisations for the file: each test uses its own KPIs and compares counts before and after.
let orgA: OrgFixture;
let orgB: OrgFixture;
let owner: { secret: string; id: string };
let member: string;

beforeAll(async () => {
  ({ orgA, orgB } = await createTenants());
  owner = await apiToken(orgA.ctx.owner, "write");
  member = (await apiToken(orgA.ctx.member, "write")).secret;
});

async function kpis(cadence: "week" | "month" = "week", teamId = orgA.teams.production.id) {
  const stream = await createTestStream(orgA.ctx.owner);
  const a = await createTestKpi(orgA.ctx.owner, stream.id, { cadence, teamId });
  const b = await createTestKpi(orgA.ctx.owner, stream.id, { cadence, teamId: orgA.teams.delivery.id });
  return { a, b };
}

const post = (body: unknown, headers: Record<string, string> = {}, secret = owner.secret) =>
  call<{ count: number; inserted: number; replaced: number; kpis: number }>(writeRoute, {
    token: secret,
    path: "/measurements",
    body,
    headers,
  });

describe("POST /measurements", () => {
  test("writes every item under its KPI's period (by id or key); a second write replaces", async () => {
    const { a, b } = await kpis();
    const first = await post({
      measurements: [
        { kpiId: a.id, date: "2026-03-04", value: 12.5, note: "from the line" },
        { kpiId: a.key.toLowerCase(), date: "2026-03-11", value: 13 },
        { kpiId: b.key, date: "2026-03-08", value: -1e15 },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ count: 3, inserted: 3, replaced: 0, kpis: 2 });
    expect((await measurementRows(orgA.org.id, a.id)).map((m) => [m.period, m.value, m.note, m.recordedBy])).toEqual([
      ["2026-03-02", 12.5, "from the line", orgA.users.owner.id],
      ["2026-03-09", 13, null, orgA.users.owner.id],
    ]);
    const again = await post({ measurements: [{ kpiId: a.id, date: "2026-03-06", value: 14 }] });
    expect(again.body).toEqual({ count: 1, inserted: 0, replaced: 1, kpis: 1 });
    expect((await measurementRows(orgA.org.id, a.id))[0]).toMatchObject({
      period: "2026-03-02",
      value: 14,
      note: null,
    });
    const entries = (await auditEntries(orgA.org.id, "measurements.ingested")).filter(
      (e) => e.actorTokenId === owner.id,
    );
    expect(entries.at(-1)).toMatchObject({
      actorUserId: orgA.users.owner.id,
      data: { count: 1, inserted: 0, replaced: 1, kpis: 1, idempotencyKey: null },
    });
  });

  test("all or nothing: every bad item is listed by index and field, and nothing is written", async () => {
    const { a } = await kpis("month");
    const theirStream = await createTestStream(orgB.ctx.owner);
    // A key orgA does not have: orgB's KPI must not be found by it.
    const theirs = await createTestKpi(orgB.ctx.owner, theirStream.id, {
      key: `ZB${token(2)
        .toUpperCase()
        .replace(/[^A-Z]/g, "Q")}-1`,
    });
    const before = [await measurementCount(orgA.org.id), await measurementCount(orgB.org.id)];
    const answer = await post({
      measurements: [
        { kpiId: a.id, date: "2026-03-04", value: 1 },
        { kpiId: theirs.id, date: "2026-03-04", value: 1 },
        { kpiId: theirs.key, date: "2026-03-04", value: 1 },
        { kpiId: a.id, date: "2026-03-31", value: 2 },
        { kpiId: a.id, date: "2026-02-30", value: 1 },
        { kpiId: a.id, date: "2026-04-01", value: "3" },
        { kpiId: a.id, date: "2026-05-01", value: 1e300 * 1e300 },
        { kpiId: a.id, date: "2026-06-01", value: 1, extra: true },
      ],
    });
    expect(answer.status).toBe(422);
    const error = apiError(answer);
    expect(error.code).toBe("validation");
    // Shape problems first (schema): the dates, types and unknown fields.
    expect(error.details?.map((d) => d.path)).toEqual([
      "measurements.4.date",
      "measurements.5.value",
      "measurements.6.value",
      "measurements.7.extra",
    ]);
    // Once the shapes are right, the KPIs and periods are checked: every problem at once.
    const second = await post({
      measurements: [
        { kpiId: a.id, date: "2026-03-04", value: 1 },
        { kpiId: theirs.id, date: "2026-03-04", value: 1 },
        { kpiId: theirs.key, date: "2026-03-04", value: 1 },
        { kpiId: a.id, date: "2026-03-31", value: 2 },
      ],
    });
    expect(second.status).toBe(422);
    expect(apiError(second).details).toEqual([
      { path: "measurements.1.kpiId", index: 1, field: "kpiId", message: expect.stringMatching(/No KPI/) },
      { path: "measurements.2.kpiId", index: 2, field: "kpiId", message: expect.stringMatching(/No KPI/) },
      {
        path: "measurements.3.date",
        index: 3,
        field: "date",
        message: expect.stringMatching(/already has a value for the period starting 2026-03-01 in item 0/),
      },
    ]);
    expect([await measurementCount(orgA.org.id), await measurementCount(orgB.org.id)]).toEqual(before);
  });

  test("a member's token writes only for the member's teams' KPIs", async () => {
    const { a, b } = await kpis();
    expect((await post({ measurements: [{ kpiId: a.id, date: "2026-03-04", value: 1 }] }, {}, member)).status).toBe(
      200,
    );
    const refused = await post(
      {
        measurements: [
          { kpiId: a.id, date: "2026-03-11", value: 1 },
          { kpiId: b.id, date: "2026-03-11", value: 1 },
        ],
      },
      {},
      member,
    );
    expect(refused.status).toBe(422);
    expect(apiError(refused).details).toEqual([
      expect.objectContaining({ index: 1, field: "kpiId", message: expect.stringMatching(/can't record values for/) }),
    ]);
    expect(await measurementRows(orgA.org.id, b.id)).toEqual([]);
  });

  test(`up to ${MAX_BULK_MEASUREMENTS.toLocaleString("en")} items in one request; one more is refused`, async () => {
    const stream = await createTestStream(orgA.ctx.owner);
    const many = await Promise.all(
      Array.from({ length: 4 }, () => createTestKpi(orgA.ctx.owner, stream.id, { cadence: "week" })),
    );
    const start = Date.UTC(1980, 0, 7);
    const items = Array.from({ length: MAX_BULK_MEASUREMENTS }, (_, i) => ({
      kpiId: many[i % 4]!.key,
      date: new Date(start + Math.floor(i / 4) * 7 * 86_400_000).toISOString().slice(0, 10),
      value: i,
    }));
    const before = await measurementCount(orgA.org.id);
    const tooMany = await post({ measurements: [...items, { kpiId: many[0]!.key, date: "2026-01-01", value: 1 }] });
    expect(tooMany.status).toBe(422);
    expect(apiError(tooMany).details?.[0]?.path).toBe("measurements");
    const answer = await post({ measurements: items });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      count: MAX_BULK_MEASUREMENTS,
      inserted: MAX_BULK_MEASUREMENTS,
      replaced: 0,
      kpis: 4,
    });
    expect(await measurementCount(orgA.org.id)).toBe(before + MAX_BULK_MEASUREMENTS);
  });

  test("malformed JSON → 400; an empty list and a body that is not an object → 422", async () => {
    const malformed = await call(writeRoute, { token: owner.secret, raw: '{"measurements": [' });
    expect(malformed.status).toBe(400);
    expect(apiError(malformed).code).toBe("malformed");
    expect((await call(writeRoute, { token: owner.secret, raw: "NaN" })).status).toBe(400);
    expect((await post({ measurements: [] })).status).toBe(422);
    expect((await post("measurements")).status).toBe(422);
    expect((await post(null)).status).toBe(422);
  });
});

describe("Idempotency-Key", () => {
  test("a replay answers the first answer and writes nothing again; another body with the key → 422", async () => {
    const { a } = await kpis();
    const key = `sync-${token(8)}`;
    const body = { measurements: [{ kpiId: a.id, date: "2026-03-04", value: 7 }] };
    const first = await post(body, { "idempotency-key": key });
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // The KPI's value changes meanwhile; a replay must not put 7 back.
    await post({ measurements: [{ kpiId: a.id, date: "2026-03-04", value: 8 }] });
    const replay = await post(
      { measurements: [{ value: 7, date: "2026-03-04", kpiId: a.id }] },
      { "idempotency-key": key },
    );
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await measurementRows(orgA.org.id, a.id)).map((m) => m.value)).toEqual([8]);
    const entries = (await auditEntries(orgA.org.id, "measurements.ingested")).filter(
      (e) => (e.data as { idempotencyKey?: string }).idempotencyKey === key,
    );
    expect(entries).toHaveLength(1);

    const other = await post(
      { measurements: [{ kpiId: a.id, date: "2026-03-04", value: 9 }] },
      { "idempotency-key": key },
    );
    expect(other.status).toBe(422);
    expect(apiError(other).details).toEqual([
      { path: "Idempotency-Key", message: expect.stringMatching(/already used/) },
    ]);
    expect((await measurementRows(orgA.org.id, a.id)).map((m) => m.value)).toEqual([8]);
  });

  test("a refused request does not use up its key", async () => {
    const { a } = await kpis();
    const key = `retry-${token(8)}`;
    expect(
      (await post({ measurements: [{ kpiId: "NOPE-1", date: "2026-03-04", value: 1 }] }, { "idempotency-key": key }))
        .status,
    ).toBe(422);
    expect(
      (await post({ measurements: [{ kpiId: a.id, date: "2026-03-04", value: 1 }] }, { "idempotency-key": key }))
        .status,
    ).toBe(200);
  });

  test("concurrent requests with one key write exactly once and all answer the same", async () => {
    const { a, b } = await kpis();
    const key = `burst-${token(8)}`;
    const body = {
      measurements: [
        { kpiId: a.id, date: "2026-03-04", value: 1 },
        { kpiId: b.id, date: "2026-03-04", value: 2 },
      ],
    };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body, { "idempotency-key": key })));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(answers.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
    const entries = (await auditEntries(orgA.org.id, "measurements.ingested")).filter(
      (e) => (e.data as { idempotencyKey?: string }).idempotencyKey === key,
    );
    expect(entries).toHaveLength(1);
  });

  test("a key is 1 to 255 visible characters", async () => {
    const { a } = await kpis();
    const body = { measurements: [{ kpiId: a.id, date: "2026-03-04", value: 1 }] };
    for (const key of ["with space", "x".repeat(256), "caf\u00e9"]) {
      const answer = await post(body, { "idempotency-key": key });
      expect(answer.status, key).toBe(422);
      expect(apiError(answer).details?.[0]?.path).toBe("headers.Idempotency-Key");
    }
    expect(await measurementRows(orgA.org.id, a.id)).toEqual([]);
  });
});
