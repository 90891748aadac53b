import { randomBytes } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";

/**
 * `next start` hides the socket's address once a client sends X-Forwarded-For: it sets the header to
 * the socket's address only when it is absent (`??=`, checked with real requests on Next 16.4), so a
 * route handler cannot tell a header the client wrote from its own peer. Here, as every proxy does,
 * the server appends the socket's address to X-Forwarded-For as each request arrives, and marks the
 * request with a secret of this process, so code reading the header knows its last entry is real.
 * Requests that arrived before this was installed (the first instants after start) carry no valid
 * mark and count as from an unknown address.
 */
const PEER_HEADER = "x-flowline-peer";
const MARK = Symbol.for("flowline.peer-mark");
const store = globalThis as typeof globalThis & { [MARK]?: string };

/** Appends the socket's address to the request's X-Forwarded-For and marks it (exported for tests). */
export function recordPeer(headers: IncomingHttpHeaders, socketAddress: string | undefined): void {
  const mark = (store[MARK] ??= randomBytes(18).toString("base64url"));
  const prior = headers["x-forwarded-for"];
  const chain = [...(Array.isArray(prior) ? prior : prior ? [prior] : []), socketAddress ?? ""];
  headers["x-forwarded-for"] = chain.join(", ");
  headers[PEER_HEADER] = mark;
}

let installed = false;

/** Called once at start (instrumentation.ts), before the app serves. */
export function installPeerRecording(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      recordPeer(request.headers, request.socket.remoteAddress);
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

/**
 * The X-Forwarded-For chain, left to right, of a request whose last entry is its socket's address;
 * null when the request carries no valid mark.
 */
export function verifiedPeer(headers: Headers): string[] | null {
  const mark = store[MARK];
  if (!mark || headers.get(PEER_HEADER) !== mark) return null;
  return (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
}
