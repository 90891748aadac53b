import { describe, expect, test } from "vitest";
import { echoable, formValues, nulFields } from "@/lib/actions/state";

function form(entries: [string, string | Blob][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe("formValues", () => {
  test.each<[string, [string, string | Blob][], Record<string, string>]>([
    [
      "keeps filled string fields",
      [
        ["name", "Ops"],
        ["org", "acme"],
      ],
      { name: "Ops", org: "acme" },
    ],
    ["keeps whitespace-only fields (the schemas trim them)", [["name", "  "]], { name: "  " }],
    [
      "drops React's $ACTION_ fields",
      [
        ["$ACTION_ID_abc123", ""],
        ["$ACTION_REF_1", "x"],
        ["$ACTION_1:0", "{}"],
        ["name", "Ops"],
      ],
      { name: "Ops" },
    ],
    [
      "drops files",
      [
        ["upload", new Blob(["a,b"])],
        ["name", "Ops"],
      ],
      { name: "Ops" },
    ],
    [
      "a repeated field keeps its last value",
      [
        ["role", "member"],
        ["role", "admin"],
      ],
      { role: "admin" },
    ],
  ])("%s", (_name, entries, expected) => {
    expect(formValues(form(entries))).toEqual(expected);
  });

  test("drops empty fields, so optional checks see them as absent", () => {
    const values = formValues(
      form([
        ["name", "Ops"],
        ["description", ""],
      ]),
    );
    expect(values).toEqual({ name: "Ops" });
    expect("description" in values).toBe(false);
  });

  test("keeps passwords (the action needs them); echoable removes them", () => {
    expect(formValues(form([["password", "secret-123"]]))).toEqual({ password: "secret-123" });
  });
});

describe("echoable", () => {
  test.each([
    ["password"],
    ["currentPassword"],
    ["newPassword"],
    ["confirmPassword"],
    ["PASSWORD"],
    ["password_confirmation"],
  ])("never echoes %s", (key) => {
    expect(echoable({ [key]: "secret-123", email: "a@b.example" })).toEqual({ email: "a@b.example" });
  });

  test("keeps every other field", () => {
    const values = { name: "Ada", email: "ada@example.com", organisation: "Acme", org: "acme" };
    expect(echoable(values)).toEqual(values);
  });

  test("does not change its input", () => {
    const values = { password: "x", name: "Ada" };
    echoable(values);
    expect(values).toEqual({ password: "x", name: "Ada" });
  });
});

describe("nulFields", () => {
  test.each([
    [{ name: "fine", note: "also fine" }, null],
    [{ name: "bad\u0000name", note: "fine" }, ["name"]],
    [{ teamIds: ["a", "b\u0000"], note: "x\u0000" }, ["teamIds", "note"]],
  ])("%j → fields %j", (values, fields) => {
    const state = nulFields(values);
    if (fields === null) expect(state).toBeNull();
    else {
      expect(state?.ok).toBe(false);
      expect(Object.keys(state?.fieldErrors ?? {})).toEqual(fields);
    }
  });
});
