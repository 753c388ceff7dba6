import { describe, expect, it } from "vitest";
import { createSeededRandom } from "./seeded-random.js";

describe("createSeededRandom", () => {
  it("repeats a sequence for a seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("draws uniforms in [0, 1) and exponentials with the requested mean", () => {
    const random = createSeededRandom(42);
    const samples = 200_000;
    let uniformSum = 0;
    let exponentialSum = 0;
    for (let index = 0; index < samples; index++) {
      const uniform = random.next();
      expect(uniform >= 0 && uniform < 1).toBe(true);
      uniformSum += uniform;
      exponentialSum += random.exponential(180);
    }
    // Standard errors: uniform 0.289/sqrt(n) ≈ 6.5e-4, exponential 180/sqrt(n) ≈ 0.40; allow 5 of them.
    expect(Math.abs(uniformSum / samples - 0.5)).toBeLessThan(5 * 6.5e-4);
    expect(Math.abs(exponentialSum / samples - 180)).toBeLessThan(5 * 0.41);
  });

  it("picks whole numbers within bounds and by weight", () => {
    const random = createSeededRandom(3);
    const counts = { a: 0, b: 0 };
    for (let index = 0; index < 10_000; index++) {
      const value = random.integer(2, 4);
      expect([2, 3, 4]).toContain(value);
      counts[random.weighted(["a", "b"] as const, [3, 1])]++;
    }
    // Expected share of "a" is 0.75 with standard error ~0.0043.
    expect(Math.abs(counts.a / 10_000 - 0.75)).toBeLessThan(0.025);
  });
});
