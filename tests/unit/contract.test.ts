import { describe, expect, test } from "vitest";
import { z } from "zod";
import { clearable, contract, defaulted, optional, required } from "@/lib/validations/contract";
import { flag, measure, number, requiredText, share, text } from "@/lib/validations/fields";

/** One contract with every kind of field: each encoding is derived from these rules. */
const thing = contract({
  name: required(requiredText("Name", 10, "Name the thing.")),
  note: clearable(text("Note", 5)),
  size: required(number("Size", { min: 0, max: 100 })),
  value: optional(measure("Value")),
  pct: defaulted(share("Share"), 1, { percent: true }),
  weight: defaulted(number("Weight", { gt: 0, max: 10 }), 1),
  done: defaulted(flag("Done"), false),
});
const form = z.object(thing.form);
const json = z.strictObject(thing.json);
const patch = z.strictObject(thing.patch);

/** The message of each field that failed, by field. */
function problems(result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0] ?? ""), i.message]));
}

describe("the form encoding (FormData strings)", () => {
  test("blanks are absent, decimals are numbers, a share is entered as a percentage, an unticked box is false", () => {
    expect(
      form.parse({ name: " Bolt ", note: "  ", size: "12.5", value: "", pct: "95", weight: "", org: "acme" }),
    ).toEqual({ name: "Bolt", size: 12.5, pct: 0.95, weight: 1, done: false });
    expect(form.parse({ name: "Bolt", size: "-0", value: "+1e3", pct: "", done: "on" })).toEqual({
      name: "Bolt",
      size: -0,
      value: 1000,
      pct: 1,
      weight: 1,
      done: true,
    });
  });

  test.each([
    ["size", "", "Size is required."],
    ["size", "abc", "Size must be a number."],
    ["size", "0x10", "Size must be a number."],
    ["size", "Infinity", "Size must be a number."],
    ["size", "1,5", "Size must be a number."],
    ["size", "1e400", "Size must be a finite number."],
    ["size", "101", "Size must be at most 100."],
    ["size", "-1", "Size must be at least 0."],
    ["value", "2e15", "Value is too large."],
    ["pct", "101", "Enter a percentage from 0 to 100."],
    ["pct", "-5", "Enter a percentage from 0 to 100."],
    ["weight", "0", "Weight must be above 0."],
    ["name", "   ", "Name the thing."],
    ["name", "x".repeat(11), "Keep it under 10 characters."],
    ["note", "x\u0000", "Note can't contain the NUL character (\\u0000)."],
  ])("%s = %j is refused: %s", (field, value, message) => {
    expect(problems(form.safeParse({ name: "Bolt", size: "1", [field]: value }))).toEqual({ [field]: message });
  });
});

describe("the JSON encoding (strict, no coercion, null clears)", () => {
  test("numbers are JSON numbers, null clears a clearable field, defaults fill what is left out", () => {
    expect(json.parse({ name: "Bolt", note: null, size: 3 })).toEqual({
      name: "Bolt",
      note: null,
      size: 3,
      pct: 1,
      weight: 1,
      done: false,
    });
    expect(json.parse({ name: "Bolt", size: 3, pct: 0.5, done: true })).toEqual({
      name: "Bolt",
      size: 3,
      pct: 0.5,
      weight: 1,
      done: true,
    });
    expect(json.parse({ name: "Bolt", size: 3, done: false }).done).toBe(false);
  });

  test.each<[string, unknown, string]>([
    ["size", "3", "Size must be a number."],
    ["size", null, "Size must be a number."],
    ["value", null, "Value must be a number."],
    ["pct", 95, "Share must be at most 1."],
    ["done", "on", "Done must be true or false."],
    ["name", 7, "Name must be a string."],
    ["name", "", "Name the thing."],
    ["note", "x".repeat(6), "Keep it under 5 characters."],
  ])("%s = %j is refused: %s", (field, value, message) => {
    expect(problems(json.safeParse({ name: "Bolt", size: 3, [field]: value }))).toEqual({ [field]: message });
  });

  test("a missing field says so in the form's words; an unknown field is refused", () => {
    expect(problems(json.safeParse({ size: 3 }))).toEqual({ name: "Name the thing." });
    expect(problems(json.safeParse({ name: "Bolt" }))).toEqual({ size: "Size is required." });
    expect(json.safeParse({ name: "Bolt", size: 3, colour: "red" }).success).toBe(false);
  });

  test("a patch may leave out every field and gets no defaults; null still clears only clearable fields", () => {
    expect(patch.parse({})).toEqual({});
    expect(patch.parse({ note: null, weight: 2 })).toEqual({ note: null, weight: 2 });
    expect(problems(patch.safeParse({ name: null }))).toEqual({ name: "Name must be a string." });
    expect(problems(patch.safeParse({ weight: 0 }))).toEqual({ weight: "Weight must be above 0." });
  });
});
