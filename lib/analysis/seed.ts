import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * cyrb128 (bryc, public domain): a fast 128-bit non-cryptographic string hash. It only has to spread
 * (KPI id, D, knownAt) over the generator's whole 128-bit state, so two nearby dates get unrelated
 * streams; a dependency for 15 lines of seeding was not worth it.
 */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 | 0, h2 | 0, h3 | 0, h4 | 0];
}

/** The text hashed into a forecast's seed; the parts are joined with NUL, which none of them contains. */
export function seedText(kpiId: string, asOf: string, knownAt: string): string {
  return `${kpiId}\u0000${asOf}\u0000${knownAt}`;
}

/**
 * pure-rand's xoroshiro128+ seeded by (KPI id, D, knownAt): the same three always give the same stream,
 * so a forecast redraws identically. An all-zero state would only ever yield zeros, so it is avoided.
 */
export function seededGenerator(kpiId: string, asOf: string, knownAt: string): RandomGenerator {
  const state = hash128(seedText(kpiId, asOf, knownAt));
  if (state.every((word) => word === 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}
