import { NextResponse, type NextRequest } from "next/server";
import { fromTrustedProxy } from "@/lib/http/client-address";
import { optionsResponse, refusal, refusalResponse } from "@/lib/http/edge";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/http/security-headers";

/**
 * Every request passes here first (Next 16's proxy, on the Node runtime): requests Next.js would
 * answer with a 500 are refused with a 4xx (lib/http/edge.ts), and every response gets the security
 * headers, with a nonce-based Content-Security-Policy that Next.js reads from the request to tag its
 * own scripts.
 */
export async function proxy(request: NextRequest) {
  const https = isHttps(request);
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const { pathname } = request.nextUrl;
  const secure = (response: Response) => {
    for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
    response.headers.set("content-security-policy", csp);
    return response;
  };

  if (request.method === "OPTIONS") {
    const options = optionsResponse(pathname);
    if (options) return secure(options);
  }
  const refused = await refusal({ method: request.method, pathname, headers: request.headers }, async () =>
    request.body ? (await request.arrayBuffer()).byteLength : 0,
  );

  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", csp);
  if (refused?.kind === "malformed_path" && !pathname.startsWith("/api/")) {
    // No page has such an address: the app's own not-found page, with a 404.
    return secure(
      NextResponse.rewrite(new URL("/_malformed-address", request.url), { request: { headers: forwarded } }),
    );
  }
  if (refused) return secure(refusalResponse(refused, pathname));
  return secure(NextResponse.next({ request: { headers: forwarded } }));
}

/** Behind https: AUTH_URL says so, or a trusted proxy forwarded an https request. */
function isHttps(request: NextRequest): boolean {
  if (process.env.AUTH_URL?.startsWith("https:")) return true;
  return (
    fromTrustedProxy(request.headers) && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https"
  );
}

export const config = {
  // Static build files are immutable and served as they are; everything else passes.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
