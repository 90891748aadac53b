import { describe, expect, test } from "vitest";
import { counted, possessive } from "@/lib/plural";

describe("counted", () => {
  test.each<[number, string, string]>([
    [0, "row", "0 rows"],
    [1, "row", "1 row"],
    [2, "row", "2 rows"],
    [1, "KPI", "1 KPI"],
    [5, "KPI", "5 KPIs"],
    [1, "day", "1 day"],
    [50_000, "value", "50,000 values"],
  ])("%d %s → %s", (n, noun, text) => {
    expect(counted(n, noun)).toBe(text);
  });
});

describe("possessive", () => {
  test.each<[string, string]>([
    ["Acme", "Acme’s"],
    ["Acme Industries", "Acme Industries’"],
    ["Production", "Production’s"],
  ])("%s → %s", (name, text) => {
    expect(possessive(name)).toBe(text);
  });
});
