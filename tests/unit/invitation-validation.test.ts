import { describe, expect, test } from "vitest";
import { formValues } from "@/lib/actions/state";
import { acceptSignUpSchema, invitationIdSchema, inviteSchema, MAX_INVITES } from "@/lib/validations/invitation";
import { createActionSchema, createControlSchema, createReviewSchema } from "@/lib/validations/review";

const teamId = "3f1c2f0e-8a7b-4c1d-9e2f-0a1b2c3d4e5f";
const streamId = "7d9e8f70-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const kpi1 = "11111111-2222-4333-8444-555555555555";
const kpi2 = "66666666-7777-4888-9999-aaaaaaaaaaaa";

/** The messages of a failed parse, by the first element of their path ("" for the root). */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const out: Record<string, string[]> = {};
  for (const i of result.error?.issues ?? []) (out[String(i.path[0] ?? "")] ??= []).push(i.message);
  return out;
}

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return formValues(data);
}

describe("inviteSchema", () => {
  const parse = (emails: unknown, extra: Record<string, unknown> = {}) =>
    inviteSchema.safeParse({ emails, role: "member", ...extra });

  test("splits on commas, semicolons, spaces and new lines; lowercases; drops duplicates in order", () => {
    const result = parse(
      " Ada@Example.com, bob@example.com;carol@example.com\n\n  dave@example.com\tADA@example.com\r\nbob@example.com ,, ",
    );
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      emails: ["ada@example.com", "bob@example.com", "carol@example.com", "dave@example.com"],
      role: "member",
      teamIds: [],
    });
  });

  test("names the invalid addresses (the first five)", () => {
    const result = parse(
      "ok@example.com, not-an-email, @example.com, a@b, fine@example.org, six@, seven, eight@@example.com",
    );
    expect(result.success).toBe(false);
    const messages = issues(result).emails!;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toBe("Not valid email addresses: not-an-email, @example.com, a@b, six@, seven.");
    expect(messages[0]).not.toContain("ok@example.com");
    expect(messages[0]).not.toContain("fine@example.org");
    expect(messages[0]).not.toContain("eight"); // the sixth invalid one is left out
  });

  test.each([
    ["", "Enter at least one email address."],
    [" ,\n ; ", "Enter at least one email address."],
    [undefined, "Enter at least one email address."],
  ])("%j is refused: %s", (emails, message) => {
    expect(issues(parse(emails)).emails).toEqual([message]);
  });

  test(`takes at most ${MAX_INVITES} distinct addresses at once`, () => {
    expect(MAX_INVITES).toBe(50);
    const list = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@example.com`);
    expect(parse(list(50).join(",")).data?.emails).toHaveLength(50);
    expect(issues(parse(list(51).join(","))).emails).toEqual([`Invite at most ${MAX_INVITES} people at once.`]);
    // Duplicates don't count towards the limit.
    expect(parse([...list(50), ...list(50).map((e) => e.toUpperCase())].join("\n")).data?.emails).toHaveLength(50);
  });

  test("the role must be one of the five", () => {
    for (const role of ["owner", "admin", "process_owner", "member", "viewer"])
      expect(parse("a@example.com", { role }).success).toBe(true);
    expect(issues(parse("a@example.com", { role: "superuser" })).role).toEqual(["Choose a role."]);
    expect(issues(inviteSchema.safeParse({ emails: "a@example.com" })).role).toEqual(["Choose a role."]);
  });

  test("teams come from `teamIds[]` checkboxes, as ids; none checked is an empty list", () => {
    const checked = inviteSchema.parse(
      form([
        ["emails", "a@example.com"],
        ["role", "viewer"],
        ["teamIds[]", ""],
        ["teamIds[]", teamId],
      ]),
    );
    expect(checked.teamIds).toEqual([teamId]);
    const none = inviteSchema.parse(
      form([
        ["emails", "a@example.com"],
        ["role", "viewer"],
        ["teamIds[]", ""],
      ]),
    );
    expect(none.teamIds).toEqual([]);
    expect(issues(parse("a@example.com", { teamIds: ["not-a-uuid"] })).teamIds).toEqual(["That id is not valid."]);
  });

  test("the invitation id is a uuid", () => {
    expect(invitationIdSchema.safeParse({ invitationId: teamId }).success).toBe(true);
    expect(invitationIdSchema.safeParse({ invitationId: "1" }).success).toBe(false);
  });
});

describe("acceptSignUpSchema", () => {
  const base = { token: `inv_${"a".repeat(43)}`, name: " Ada ", password: "correct-horse" };
  test("trims the name; checks token length and the password rules", () => {
    expect(acceptSignUpSchema.parse(base)).toEqual({ ...base, name: "Ada" });
    expect(issues(acceptSignUpSchema.safeParse({ ...base, name: "  " })).name).toEqual(["Enter your name."]);
    expect(issues(acceptSignUpSchema.safeParse({ ...base, password: "short" })).password).toHaveLength(1);
    expect(acceptSignUpSchema.safeParse({ ...base, token: "short" }).success).toBe(false);
    expect(acceptSignUpSchema.safeParse({ ...base, token: "x".repeat(201) }).success).toBe(false);
  });
});

describe("createReviewSchema", () => {
  const fields = { streamId, periodStart: "2026-01-01", periodEnd: "2026-01-31", status: "on_track" };
  /** The messages, by field, refusing `fields` with `change`. */
  const refused = (change: Record<string, unknown>) => issues(createReviewSchema.safeParse({ ...fields, ...change }));

  test("gathers the `comment:<kpiId>` fields of the form into comments, trimmed", () => {
    const values = form([
      ["streamId", streamId],
      ["periodStart", "2026-01-01"],
      ["periodEnd", "2026-01-31"],
      ["status", "at_risk"],
      ["summary", "  Slow month "],
      [`comment:${kpi1}`, "  Supplier late  "],
      [`comment:${kpi2}`, ""], // blank: dropped by formValues
    ]);
    expect(createReviewSchema.parse(values)).toEqual({
      ...fields,
      status: "at_risk",
      summary: "Slow month",
      decisions: "",
      comments: { [kpi1]: "Supplier late" },
    });
  });

  test("no comment fields: an empty record; summary and decisions default to blank", () => {
    expect(createReviewSchema.parse(fields)).toEqual({ ...fields, summary: "", decisions: "", comments: {} });
  });

  test("a comment keyed by something other than an id, or too long, is refused", () => {
    expect(refused({ "comment:not-an-id": "x" }).comments).toBeDefined();
    expect(refused({ [`comment:${kpi1}`]: "x".repeat(2001) }).comments).toEqual([
      "Keep each comment under 2,000 characters.",
    ]);
    expect(createReviewSchema.safeParse({ ...fields, [`comment:${kpi1}`]: "x".repeat(2000) }).success).toBe(true);
  });

  test("a caller cannot pass comments directly past the gathering", () => {
    // Only `comment:` fields count: a `comments` field is replaced.
    expect(createReviewSchema.parse({ ...fields, comments: { [kpi1]: "smuggled" } }).comments).toEqual({});
  });

  test("status, dates and the period's order are checked", () => {
    expect(refused({ status: "fine" }).status).toEqual(["Choose the overall status."]);
    expect(refused({ periodEnd: "2025-12-31" }).periodEnd).toEqual(["The period must end on or after its start."]);
    expect(createReviewSchema.safeParse({ ...fields, periodEnd: "2026-01-01" }).success).toBe(true);
    expect(createReviewSchema.safeParse({ ...fields, periodStart: "2026-02-30" }).success).toBe(false);
    expect(refused({ summary: "x".repeat(5001) }).summary).toEqual(["Keep it under 5000 characters."]);
    expect(createReviewSchema.safeParse({ ...fields, streamId: "nope" }).success).toBe(false);
  });
});

describe("createActionSchema", () => {
  const base = { title: "Shorten changeover", ownerId: "user-1", dueDate: "2026-03-31" };
  const refused = (change: Record<string, unknown>) => issues(createActionSchema.safeParse({ ...base, ...change }));

  test.each([
    ["10", 0.1],
    ["+25", 0.25],
    ["-5", -0.05],
    ["0", 0],
    ["100", 1],
    ["-100", -1],
    ["12.5", 0.125],
    [20, 0.2],
  ] as const)("an expected effect of %j points is a share of %d", (points, share) => {
    expect(createActionSchema.parse({ ...base, expectedEffect: points }).expectedEffect).toBeCloseTo(share, 12);
  });

  test("blank expected effect, KPI, stream and review are absent", () => {
    expect(createActionSchema.parse({ ...base, expectedEffect: "  ", kpiId: "", streamId: "", reviewId: " " })).toEqual(
      base,
    );
  });

  test("refuses effects beyond ±100 points, or not numbers", () => {
    expect(refused({ expectedEffect: "101" }).expectedEffect).toEqual(["Between −100 and +100 points."]);
    expect(refused({ expectedEffect: "-100.5" }).expectedEffect).toEqual(["Between −100 and +100 points."]);
    expect(createActionSchema.safeParse({ ...base, expectedEffect: "ten" }).success).toBe(false);
  });

  test("needs a title, an owner and a valid due date; ids must be uuids", () => {
    expect(refused({ title: "   " }).title).toEqual(["Say what will be done."]);
    expect(refused({ title: "x".repeat(201) }).title).toEqual(["Keep it under 200 characters."]);
    expect(createActionSchema.safeParse({ ...base, ownerId: "" }).success).toBe(false);
    expect(createActionSchema.safeParse({ ...base, dueDate: "31/03/2026" }).success).toBe(false);
    expect(createActionSchema.safeParse({ ...base, kpiId: "KPI-1" }).success).toBe(false);
    expect(createActionSchema.parse({ ...base, kpiId: kpi1 }).kpiId).toBe(kpi1);
  });
});

describe("createControlSchema", () => {
  const base = { streamId, requirement: "ISO 9001", kind: "certification", intervalDays: "90" };
  const refused = (change: Record<string, unknown>) => issues(createControlSchema.safeParse({ ...base, ...change }));

  test.each([
    ["1", true],
    ["3660", true],
    ["0", false],
    ["-1", false],
    ["3661", false],
    ["1.5", false],
    ["", false],
    ["ninety", false],
  ])("an interval of %j days valid: %s", (intervalDays, ok) => {
    expect(createControlSchema.safeParse({ ...base, intervalDays }).success).toBe(ok);
  });

  test("names the bound that was broken", () => {
    expect(refused({ intervalDays: "0" }).intervalDays).toEqual(["At least 1 day."]);
    expect(refused({ intervalDays: "3661" }).intervalDays).toEqual(["At most 10 years."]);
    expect(refused({ intervalDays: "2.5" }).intervalDays).toEqual(["Whole days."]);
  });

  test("coerces the interval; blank owner and last-verified date are absent", () => {
    expect(createControlSchema.parse({ ...base, ownerId: "", lastVerified: "" })).toEqual({
      ...base,
      intervalDays: 90,
    });
    expect(createControlSchema.parse({ ...base, lastVerified: "2026-01-31" }).lastVerified).toBe("2026-01-31");
  });

  test("requirement 1..500 characters, trimmed; kind one of the four", () => {
    expect(refused({ requirement: "  " }).requirement).toEqual(["Describe the requirement."]);
    expect(createControlSchema.safeParse({ ...base, requirement: "x".repeat(500) }).success).toBe(true);
    expect(refused({ requirement: "x".repeat(501) }).requirement).toEqual(["Keep it under 500 characters."]);
    expect(createControlSchema.parse({ ...base, requirement: "  GDPR  " }).requirement).toBe("GDPR");
    for (const kind of ["standard", "regulation", "certification", "internal_rule"])
      expect(createControlSchema.safeParse({ ...base, kind }).success).toBe(true);
    expect(refused({ kind: "law" }).kind).toEqual(["Choose a kind."]);
    expect(createControlSchema.safeParse({ ...base, lastVerified: "2026-13-01" }).success).toBe(false);
  });
});
