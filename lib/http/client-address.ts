import { BlockList, isIP } from "node:net";
import { verifiedPeer } from "./peer-address";

/**
 * The client's address, for rate limits. The direct peer (the socket's address, which
 * lib/http/peer-address.ts appends to X-Forwarded-For) is the only entry nobody can forge; every
 * other entry was written by someone upstream. So the chain is read from the right: while the
 * address at hand is a configured trusted proxy (TRUSTED_PROXIES), the entry it added to its left is
 * believed instead. Without TRUSTED_PROXIES that is the socket's address, whatever the client sends.
 */
export function clientAddress(headers: Headers, trusted: BlockList = trustedProxies()): string {
  const chain = verifiedPeer(headers);
  let address = chain ? normalise(chain.pop()!) : null;
  if (!chain || !address) return UNKNOWN;
  while (chain.length > 0 && isTrusted(trusted, address)) {
    const next = normalise(chain.pop()!);
    if (!next) break;
    address = next;
  }
  return address;
}

/** Requests whose peer is not known (served before the peer was recorded) share one allowance. */
export const UNKNOWN = "unknown";

/** Whether the request's direct peer is a trusted proxy, i.e. its X-Forwarded-* headers may be believed. */
export function fromTrustedProxy(headers: Headers, trusted: BlockList = trustedProxies()): boolean {
  const peer = verifiedPeer(headers)?.at(-1);
  const address = peer ? normalise(peer) : null;
  return Boolean(address && isTrusted(trusted, address));
}

/** "::ffff:10.0.0.1" is 10.0.0.1; anything that is not an IP address is not an address. */
export function normalise(raw: string): string | null {
  let value = raw.trim();
  // RFC 7239-style brackets and a port ("[::1]:443", "10.0.0.1:443") appear in some proxies' entries.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  return isIP(value) ? value.toLowerCase() : null;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** TRUSTED_PROXIES: comma-separated addresses and CIDR ranges ("10.0.0.0/8, 127.0.0.1, ::1"). */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? "").split(",").map((e) => e.trim())) {
    if (!entry) continue;
    const [base = "", prefix, ...rest] = entry.split("/");
    const address = normalise(base);
    const family = address ? isIP(address) : 0;
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (!address || rest.length > 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8).`);
    }
    list.addSubnet(address, bits, family === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

let cached: { value: string | undefined; list: BlockList } | undefined;

function trustedProxies(): BlockList {
  const value = process.env.TRUSTED_PROXIES;
  if (!cached || cached.value !== value) cached = { value, list: parseTrustedProxies(value) };
  return cached.list;
}
