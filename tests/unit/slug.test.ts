import { describe, expect, test } from "vitest";
import { slugify, withSuffix } from "@/lib/data/slug";
import { slugSchema } from "@/lib/validations/organisation";

describe("slugify", () => {
  test.each([
    ["Acme Industries", "acme-industries"],
    ["  Acme   Industries  ", "acme-industries"],
    ["ACME", "acme"],
    ["Café Crème", "cafe-creme"],
    ["Ünïcödé GmbH", "unicode-gmbh"],
    ["--Hello__World--", "hello-world"],
    ["R&D / Ops", "r-d-ops"],
    ["Team 42", "team-42"],
    ["A", "org-a"],
    ["7", "org-7"],
    ["", "org"],
    ["!!!", "org"],
    ["日本", "org"],
    ["a".repeat(39) + " b", "a".repeat(39)],
    ["x".repeat(100), "x".repeat(40)],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  test.each([["Acme Industries"], ["A"], [""], ["日本"], ["a".repeat(39) + " b"], ["  -- Ω Ψ -- "], ["x".repeat(100)]])(
    "slugify(%j) is a valid organisation address",
    (name) => {
      const slug = slugify(name);
      expect(slug.length).toBeGreaterThanOrEqual(2);
      expect(slug.length).toBeLessThanOrEqual(40);
      expect(slugSchema.safeParse(slug).success).toBe(true);
    },
  );
});

describe("withSuffix", () => {
  test("adds six random hex characters", () => {
    const a = withSuffix("acme");
    expect(a).toMatch(/^acme-[0-9a-f]{6}$/);
    expect(slugSchema.safeParse(a).success).toBe(true);
    const many = new Set(Array.from({ length: 50 }, () => withSuffix("acme")));
    expect(many.size).toBeGreaterThan(45);
  });
});
