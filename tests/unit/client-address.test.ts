import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, test } from "vitest";
import { clientAddress, fromTrustedProxy, normalise, parseTrustedProxies, UNKNOWN } from "@/lib/http/client-address";
import { recordPeer } from "@/lib/http/peer-address";

/** The headers a route handler sees for a request from `socket` that carried `forwarded` (X-Forwarded-For). */
function arrived(socket: string, forwarded?: string | string[]): Headers {
  const raw: IncomingHttpHeaders = forwarded === undefined ? {} : { "x-forwarded-for": forwarded };
  recordPeer(raw, socket);
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) if (typeof value === "string") headers.set(name, value);
  return headers;
}

describe("clientAddress", () => {
  const none = parseTrustedProxies(undefined);
  const lb = parseTrustedProxies("10.0.0.0/8, 192.168.1.7");

  test.each([
    // [socket, X-Forwarded-For sent to the app, TRUSTED_PROXIES, expected client]
    ["::ffff:203.0.113.9", undefined, none, "203.0.113.9"],
    // Without trusted proxies the header is ignored: the client wrote it.
    ["203.0.113.9", "198.51.100.1", none, "203.0.113.9"],
    ["203.0.113.9", "198.51.100.1, 10.0.0.3", none, "203.0.113.9"],
    // Through the load balancer: the entry it appended is the client.
    ["10.0.0.3", "198.51.100.1", lb, "198.51.100.1"],
    // A client forging entries to the left of the balancer's does not move the answer.
    ["10.0.0.3", "6.6.6.6, 7.7.7.7, 198.51.100.1", lb, "198.51.100.1"],
    // Two trusted hops are both skipped.
    ["10.0.0.3", "198.51.100.1, 192.168.1.7", lb, "198.51.100.1"],
    // A client that is not behind the balancer cannot claim to be.
    ["203.0.113.9", "10.0.0.3", lb, "203.0.113.9"],
    // Garbage left of a trusted hop stops the walk at the hop.
    ["10.0.0.3", "not-an-address", lb, "10.0.0.3"],
    ["10.0.0.3", "[2001:db8::1]:443", lb, "2001:db8::1"],
    ["10.0.0.3", "198.51.100.1:5123", lb, "198.51.100.1"],
  ] as const)("socket %s, X-Forwarded-For %s → %s", (socket, forwarded, trusted, expected) => {
    expect(clientAddress(arrived(socket, forwarded), trusted)).toBe(expected);
  });

  test("two X-Forwarded-For header lines are one chain", () => {
    expect(clientAddress(arrived("10.0.0.3", ["6.6.6.6", "198.51.100.1"]), lb)).toBe("198.51.100.1");
  });

  test("a request without this process's mark is from an unknown address, whatever it claims", () => {
    const forged = new Headers({ "x-forwarded-for": "198.51.100.1", "x-flowline-peer": "guess" });
    expect(clientAddress(forged, none)).toBe(UNKNOWN);
    expect(clientAddress(new Headers(), lb)).toBe(UNKNOWN);
  });

  test("40 requests that each send a new X-Forwarded-For all come from one address", () => {
    const seen = new Set(
      Array.from({ length: 40 }, (_, i) => clientAddress(arrived("203.0.113.9", `198.51.100.${i}`), none)),
    );
    expect([...seen]).toEqual(["203.0.113.9"]);
  });

  test("fromTrustedProxy is about the socket's peer only", () => {
    expect(fromTrustedProxy(arrived("10.0.0.3", "198.51.100.1"), lb)).toBe(true);
    expect(fromTrustedProxy(arrived("203.0.113.9", "10.0.0.3"), lb)).toBe(false);
    expect(fromTrustedProxy(arrived("10.0.0.3"), none)).toBe(false);
  });
});

describe("TRUSTED_PROXIES", () => {
  test.each([
    ["127.0.0.1", "127.0.0.1", true],
    ["127.0.0.1", "127.0.0.2", false],
    ["10.0.0.0/8", "10.255.1.2", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["::1", "::1", true],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    [" 10.0.0.1 ,192.168.0.0/16 ", "192.168.4.4", true],
  ])("%s trusts %s: %s", (setting, address, expected) => {
    const list = parseTrustedProxies(setting);
    expect(clientAddress(arrived(address, "198.51.100.1"), list) === "198.51.100.1").toBe(expected);
  });

  test.each(["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "::1/129", "10.0.0/8"])("%s is refused", (setting) => {
    expect(() => parseTrustedProxies(setting)).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("normalise", () => {
  test.each([
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["  2001:DB8::1 ", "2001:db8::1"],
    ["unknown", null],
    ["", null],
    ["1.2.3.4.5", null],
  ])("%s → %s", (raw, expected) => {
    expect(normalise(raw)).toBe(expected);
  });
});
