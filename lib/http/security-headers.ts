import { randomBytes } from "node:crypto";

/** A fresh nonce for each response: the only scripts that run are the ones Next.js tags with it. */
export function newNonce(): string {
  return randomBytes(18).toString("base64");
}

/**
 * The Content-Security-Policy of every response. Scripts need the nonce ('strict-dynamic' lets them
 * load the chunks they import); styles come from the app's own stylesheet or carry the nonce, while
 * style attributes (table widths, chart bars) stay allowed: they cannot run code. No framing, no
 * plugins, no foreign <base>. Development adds what React's dev tooling needs (eval, the reload socket).
 * No form-action: the OAuth buttons post to Auth.js, which redirects to the provider, and Chrome
 * checks such redirects against form-action.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** The other security headers of every response; HSTS only when the app is reached over https. */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    ...(options.https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
