import { describe, expect, it } from "vitest";
import { InvalidInputError, PolicyConfigError } from "../errors.js";
import {
  DEFAULT_MEASURED_SLA_OPTIONS,
  slaTargetFromQueueServiceLevel,
  weightsForMeasuredServiceLevel,
} from "./measured-service-level.js";
import { DEFAULT_SCORING_WEIGHTS, type ScoringWeights } from "./score-agent.js";
import type { SlaWeightRule } from "./sla-weights.js";

const EIGHTY_TWENTY = { percent: 80, seconds: 20 };
const NINETY_FIVE_THIRTY = { percent: 95, seconds: 30 };

// The tutorial's rules exactly (`sla_target == "80/20" and current_performance < 0.75`, `sla_target ==
// "95/30" and current_performance >= 0.90`), for the cases where our defaults deliberately differ.
const TUTORIAL_RULES: readonly SlaWeightRule[] = [
  {
    name: "tutorial-80/20",
    when: "below",
    offsetPoints: -5,
    onlyForTarget: EIGHTY_TWENTY,
    shift: { proficiency: -0.075, languageMatch: 0.15, csat: -0.075 },
  },
  {
    name: "tutorial-95/30",
    when: "at-or-above",
    offsetPoints: -5,
    onlyForTarget: NINETY_FIVE_THIRTY,
    shift: { proficiency: -0.05, languageMatch: -0.05, csat: 0.1 },
  },
];

function expectWeights(actual: ScoringWeights, expected: ScoringWeights): void {
  expect(actual.proficiency).toBeCloseTo(expected.proficiency, 12);
  expect(actual.languageMatch).toBeCloseTo(expected.languageMatch, 12);
  expect(actual.csat).toBeCloseTo(expected.csat, 12);
}

describe("weightsForMeasuredServiceLevel (the tutorial's numbers)", () => {
  it("80/20 measured at 0.72 (< 0.75): language match up, 0.325 / 0.45 / 0.225", () => {
    const result = weightsForMeasuredServiceLevel(DEFAULT_SCORING_WEIGHTS, EIGHTY_TWENTY, {
      fraction: 0.72,
      contacts: 250,
    });
    expect(result).toMatchObject({
      rule: "behind-target",
      serviceLevelPercent: 72,
      contacts: 250,
      insufficientEvidence: false,
      target: EIGHTY_TWENTY,
      baseWeights: DEFAULT_SCORING_WEIGHTS,
    });
    expectWeights(result.weights, { proficiency: 0.325, languageMatch: 0.45, csat: 0.225 });
  });

  it("80/20 measured at exactly 0.75 keeps the base weights (the tutorial's `< 0.75`)", () => {
    const result = weightsForMeasuredServiceLevel(DEFAULT_SCORING_WEIGHTS, EIGHTY_TWENTY, { fraction: 0.75 });
    expect(result.rule).toBeNull();
    expectWeights(result.weights, DEFAULT_SCORING_WEIGHTS);
  });

  it("95/30 measured at 0.90: the tutorial's rules favour CSAT, 0.35 / 0.25 / 0.40", () => {
    const result = weightsForMeasuredServiceLevel(
      DEFAULT_SCORING_WEIGHTS,
      NINETY_FIVE_THIRTY,
      { fraction: 0.9 },
      { rules: TUTORIAL_RULES },
    );
    expect(result.rule).toBe("tutorial-95/30");
    expectWeights(result.weights, { proficiency: 0.35, languageMatch: 0.25, csat: 0.4 });
  });

  it("95/30 measured at 0.90 with our default rules: still short of target, so no relaxing", () => {
    expect(
      weightsForMeasuredServiceLevel(DEFAULT_SCORING_WEIGHTS, NINETY_FIVE_THIRTY, { fraction: 0.9 }).rule,
    ).toBeNull();
    expect(
      weightsForMeasuredServiceLevel(DEFAULT_SCORING_WEIGHTS, NINETY_FIVE_THIRTY, { fraction: 1 }).rule,
    ).toBe("ahead-of-target");
  });

  it("keeps the base weights when too few contacts were measured (default 20)", () => {
    expect(DEFAULT_MEASURED_SLA_OPTIONS.minContacts).toBe(20);
    const thin = weightsForMeasuredServiceLevel(DEFAULT_SCORING_WEIGHTS, EIGHTY_TWENTY, {
      fraction: 0.33,
      contacts: 3,
    });
    expect(thin).toMatchObject({ rule: null, insufficientEvidence: true, contacts: 3 });
    expectWeights(thin.weights, DEFAULT_SCORING_WEIGHTS);
    expect(thin.reason).toContain("3 contact(s)");
    const enough = weightsForMeasuredServiceLevel(
      DEFAULT_SCORING_WEIGHTS,
      EIGHTY_TWENTY,
      { fraction: 0.33, contacts: 3 },
      { minContacts: 3 },
    );
    expect(enough.rule).toBe("behind-target");
  });

  it("reads a fraction without float noise: 0.29 is 29 %", () => {
    const result = weightsForMeasuredServiceLevel(DEFAULT_SCORING_WEIGHTS, EIGHTY_TWENTY, { fraction: 0.29 });
    expect(result.serviceLevelPercent).toBe(29);
  });

  it.each([
    [{ fraction: 72 }, "measured.fraction"],
    [{ fraction: Number.NaN }, "measured.fraction"],
    [{ fraction: 0.5, contacts: 2.5 }, "measured.contacts"],
    [{ fraction: 0.5, contacts: -1 }, "measured.contacts"],
  ])("refuses the measurement %o naming %s", (measured, field) => {
    const call = () => weightsForMeasuredServiceLevel(DEFAULT_SCORING_WEIGHTS, EIGHTY_TWENTY, measured);
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });

  it("refuses bad options and targets naming the field", () => {
    expect(() =>
      weightsForMeasuredServiceLevel(
        DEFAULT_SCORING_WEIGHTS,
        EIGHTY_TWENTY,
        { fraction: 0.5 },
        { minContacts: -1 },
      ),
    ).toThrow(expect.objectContaining({ field: "minContacts" }));
    expect(() =>
      weightsForMeasuredServiceLevel(
        DEFAULT_SCORING_WEIGHTS,
        { percent: 0, seconds: 20 },
        { fraction: 0.5, contacts: 0 },
      ),
    ).toThrow(PolicyConfigError);
  });
});

describe("slaTargetFromQueueServiceLevel", () => {
  it("maps a Genesys queue's serviceLevel (fraction, ms) onto percent and seconds", () => {
    expect(slaTargetFromQueueServiceLevel({ percentage: 0.8, durationMs: 20_000 })).toEqual(EIGHTY_TWENTY);
    expect(slaTargetFromQueueServiceLevel({ percentage: 0.95, durationMs: 30_000 })).toEqual(
      NINETY_FIVE_THIRTY,
    );
  });

  it("refuses a percentage given as a percent, or a missing duration, naming the field", () => {
    expect(() => slaTargetFromQueueServiceLevel({ percentage: 80, durationMs: 20_000 })).toThrow(
      expect.objectContaining({ field: "serviceLevel.percentage" }),
    );
    expect(() => slaTargetFromQueueServiceLevel({ percentage: 0.8 })).toThrow(
      expect.objectContaining({ field: "serviceLevel.durationMs" }),
    );
  });
});
