import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgentProfile } from "../model.js";
import { DEFAULT_SCORING_OPTIONS, scoreAgent } from "./score-agent.js";

const agent: AgentProfile = { id: "a", skills: { billing: 4, sales: 2 }, languages: ["en"], csat: 0.9 };

describe("scoreAgent (the tutorial's weighted score)", () => {
  it("weights proficiency, language match and CSAT 0.4 / 0.3 / 0.3", () => {
    // 0.4 * 4/5 + 0.3 * 1 + 0.3 * 0.9
    expect(scoreAgent(agent, { requiredSkills: ["billing"], requiredLanguage: "en" })).toBeCloseTo(0.89, 12);
  });

  it("uses the CSAT fallback 0.5 for an agent without survey data", () => {
    const noCsat = { ...agent, csat: undefined };
    expect(scoreAgent(noCsat, { requiredSkills: ["billing"], requiredLanguage: "en" })).toBeCloseTo(
      0.32 + 0.3 + 0.15,
      12,
    );
  });

  it("treats a CSAT that is not a number as missing survey data", () => {
    const noCsat = scoreAgent(
      { ...agent, csat: undefined },
      { requiredSkills: ["billing"], requiredLanguage: "en" },
    );
    for (const csat of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(scoreAgent({ ...agent, csat }, { requiredSkills: ["billing"], requiredLanguage: "en" })).toBe(
        noCsat,
      );
    }
  });

  it("scores 0 below the minimum score 0.5", () => {
    // 0.4 * 0.4 (min of 4/5 and 2/5) + 0 + 0.27 = 0.43
    expect(scoreAgent(agent, { requiredSkills: ["billing", "sales"], requiredLanguage: "fr" })).toBe(0);
    expect(
      scoreAgent(
        agent,
        { requiredSkills: ["billing", "sales"], requiredLanguage: "fr" },
        { ...DEFAULT_SCORING_OPTIONS, minScore: 0.4 },
      ),
    ).toBeCloseTo(0.43, 12);
  });

  it("combines several skills by minimum by default, or by mean", () => {
    const requirement = { requiredSkills: ["billing", "sales"] };
    expect(scoreAgent(agent, requirement)).toBeCloseTo(0.4 * 0.4 + 0.3 + 0.27, 12);
    expect(scoreAgent(agent, requirement, { ...DEFAULT_SCORING_OPTIONS, skillCombine: "mean" })).toBeCloseTo(
      0.4 * 0.6 + 0.3 + 0.27,
      12,
    );
  });

  it("stays in [0, 1] and is 0 or at least minScore (property)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("billing", "sales", "tech"), fc.double({ min: -1, max: 7 })),
        fc.option(fc.double(), { nil: undefined }),
        fc.subarray(["billing", "sales", "tech"]),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (skills, csat, requiredSkills, minScore) => {
          const score = scoreAgent(
            { id: "x", skills, languages: ["en"], csat },
            { requiredSkills, requiredLanguage: "en" },
            { ...DEFAULT_SCORING_OPTIONS, minScore },
          );
          expect(score >= 0 && score <= 1).toBe(true);
          expect(score === 0 || score >= minScore).toBe(true);
        },
      ),
    );
  });
});
