/** Absolute tolerance for comparing scores in 0..1 with thresholds: (0.8 − 0.1) / (1.1 − 0.1) = 0.7 counts as 0.7. */
export const SCORE_EPSILON = 1e-9;

/** x ≥ threshold, ignoring float noise. */
export function atLeast(x: number, threshold: number): boolean {
  return x >= threshold - SCORE_EPSILON;
}

/** A number for a sentence: at most `decimals` decimals, no float noise or trailing zeros (0.30000000000000004 → "0.3"). */
export function formatNumber(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const factor = 10 ** decimals;
  const rounded = Math.round(x * factor) / factor;
  return String(rounded === 0 ? 0 : rounded);
}

/** A score with exactly two decimals: 0.8 → "0.80". */
export function formatScore(x: number): string {
  const s = (Math.round(x * 100) / 100).toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/**
 * A score shown beside a threshold it is compared with: two decimals, or more when two would hide
 * which side it is on (0.496 against 0.5 reads "0.496", not "0.50").
 */
export function formatScoreAgainst(x: number, threshold: number): string {
  const above = atLeast(x, threshold);
  for (let decimals = 2; decimals <= 10; decimals++) {
    const text = x.toFixed(decimals);
    if (atLeast(Number(text), threshold) === above) return decimals === 2 ? formatScore(x) : text;
  }
  return String(x);
}
