/**
 * Only same-app paths: anything absolute, protocol-relative or odd falls back to `fallback`. The path
 * comes back with every character outside printable ASCII percent-encoded, as a Location header needs
 * (a raw "€" in one made Node refuse the response with a 500).
 */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // Control characters and backslashes can be read by browsers as scheme or host separators.
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    // encodeURIComponent throws on a lone surrogate, which no real address contains.
    return target.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
  } catch {
    return fallback;
  }
}
