import erfc from "@stdlib/math-base-special-erfc";
import chiSquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquareUniformTest, chiSquareUpperTail } from "./chi-square.js";

function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

// Statistics from the bulk of the distribution out to where the tail is far below 1e-100.
const statistics = [0.01, 0.5, 1, 2.7, 5, 10, 25, 60, 100, 300, 700];

describe("chiSquareUpperTail", () => {
  it("matches the closed form for df = 2: p = exp(-x/2)", () => {
    for (const x of statistics) expectRelativelyClose(chiSquareUpperTail(x, 2), Math.exp(-x / 2), 1e-10);
  });

  it("matches the closed form for df = 1: p = erfc(sqrt(x/2))", () => {
    for (const x of statistics)
      expectRelativelyClose(chiSquareUpperTail(x, 1), erfc(Math.sqrt(x / 2)), 1e-10);
  });

  it("matches the closed form for df = 4: p = exp(-x/2)(1 + x/2)", () => {
    for (const x of statistics) {
      expectRelativelyClose(chiSquareUpperTail(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-10);
    }
  });

  it("keeps tiny tails where 1 - cdf has already rounded to 0", () => {
    expect(1 - chiSquareCdf(200, 2)).toBe(0);
    const tail = chiSquareUpperTail(200, 2);
    expect(tail).toBeGreaterThan(0);
    expectRelativelyClose(tail, Math.exp(-100), 1e-10);
  });

  it("agrees with 1 - cdf where that is accurate, and is a decreasing probability", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 600 }),
        (x, step, df) => {
          const p = chiSquareUpperTail(x, df);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(chiSquareUpperTail(x + step, df)).toBeLessThanOrEqual(p);
          const lower = chiSquareCdf(x, df);
          if (lower < 0.5) expect(p).toBeCloseTo(1 - lower, 12);
        },
      ),
    );
  });

  it("handles the edges: 0 -> 1, Infinity -> 0, bad degrees of freedom throw", () => {
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(() => chiSquareUpperTail(1, 0)).toThrow(RangeError);
    expect(() => chiSquareUpperTail(Number.NaN, 2)).toThrow(RangeError);
  });
});

describe("chiSquareUniformTest", () => {
  it("reproduces scipy.stats.chisquare's documented example", () => {
    // scipy docs: chisquare([16, 18, 16, 14, 12, 12]) -> statistic 2.0, pvalue 0.84914503608460956
    const result = chiSquareUniformTest([16, 18, 16, 14, 12, 12]);
    expect(result.statistic).toBeCloseTo(2, 12);
    expect(result.degreesOfFreedom).toBe(5);
    expectRelativelyClose(result.pValue, 0.84914503608460956, 1e-12);
  });

  it("is the test the fairness seed meant: an upper-tail p-value with df = k - 1, not the distribution object", () => {
    // The seed computes `chi2_stat, p_value = chi2(observed, f_exp=expected)`: scipy.stats.chi2 is the
    // chi-square *distribution*; calling it freezes a distribution (and f_exp is not even one of its
    // parameters), it does not run a test. scipy.stats.chisquare is the test. With three agents the
    // correct p-value has the df = 2 closed form exp(-stat/2).
    const observed = [10, 20, 30];
    const result = chiSquareUniformTest(observed);
    expect(result.statistic).toBeCloseTo((10 * 10 + 0 + 10 * 10) / 20, 12);
    expect(result.degreesOfFreedom).toBe(observed.length - 1);
    expectRelativelyClose(result.pValue, Math.exp(-result.statistic / 2), 1e-12);
    // Neither the lower tail nor the distribution evaluated at the counts is a p-value.
    expect(result.pValue).not.toBeCloseTo(chiSquareCdf(result.statistic, result.degreesOfFreedom), 3);
    // A perfectly even split is the strongest possible evidence *for* uniformity: p = 1, not 0.
    expect(chiSquareUniformTest([5, 5, 5]).pValue).toBe(1);
  });

  it("is 0/1 for nothing to test: no observations or a single category", () => {
    expect(chiSquareUniformTest([0, 0, 0])).toEqual({ statistic: 0, degreesOfFreedom: 2, pValue: 1 });
    expect(chiSquareUniformTest([42])).toEqual({ statistic: 0, degreesOfFreedom: 0, pValue: 1 });
  });

  it("gives p-values within [0, 1] even for extreme imbalance", () => {
    const counts = Array.from({ length: 500 }, (_, index) => (index === 0 ? 1_000_000 : 0));
    const { pValue, statistic } = chiSquareUniformTest(counts);
    expect(statistic).toBeGreaterThan(1e8);
    expect(pValue).toBeGreaterThanOrEqual(0);
    expect(pValue).toBeLessThanOrEqual(1);
  });
});
