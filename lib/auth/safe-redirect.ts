/** Only same-app paths: anything absolute, protocol-relative or odd falls back to `fallback`. */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // Control characters and backslashes can be read by browsers as scheme or host separators.
  if (/[\u0000-\u001f\\]/.test(target)) return fallback;
  return target;
}
