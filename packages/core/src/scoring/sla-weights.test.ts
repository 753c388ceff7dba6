import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PolicyConfigError } from "../errors.js";
import { DEFAULT_SCORING_WEIGHTS, type ScoringWeights } from "./score-agent.js";
import { adjustWeightsForSla, DEFAULT_SLA_WEIGHT_RULES, type SlaWeightRule } from "./sla-weights.js";

// The tutorial's two rules exactly: `sla_target == "80/20" and current_performance < 0.75` and
// `sla_target == "95/30" and current_performance >= 0.90`, with its deltas.
const TUTORIAL_RULES: readonly SlaWeightRule[] = [
  {
    name: "tutorial-80/20",
    when: "below",
    offsetPoints: -5,
    onlyForTarget: { percent: 80, seconds: 20 },
    shift: { proficiency: -0.075, languageMatch: 0.15, csat: -0.075 },
  },
  {
    name: "tutorial-95/30",
    when: "at-or-above",
    offsetPoints: -5,
    onlyForTarget: { percent: 95, seconds: 30 },
    shift: { proficiency: -0.05, languageMatch: -0.05, csat: 0.1 },
  },
];

function expectWeights(actual: ScoringWeights, expected: ScoringWeights): void {
  expect(actual.proficiency).toBeCloseTo(expected.proficiency, 12);
  expect(actual.languageMatch).toBeCloseTo(expected.languageMatch, 12);
  expect(actual.csat).toBeCloseTo(expected.csat, 12);
}

describe("adjustWeightsForSla: the tutorial's examples", () => {
  it("80/20 at 0.70 shifts toward language match: 0.325 / 0.45 / 0.225", () => {
    const result = adjustWeightsForSla(
      DEFAULT_SCORING_WEIGHTS,
      { target: { percent: 80, seconds: 20 }, serviceLevelPercent: 70 },
      TUTORIAL_RULES,
    );
    expect(result.rule).toBe("tutorial-80/20");
    expectWeights(result.weights, { proficiency: 0.325, languageMatch: 0.45, csat: 0.225 });
  });

  it("95/30 at 0.92 shifts toward CSAT: 0.35 / 0.25 / 0.40", () => {
    const result = adjustWeightsForSla(
      DEFAULT_SCORING_WEIGHTS,
      { target: { percent: 95, seconds: 30 }, serviceLevelPercent: 92 },
      TUTORIAL_RULES,
    );
    expect(result.rule).toBe("tutorial-95/30");
    expectWeights(result.weights, { proficiency: 0.35, languageMatch: 0.25, csat: 0.4 });
  });

  it.each([
    [80, 20, 75, "0.75 is not < 0.75"],
    [95, 30, 89, "0.89 is not >= 0.90"],
    [80, 20, 99, "the tutorial had no relax rule for 80/20"],
    [90, 20, 50, "the tutorial's rules name their targets"],
  ])("%i/%i at %i leaves the weights alone (%s)", (percent, seconds, level) => {
    const result = adjustWeightsForSla(
      DEFAULT_SCORING_WEIGHTS,
      { target: { percent, seconds }, serviceLevelPercent: level },
      TUTORIAL_RULES,
    );
    expect(result.rule).toBeNull();
    expectWeights(result.weights, DEFAULT_SCORING_WEIGHTS);
  });
});

describe("adjustWeightsForSla: default rules (any target)", () => {
  const at = (percent: number, seconds: number, level: number) =>
    adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, {
      target: { percent, seconds },
      serviceLevelPercent: level,
    });

  it("reproduces the tutorial's 80/20 example", () => {
    expectWeights(at(80, 20, 70).weights, { proficiency: 0.325, languageMatch: 0.45, csat: 0.225 });
  });

  it("applies the behind-target rule to any target, more than 5 points short", () => {
    expect(at(90, 15, 84.9).rule).toBe("behind-target");
    expect(at(90, 15, 85).rule).toBeNull();
    expect(at(60, 120, 50).rule).toBe("behind-target");
  });

  it("relaxes toward CSAT once 5 points ahead of target", () => {
    const result = at(80, 20, 85);
    expect(result.rule).toBe("ahead-of-target");
    expectWeights(result.weights, { proficiency: 0.35, languageMatch: 0.25, csat: 0.4 });
    expect(at(80, 20, 84.9).rule).toBeNull();
  });

  it("unlike the tutorial, does not relax a 95/30 target while still short of it; only at 100%", () => {
    expect(at(95, 30, 92).rule).toBeNull();
    expect(at(95, 30, 100).rule).toBe("ahead-of-target");
  });

  it("explains the rule and figures in the reason", () => {
    expect(at(80, 20, 70).reason).toMatch(/70% against 80\/20.*behind-target.*below 75%/);
    expect(at(80, 20, 80).reason).toMatch(/no SLA rule applies/);
  });

  it("uses the first matching rule only", () => {
    const rules: SlaWeightRule[] = [
      { name: "first", when: "below", offsetPoints: 0, shift: { proficiency: 1, languageMatch: 0, csat: 0 } },
      {
        name: "second",
        when: "below",
        offsetPoints: 0,
        shift: { proficiency: 0, languageMatch: 1, csat: 0 },
      },
    ];
    const result = adjustWeightsForSla(
      DEFAULT_SCORING_WEIGHTS,
      { target: { percent: 80, seconds: 20 }, serviceLevelPercent: 10 },
      rules,
    );
    expect(result.rule).toBe("first");
    expectWeights(result.weights, { proficiency: 1.4 / 2, languageMatch: 0.3 / 2, csat: 0.3 / 2 });
  });

  it("clamps a weight pushed below 0 and renormalises", () => {
    const result = adjustWeightsForSla(
      { proficiency: 0.05, languageMatch: 0.9, csat: 0.05 },
      { target: { percent: 80, seconds: 20 }, serviceLevelPercent: 10 },
    );
    // 0.05 - 0.075 < 0 -> 0 for both; language 1.05 -> 1 after renormalising.
    expectWeights(result.weights, { proficiency: 0, languageMatch: 1, csat: 0 });
  });

  it("normalises base weights given in another unit before shifting", () => {
    const result = adjustWeightsForSla(
      { proficiency: 40, languageMatch: 30, csat: 30 },
      { target: { percent: 80, seconds: 20 }, serviceLevelPercent: 70 },
    );
    expectWeights(result.weights, { proficiency: 0.325, languageMatch: 0.45, csat: 0.225 });
  });
});

describe("adjustWeightsForSla: bad input", () => {
  const sla = { target: { percent: 80, seconds: 20 }, serviceLevelPercent: 70 };
  it.each([
    ["a level above 100", { ...sla, serviceLevelPercent: 101 }, InvalidInputError, "sla.serviceLevelPercent"],
    [
      "a NaN level",
      { ...sla, serviceLevelPercent: Number.NaN },
      InvalidInputError,
      "sla.serviceLevelPercent",
    ],
    ["a 0% target", { ...sla, target: { percent: 0, seconds: 20 } }, PolicyConfigError, "sla.target.percent"],
    [
      "a negative seconds target",
      { ...sla, target: { percent: 80, seconds: -1 } },
      PolicyConfigError,
      "sla.target.seconds",
    ],
  ])("rejects %s", (_label, input, Kind, field) => {
    expect(() => adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, input)).toThrow(Kind);
    expect(() => adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, input)).toThrow(
      expect.objectContaining({ field }),
    );
  });

  it("rejects a rule that shifts toward nothing", () => {
    const rule: SlaWeightRule = {
      name: "drain",
      when: "below",
      offsetPoints: 0,
      shift: { proficiency: -0.1, languageMatch: 0, csat: -0.1 },
    };
    expect(() => adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, sla, [rule])).toThrow(
      expect.objectContaining({ field: "rules[0].shift" }),
    );
  });

  it("rejects a rule with a NaN delta or an unknown comparison", () => {
    const nan: SlaWeightRule = {
      name: "nan",
      when: "below",
      offsetPoints: 0,
      shift: { proficiency: Number.NaN, languageMatch: 0.1, csat: 0 },
    };
    expect(() => adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, sla, [nan])).toThrow(
      expect.objectContaining({ field: "rules[0].shift.proficiency" }),
    );
    const odd = { ...DEFAULT_SLA_WEIGHT_RULES[0], when: "sometimes" } as unknown as SlaWeightRule;
    expect(() => adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, sla, [odd])).toThrow(
      expect.objectContaining({ field: "rules[0].when" }),
    );
  });
});

describe("adjustWeightsForSla: invariants (property)", () => {
  const weight = fc.double({ min: 0, max: 100, noNaN: true });
  const delta = fc.double({ min: -1, max: 1, noNaN: true });
  const target = fc.record({
    percent: fc.double({ min: 0.5, max: 100, noNaN: true }),
    seconds: fc.integer({ min: 1, max: 600 }),
  });
  const rule: fc.Arbitrary<SlaWeightRule> = fc.record({
    name: fc.string({ minLength: 1 }).filter((name) => name.trim() !== ""),
    when: fc.constantFrom("below" as const, "at-or-above" as const),
    offsetPoints: fc.double({ min: -100, max: 100, noNaN: true }),
    shift: fc
      .record({ proficiency: delta, languageMatch: delta, csat: delta })
      .filter((shift) => shift.proficiency > 0 || shift.languageMatch > 0 || shift.csat > 0),
  });

  it("weights sum to 1 (within 1e-9) and lie in [0, 1] after any adjustment of any valid input", () => {
    fc.assert(
      fc.property(
        fc
          .record({ proficiency: weight, languageMatch: weight, csat: weight })
          .filter((w) => w.proficiency + w.languageMatch + w.csat > 0),
        target,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.option(fc.array(rule, { maxLength: 4 }), { nil: undefined }),
        (base, slaTarget, level, rules) => {
          const { weights } = adjustWeightsForSla(
            base,
            { target: slaTarget, serviceLevelPercent: level },
            rules,
          );
          const values = [weights.proficiency, weights.languageMatch, weights.csat];
          expect(
            Math.abs(weights.proficiency + weights.languageMatch + weights.csat - 1),
          ).toBeLessThanOrEqual(1e-9);
          for (const value of values) expect(value >= 0 && value <= 1).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
