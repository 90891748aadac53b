import { describe, expect, test } from "vitest";
import { safeRedirect } from "@/lib/auth/safe-redirect";

describe("safeRedirect", () => {
  test.each([
    ["/"],
    ["/o/acme"],
    ["/o/acme/teams?tab=members#top"],
    ["/account"],
    ["/search?q=a%2F%2Fb"],
    ["/o/acme/kpis/MKT-3"],
    ["/" + "a".repeat(2047)],
  ])("keeps the same-app path %s", (target) => {
    expect(safeRedirect(target)).toBe(target);
  });

  test.each([
    ["absolute http URL", "http://evil.example/"],
    ["absolute https URL", "https://evil.example/o/acme"],
    ["scheme without slashes", "http:evil.example"],
    ["javascript: URL", "javascript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/o/acme"],
    ["slash-backslash", "/\\evil.example"],
    ["backslash later in the path", "/o/\\\\evil.example"],
    ["bare host", "evil.example"],
    ["relative path", "o/acme"],
    ["dot-relative path", "./o/acme"],
    ["empty string", ""],
    ["tab after slash", "/\t/evil.example"],
    ["newline after slash", "/\n/evil.example"],
    ["carriage return", "/o/acme\r\nSet-Cookie: x=1"],
    ["NUL", "/o/acme\u0000"],
    ["unit separator", "/\u001f/evil.example"],
    ["longer than 2048 characters", "/" + "a".repeat(2048)],
  ])("falls back for %s", (_label, target) => {
    expect(safeRedirect(target)).toBe("/");
  });

  test.each([[undefined], [null], [42], [["/o/acme"]], [{ href: "/o/acme" }], [true]])(
    "falls back for the non-string %j",
    (target) => {
      expect(safeRedirect(target)).toBe("/");
    },
  );

  test("uses the given fallback", () => {
    expect(safeRedirect("//evil.example", "/orgs")).toBe("/orgs");
    expect(safeRedirect(undefined, "/orgs")).toBe("/orgs");
    expect(safeRedirect("/o/acme", "/orgs")).toBe("/o/acme");
  });
});

describe("safeRedirect encodes what a Location header cannot carry", () => {
  test.each([
    ["/o/acme/kpis/日本", "/o/acme/kpis/%E6%97%A5%E6%9C%AC"],
    ["/o/acme?q=€", "/o/acme?q=%E2%82%AC"],
    ["/o/ä", "/o/%C3%A4"],
    ["/o/acme teams", "/o/acme%20teams"],
    ["/o/😀", "/o/%F0%9F%98%80"],
    // Already encoded stays as it is.
    ["/o/%E2%82%AC", "/o/%E2%82%AC"],
  ])("%s → %s", (target, expected) => {
    expect(safeRedirect(target)).toBe(expected);
  });

  test("a lone surrogate or DEL falls back", () => {
    expect(safeRedirect("/o/\ud800")).toBe("/");
    expect(safeRedirect("/o/\u007f")).toBe("/");
  });
});
