import { afterEach } from "vitest";
import { fixedClock, setClock } from "@/lib/clock";

/**
 * For a test file whose tests move "now": `at("2026-11-15T10:00:00Z")` sets lib/clock's instant, and
 * after each test the real clock comes back.
 */
export function injectedClock(): (instant: string) => void {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });
  return (instant) => {
    restore?.();
    restore = setClock(fixedClock(instant));
  };
}
