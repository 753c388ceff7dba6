import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PolicyConfigError } from "../errors.js";
import { normaliseWeights } from "./weights.js";

describe("normaliseWeights", () => {
  it("scales weights given in any unit to sum 1", () => {
    const weights = normaliseWeights({ proficiency: 4, languageMatch: 3, csat: 3 });
    expect(weights.proficiency).toBeCloseTo(0.4, 12);
    expect(weights.languageMatch).toBeCloseTo(0.3, 12);
    expect(weights.csat).toBeCloseTo(0.3, 12);
  });

  it("keeps a zero weight at zero", () => {
    expect(normaliseWeights({ proficiency: 0, languageMatch: 1, csat: 1 })).toEqual({
      proficiency: 0,
      languageMatch: 0.5,
      csat: 0.5,
    });
  });

  it.each([
    ["NaN", { proficiency: Number.NaN, languageMatch: 1, csat: 1 }, "weights.proficiency"],
    [
      "Infinity",
      { proficiency: 1, languageMatch: Number.POSITIVE_INFINITY, csat: 1 },
      "weights.languageMatch",
    ],
    ["a negative weight", { proficiency: 1, languageMatch: 1, csat: -0.1 }, "weights.csat"],
    ["all zero", { proficiency: 0, languageMatch: 0, csat: 0 }, "weights"],
    ["an overflowing total", { proficiency: 1e308, languageMatch: 1e308, csat: 0 }, "weights"],
  ])("rejects %s naming the field", (_label, weights, field) => {
    expect(() => normaliseWeights(weights)).toThrow(PolicyConfigError);
    expect(() => normaliseWeights(weights)).toThrow(expect.objectContaining({ field }));
  });

  it("always sums to 1 with every weight in [0, 1] (property)", () => {
    const weight = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc
          .record({ proficiency: weight, languageMatch: weight, csat: weight })
          .filter((w) => w.proficiency + w.languageMatch + w.csat > 0),
        (raw) => {
          const weights = normaliseWeights(raw);
          const values = [weights.proficiency, weights.languageMatch, weights.csat];
          expect(Math.abs(values.reduce((sum, value) => sum + value, 0) - 1)).toBeLessThanOrEqual(1e-9);
          for (const value of values) expect(value >= 0 && value <= 1).toBe(true);
        },
      ),
    );
  });
});
