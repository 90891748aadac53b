/**
 * Float tolerance for comparisons with a line or threshold (DESIGN 3: "a value within 1e-9 (relative) of a
 * threshold counts as reaching it"). The mean of twelve 0.1s is 0.09999999999999999: without a tolerance a
 * constant series would sit "above" its own centre line.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** The noise allowed when comparing `x` with `line`: 1e-9 of the larger magnitude (0 when both are 0). */
export function noise(x: number, line: number): number {
  return RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(line));
}

/** x lies above `line` by more than float noise. */
export function isAbove(x: number, line: number): boolean {
  return x - line > noise(x, line);
}

/** x lies below `line` by more than float noise. */
export function isBelow(x: number, line: number): boolean {
  return line - x > noise(x, line);
}

/** x equals `line` up to float noise. */
export function isOn(x: number, line: number): boolean {
  return !isAbove(x, line) && !isBelow(x, line);
}
