import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { giniCoefficient } from "./gini.js";

/** Definition: mean absolute difference over all ordered pairs / (2 × mean). */
function giniByDefinition(values: readonly number[]): number {
  const n = values.length;
  const total = values.reduce((sum, value) => sum + value, 0);
  if (n === 0 || total === 0) return 0;
  let differences = 0;
  for (const left of values) for (const right of values) differences += Math.abs(left - right);
  return differences / (2 * n * total);
}

const counts = fc.array(fc.nat({ max: 1000 }), { maxLength: 60 });

describe("giniCoefficient", () => {
  it("is 0 when every agent handled the same amount, including all-zero and empty inputs", () => {
    expect(giniCoefficient([7, 7, 7, 7])).toBe(0);
    expect(giniCoefficient([0, 0, 0])).toBe(0);
    expect(giniCoefficient([])).toBe(0);
  });

  it("is (n-1)/n when one of n agents handled everything", () => {
    for (const n of [2, 5, 40]) {
      const amounts = Array.from({ length: n }, (_, index) => (index === 3 % n ? 12 : 0));
      expect(giniCoefficient(amounts)).toBeCloseTo((n - 1) / n, 12);
    }
  });

  it("counts agents with 0 handled (adding idle agents raises inequality)", () => {
    expect(giniCoefficient([10, 10, 0, 0])).toBeGreaterThan(giniCoefficient([10, 10]));
  });

  it("matches the pairwise-difference definition and stays within [0, 1]", () => {
    fc.assert(
      fc.property(counts, (values) => {
        const gini = giniCoefficient(values);
        expect(gini).toBeGreaterThanOrEqual(0);
        expect(gini).toBeLessThanOrEqual(1);
        expect(gini).toBeCloseTo(giniByDefinition(values), 10);
      }),
    );
  });

  it("ignores order and scale", () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 50 }), (values, factor) => {
        const shuffled = [...values].reverse();
        expect(giniCoefficient(shuffled)).toBeCloseTo(giniCoefficient(values), 12);
        expect(giniCoefficient(values.map((value) => value * factor))).toBeCloseTo(
          giniCoefficient(values),
          12,
        );
      }),
    );
  });

  it("rejects negative and non-finite amounts", () => {
    expect(() => giniCoefficient([1, -1])).toThrow(RangeError);
    expect(() => giniCoefficient([1, Number.NaN])).toThrow(/index 1/);
  });
});
