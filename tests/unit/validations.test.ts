import { describe, expect, test } from "vitest";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";
import { signInSchema, signUpSchema, emailSchema, passwordSchema } from "@/lib/validations/auth";
import { createOrgSchema, renameOrgSchema, scoringSettingsSchema, slugSchema } from "@/lib/validations/organisation";
import {
  changeRoleSchema,
  createTeamSchema,
  idSchema,
  renameTeamSchema,
  teamMemberSchema,
} from "@/lib/validations/team";

const signUp = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  password: "correct-horse",
  organisation: "Analytical",
};

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
}

describe("password rules", () => {
  test("are 8..128 characters", () => {
    expect([PASSWORD_MIN, PASSWORD_MAX]).toEqual([8, 128]);
  });

  test.each([
    [0, false],
    [1, false],
    [7, false],
    [8, true],
    [9, true],
    [127, true],
    [128, true],
    [129, false],
    [1000, false],
  ])("sign-up password of %i characters: valid = %s", (length, valid) => {
    const result = signUpSchema.safeParse({ ...signUp, password: "p".repeat(length) });
    expect(result.success).toBe(valid);
    if (!valid) expect(Object.keys(fieldErrors(result))).toEqual(["password"]);
  });

  test("messages name the limit", () => {
    expect(passwordSchema.safeParse("short").error?.issues[0]?.message).toBe("Use at least 8 characters.");
    expect(passwordSchema.safeParse("p".repeat(129)).error?.issues[0]?.message).toBe("Use at most 128 characters.");
  });

  test("a password is not trimmed", () => {
    expect(signUpSchema.parse({ ...signUp, password: "  spaced  " }).password).toBe("  spaced  ");
  });

  test.each([
    ["", false],
    ["x", true],
    ["p".repeat(128), true],
    ["p".repeat(129), false],
  ])("sign-in password %j: valid = %s (no strength rules at sign-in)", (password, valid) => {
    expect(signInSchema.safeParse({ email: "a@b.example", password }).success).toBe(valid);
  });
});

describe("email", () => {
  test.each([
    ["Ada@Example.COM", "ada@example.com"],
    ["  ada@example.com  ", "ada@example.com"],
    ["\tADA.LOVELACE+flowline@Example.Org\n", "ada.lovelace+flowline@example.org"],
  ])("%j is normalised to %j", (input, output) => {
    expect(emailSchema.parse(input)).toBe(output);
    expect(signUpSchema.parse({ ...signUp, email: input }).email).toBe(output);
    expect(signInSchema.parse({ email: input, password: "x" }).email).toBe(output);
  });

  test.each([
    [""],
    ["ada"],
    ["ada@"],
    ["@example.com"],
    ["ada@example"],
    ["a b@example.com"],
    [`${"a".repeat(250)}@example.com`],
  ])("%j is refused", (input) => {
    expect(emailSchema.safeParse(input).success).toBe(false);
  });

  test("a missing email says what to do", () => {
    expect(fieldErrors(signUpSchema.safeParse({ ...signUp, email: undefined })).email).toBe(
      "Enter your email address.",
    );
  });
});

describe("sign-up", () => {
  test("trims name and organisation", () => {
    expect(signUpSchema.parse({ ...signUp, name: "  Ada  ", organisation: "  Acme  " })).toMatchObject({
      name: "Ada",
      organisation: "Acme",
    });
  });

  test.each([
    ["name", "", false],
    ["name", "   ", false],
    ["name", "A", true],
    ["name", "n".repeat(100), true],
    ["name", "n".repeat(101), false],
    ["organisation", "A", false],
    ["organisation", " A ", false],
    ["organisation", "AB", true],
    ["organisation", "o".repeat(80), true],
    ["organisation", "o".repeat(81), false],
  ])("%s = %j: valid = %s", (field, value, valid) => {
    const result = signUpSchema.safeParse({ ...signUp, [field]: value });
    expect(result.success).toBe(valid);
    if (!valid) expect(Object.keys(fieldErrors(result))).toEqual([field]);
  });
});

describe("organisation", () => {
  test.each([
    ["acme", "acme", true],
    ["Acme-Co", "acme-co", true],
    ["  acme-2  ", "acme-2", true],
    ["ab", "ab", true],
    ["a", undefined, false],
    ["a--b", undefined, false],
    ["-acme", undefined, false],
    ["acme-", undefined, false],
    ["acme_co", undefined, false],
    ["acme co", undefined, false],
    ["a".repeat(48), "a".repeat(48), true],
    ["a".repeat(49), undefined, false],
  ])("slug %j → %j (valid = %s)", (input, output, valid) => {
    const result = slugSchema.safeParse(input);
    expect(result.success).toBe(valid);
    if (valid) expect(result.data).toBe(output);
  });

  test("rename needs a name and a valid slug", () => {
    expect(renameOrgSchema.parse({ name: " Acme ", slug: "ACME" })).toEqual({ name: "Acme", slug: "acme" });
    expect(Object.keys(fieldErrors(renameOrgSchema.safeParse({ name: "A", slug: "a b" })))).toEqual(["name", "slug"]);
    expect(createOrgSchema.safeParse({ name: "o".repeat(81) }).success).toBe(false);
  });
});

describe("scoring settings", () => {
  const defaults = { outcomeWeight: 0.7, onTrackThreshold: 0.7, atRiskThreshold: 0.4, quadrantThreshold: 0.5 };

  test("accepts the defaults and coerces form strings to numbers", () => {
    expect(scoringSettingsSchema.parse(defaults)).toEqual({
      ...defaults,
      paceOnTrackTolerance: 0.05,
      paceAtRiskTolerance: 0.15,
    });
    expect(
      scoringSettingsSchema.parse({
        outcomeWeight: "0.6",
        onTrackThreshold: "0.8",
        atRiskThreshold: "0.5",
        quadrantThreshold: "1",
      }),
    ).toEqual({
      outcomeWeight: 0.6,
      onTrackThreshold: 0.8,
      atRiskThreshold: 0.5,
      quadrantThreshold: 1,
      paceOnTrackTolerance: 0.05,
      paceAtRiskTolerance: 0.15,
    });
  });

  test.each([
    [0.39, 0.4, true],
    [0, 1, true],
    [0.4, 0.4, false],
    [0.5, 0.4, false],
    [1, 0, false],
  ])("at-risk %s below on-track %s: valid = %s", (atRiskThreshold, onTrackThreshold, valid) => {
    const result = scoringSettingsSchema.safeParse({ ...defaults, atRiskThreshold, onTrackThreshold });
    expect(result.success).toBe(valid);
    if (!valid) {
      expect(fieldErrors(result)).toEqual({
        atRiskThreshold: "The at-risk threshold must be below the on-track threshold.",
      });
    }
  });

  test.each([
    ["outcomeWeight", -0.01],
    ["outcomeWeight", 1.01],
    ["quadrantThreshold", 2],
    ["outcomeWeight", "abc"],
    ["quadrantThreshold", "NaN"],
  ])("%s = %j is refused", (field, value) => {
    const result = scoringSettingsSchema.safeParse({ ...defaults, [field]: value });
    expect(result.success).toBe(false);
    expect(Object.keys(fieldErrors(result))).toContain(field);
  });
});

describe("teams and members", () => {
  const id = "6f1c1b1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f";

  test.each([
    ["Production", true],
    ["  Production  ", true],
    ["", false],
    ["   ", false],
    ["t".repeat(60), true],
    ["t".repeat(61), false],
  ])("team name %j: valid = %s", (name, valid) => {
    expect(createTeamSchema.safeParse({ name }).success).toBe(valid);
  });

  test("team ids must be uuids", () => {
    expect(idSchema.safeParse(id).success).toBe(true);
    expect(idSchema.safeParse("1; drop table teams").success).toBe(false);
    expect(renameTeamSchema.safeParse({ teamId: "nope", name: "X" }).success).toBe(false);
    expect(teamMemberSchema.safeParse({ teamId: id, userId: "" }).success).toBe(false);
  });

  test.each([["owner"], ["admin"], ["process_owner"], ["member"], ["viewer"]])("role %s is accepted", (role) => {
    expect(changeRoleSchema.safeParse({ userId: "u1", role }).success).toBe(true);
  });

  test.each([["superuser"], ["Owner"], [""]])("role %j is refused", (role) => {
    expect(fieldErrors(changeRoleSchema.safeParse({ userId: "u1", role })).role).toBe("Choose a role.");
  });
});
