import { describe, expect, test } from "vitest";
// @ts-expect-error -- the Next config is plain JavaScript, without types
import nextConfig from "@/next.config.mjs";
import { optionsResponse, refusal, refusalResponse, type Refusal } from "@/lib/http/edge";
import { ACTION_BODY_LIMIT_BYTES } from "@/lib/http/limits";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

const host = "flowline.example";
const noBody = async () => 0;

function check(method: string, pathname: string, headers: Record<string, string> = {}, bodyBytes = noBody) {
  return refusal({ method, pathname, headers: new Headers({ host, ...headers }) }, bodyBytes);
}

describe("refusal", () => {
  test.each([
    ["GET", "/api/v1/kpis/%ff"],
    ["GET", "/o/%ff"],
    ["GET", "/invite/%ff"],
    ["POST", "/o/acme/%e0%a4%a"],
    ["GET", "/o/acme/kpis/%"],
  ])("%s %s: malformed percent-encoding", async (method, path) => {
    expect(await check(method, path)).toEqual({ kind: "malformed_path" });
  });

  test.each([["/o/acme/kpis/%E2%82%AC"], ["/o/acme/kpis/%2F"], ["/invite/inv_abc"], ["/"]])(
    "GET %s is let through",
    async (path) => {
      expect(await check("GET", path)).toBeNull();
    },
  );

  test.each([
    ["PUT", "/o/acme", ["GET", "HEAD", "POST"]],
    ["DELETE", "/sign-in", ["GET", "HEAD", "POST"]],
    ["PROPFIND", "/o/acme/teams", ["GET", "HEAD", "POST"]],
    ["POST", "/o/acme/export", ["GET", "HEAD"]],
    ["PATCH", "/api/auth/session", ["GET", "HEAD", "POST"]],
  ])("%s %s: 405 allowing %j", async (method, path, allow) => {
    expect(await check(method, path)).toEqual({ kind: "method_not_allowed", allow });
  });

  test.each([["PUT"], ["DELETE"], ["PROPFIND"]])("%s under /api/v1 is left to the API", async (method) => {
    expect(await check(method, "/api/v1/teams")).toBeNull();
  });

  test.each([
    [{ origin: "https://evil.example" }],
    [{ origin: "null" }],
    [{ origin: "not a url" }],
    [{ origin: "https://evil.example", "x-forwarded-host": "flowline.example.evil.example" }],
  ])("a page POST from %j is a foreign origin", async (headers) => {
    expect(await check("POST", "/o/acme/teams", headers)).toEqual({ kind: "foreign_origin" });
  });

  test.each([
    [{ origin: `https://${host}` }],
    [{ origin: "https://app.example.com", "x-forwarded-host": "app.example.com, internal" }],
    // Not a browser: Next.js lets it through (it cannot carry someone else's cookies), and so does this.
    [{}],
  ])("a page POST from %j is let through", async (headers) => {
    expect(await check("POST", "/o/acme/teams", { "content-length": "100", ...headers })).toBeNull();
  });

  test("the Auth.js routes check their own CSRF token: another origin is not refused here", async () => {
    expect(await check("POST", "/api/auth/signout", { origin: "https://evil.example" })).toBeNull();
  });

  test.each([
    [String(ACTION_BODY_LIMIT_BYTES), null],
    [String(ACTION_BODY_LIMIT_BYTES + 1), { kind: "too_large" }],
    ["not-a-number", { kind: "too_large" }],
  ])("a page POST declaring %s bytes → %j", async (length, expected) => {
    expect(await check("POST", "/o/acme/import", { origin: `http://${host}`, "content-length": length })).toEqual(
      expected,
    );
  });

  test("a page POST without a length is measured", async () => {
    const big = async () => ACTION_BODY_LIMIT_BYTES + 1;
    const small = async () => 10;
    expect(await check("POST", "/o/acme/import", {}, big)).toEqual({ kind: "too_large" });
    expect(await check("POST", "/o/acme/import", {}, small)).toBeNull();
  });

  test("next.config.mjs gives Next.js's action handler the same limit", () => {
    const limit = (nextConfig as { experimental: { serverActions: { bodySizeLimit: string } } }).experimental
      .serverActions.bodySizeLimit;
    expect(limit).toBe(`${ACTION_BODY_LIMIT_BYTES / 1024 / 1024}mb`);
  });
});

describe("refusalResponse", () => {
  test.each([
    [{ kind: "malformed_path" }, "/api/v1/kpis/%ff", 400, "malformed"],
    [{ kind: "method_not_allowed", allow: ["GET", "HEAD", "POST"] }, "/api/auth/session", 405, "method_not_allowed"],
    [{ kind: "foreign_origin" }, "/api/auth/x", 403, "forbidden"],
    [{ kind: "too_large" }, "/api/auth/x", 413, "payload_too_large"],
  ] as [Refusal, string, number, string][])("%j under /api is JSON", async (refused, path, status, code) => {
    const response = refusalResponse(refused, path);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String), details: null } });
  });

  test("a page's 405 names the methods it has", async () => {
    const response = refusalResponse({ kind: "method_not_allowed", allow: ["GET", "HEAD", "POST"] }, "/o/acme");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(await response.text()).toMatch(/does not answer that method/);
  });

  test("OPTIONS answers the methods, except under /api/v1", () => {
    expect(optionsResponse("/o/acme/export")?.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(optionsResponse("/o/acme")?.status).toBe(204);
    expect(optionsResponse("/api/v1/teams")).toBeNull();
  });
});

describe("security headers", () => {
  test("the policy: nonce-only scripts, no framing, upgrade only behind https", () => {
    const policy = contentSecurityPolicy("abc123", { dev: false, https: false });
    const directives = Object.fromEntries(
      policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]),
    );
    expect(directives).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'nonce-abc123' 'strict-dynamic'",
      "style-src": "'self' 'nonce-abc123'",
      "style-src-attr": "'unsafe-inline'",
      "img-src": "'self' blob: data:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(contentSecurityPolicy("n", { dev: false, https: true })).toMatch(/; upgrade-insecure-requests$/);
    expect(contentSecurityPolicy("n", { dev: true, https: false })).toContain("'unsafe-eval'");
  });

  test("HSTS only behind https", () => {
    expect(securityHeaders({ https: false })).toEqual({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
    });
    expect(securityHeaders({ https: true })["strict-transport-security"]).toMatch(/^max-age=\d+/);
  });
});
