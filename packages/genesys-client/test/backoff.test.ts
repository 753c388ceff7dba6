import { describe, expect, it } from "vitest";
import { backoffCeilingMs, fullJitterDelayMs } from "../src/index.js";

const policy = { baseDelayMs: 200, maxDelayMs: 1_000 };

describe("exponential backoff with full jitter", () => {
  it("doubles the ceiling per attempt up to the cap", () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffCeilingMs(attempt, policy))).toEqual([
      200, 400, 800, 1_000, 1_000, 1_000,
    ]);
    expect(backoffCeilingMs(2_000, policy)).toBe(1_000);
  });

  it("draws the delay uniformly from [0, ceiling]", () => {
    expect(fullJitterDelayMs(2, policy, () => 0)).toBe(0);
    expect(fullJitterDelayMs(2, policy, () => 0.5)).toBe(400);
    expect(fullJitterDelayMs(2, policy, () => 0.999_999)).toBe(799);
    expect(fullJitterDelayMs(9, policy, () => 0.25)).toBe(250);
  });

  it("stays within bounds and actually spreads with a real random source", () => {
    const delays = Array.from({ length: 2_000 }, () => fullJitterDelayMs(1, policy, Math.random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(400);
    // Full jitter, not "base + a bit": a good share of the delays is in the lower half.
    expect(delays.filter((delay) => delay < 200).length).toBeGreaterThan(700);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
