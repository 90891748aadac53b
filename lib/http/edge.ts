import { ACTION_BODY_LIMIT_BYTES } from "./limits";

/**
 * Requests refused at the edge (proxy.ts), before Next.js would answer them with its own 500s: a
 * path that is not valid percent-encoding, a method a page does not have, a server action from
 * another origin or with a body over the limit. Each answer is a 4xx in the shape its caller reads:
 * JSON under /api, a short text otherwise.
 */
export type Refusal =
  | { kind: "malformed_path" }
  | { kind: "method_not_allowed"; allow: string[] }
  | { kind: "foreign_origin" }
  | { kind: "too_large" };

/** Non-page routes outside /api/v1 and the methods they have (pages have GET, HEAD and POST). */
const routeMethods: [RegExp, string[]][] = [
  [/^\/api\/auth(\/|$)/, ["GET", "HEAD", "POST"]],
  [/^\/o\/[^/]+\/export$/, ["GET", "HEAD"]],
  [/^\/icon\.svg$/, ["GET", "HEAD"]],
];
const pageMethods = ["GET", "HEAD", "POST"];

/** /api/v1 answers its own methods (lib/api), in its own error shape. */
const ownsMethods = (pathname: string) => /^\/api\/v1(\/|$)/.test(pathname);

export function allowedMethods(pathname: string): string[] | null {
  if (ownsMethods(pathname)) return null;
  return routeMethods.find(([pattern]) => pattern.test(pathname))?.[1] ?? pageMethods;
}

export function isValidPercentEncoding(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Server actions and no-JavaScript form posts are POSTs to a page. Next.js compares their Origin with
 * the host (X-Forwarded-Host first) and answers a mismatch with a 500; the same rule answers 403 here.
 */
function isForeignOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false; // not a browser's cross-site request: browsers send Origin on POST
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, privacy redirects) or garbage
  }
  const forwardedHost = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return originHost !== forwardedHost && originHost !== headers.get("host");
}

/** The refusal for a request, or null to let it through. `bodyBytes` measures a body sent without a length. */
export async function refusal(
  request: { method: string; pathname: string; headers: Headers },
  bodyBytes: () => Promise<number>,
): Promise<Refusal | null> {
  const { method, pathname, headers } = request;
  if (!isValidPercentEncoding(pathname)) return { kind: "malformed_path" };
  const allow = allowedMethods(pathname);
  if (!allow) return null;
  if (method !== "OPTIONS" && !allow.includes(method)) return { kind: "method_not_allowed", allow };
  const isPagePost = method === "POST" && allow === pageMethods;
  if (!isPagePost) return null;
  if (isForeignOrigin(headers)) return { kind: "foreign_origin" };
  const declared = headers.get("content-length");
  const size = declared !== null ? Number(declared) : await bodyBytes();
  if (!Number.isFinite(size) || size > ACTION_BODY_LIMIT_BYTES) return { kind: "too_large" };
  return null;
}

const messages: Record<Refusal["kind"], { status: number; code: string; message: string }> = {
  malformed_path: { status: 400, code: "malformed", message: "The address is not valid percent-encoding." },
  method_not_allowed: { status: 405, code: "method_not_allowed", message: "This address does not answer that method." },
  foreign_origin: { status: 403, code: "forbidden", message: "Forms are only accepted from this site's own pages." },
  too_large: {
    status: 413,
    code: "payload_too_large",
    message: `The form is larger than ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MiB.`,
  },
};

/** The response for a refusal (pages' malformed paths are shown the not-found page instead, by proxy.ts). */
export function refusalResponse(refused: Refusal, pathname: string): Response {
  const { status, code, message } = messages[refused.kind];
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (refused.kind === "method_not_allowed") headers.allow = [...refused.allow, "OPTIONS"].join(", ");
  if (pathname.startsWith("/api/")) {
    return Response.json({ error: { code, message, details: null } }, { status, headers });
  }
  return new Response(`${message}\n`, { status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
}

/** OPTIONS on a page or route: the methods it has, and nothing else. */
export function optionsResponse(pathname: string): Response | null {
  const allow = allowedMethods(pathname);
  if (!allow) return null;
  return new Response(null, { status: 204, headers: { allow: [...allow, "OPTIONS"].join(", ") } });
}
