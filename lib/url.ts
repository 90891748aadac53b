/** The query string of the current view with some parameters changed (undefined removes one). */
export function withParams(
  search: Record<string, string | undefined>,
  changes: Record<string, string | undefined>,
): string {
  const merged = { ...search, ...changes };
  const params = new URLSearchParams(Object.entries(merged).filter((e): e is [string, string] => Boolean(e[1])));
  const text = params.toString();
  return text ? `?${text}` : "";
}
