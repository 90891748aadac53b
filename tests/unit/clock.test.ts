import { afterEach, describe, expect, it } from "vitest";
import { fixedClock, now, setClock, todayIso } from "@/lib/clock";

describe("clock", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it("answers the system time by default", () => {
    const before = Date.now();
    const t = now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it("answers an injected clock and restores the previous one", () => {
    restore = setClock(fixedClock("2026-11-30T23:59:59Z"));
    expect(now().toISOString()).toBe("2026-11-30T23:59:59.000Z");
    expect(todayIso()).toBe("2026-11-30");
    restore();
    restore = undefined;
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it("refuses an invalid instant", () => {
    expect(() => fixedClock("not a date")).toThrow(RangeError);
  });
});
