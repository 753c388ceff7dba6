import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CandidateAgent, ROUTING_STATUSES } from "../model.js";
import { explainRanking } from "./explain-ranking.js";
import { rankAgents } from "./rank-agents.js";
import { buildRequestScoredAgents, buildRequestScoredAgentsExplained } from "./request-scored-agents.js";
import { DEFAULT_SCORING_OPTIONS, DEFAULT_SCORING_WEIGHTS, scoreAgent } from "./score-agent.js";
import { scoreComponents } from "./score-components.js";
import { adjustWeightsForSla } from "./sla-weights.js";

const NOW = Date.parse("2024-05-01T10:00:00.000Z");
const BILLING_EN = { requiredSkills: ["billing"], requiredLanguage: "en" };

function agent(id: string, overrides: Partial<CandidateAgent> = {}): CandidateAgent {
  return {
    id,
    skills: { billing: 4 },
    languages: ["en"],
    csat: 0.8,
    routingStatus: { status: "IDLE", startTime: NOW - 60_000 },
    ...overrides,
  };
}

describe("scoreComponents", () => {
  it("shows the three components, the fallback flag and the score scoreAgent gives", () => {
    const components = scoreComponents(agent("a", { csat: undefined }), BILLING_EN, DEFAULT_SCORING_OPTIONS);
    expect(components).toEqual({
      proficiency: 0.8,
      languageMatch: 1,
      csat: 0.5,
      csatFallback: true,
      weighted: expect.closeTo(0.4 * 0.8 + 0.3 + 0.3 * 0.5, 12),
      score: expect.closeTo(0.77, 12),
    });
    const known = scoreComponents(
      agent("b"),
      { requiredSkills: ["billing"], requiredLanguage: "fr" },
      DEFAULT_SCORING_OPTIONS,
    );
    expect(known).toMatchObject({ languageMatch: 0, csat: 0.8, csatFallback: false });
    expect(known.weighted).toBeCloseTo(0.32 + 0.24, 12);
    expect(known.score).toBe(known.weighted);
    const strict = scoreComponents(
      agent("b"),
      { requiredSkills: ["billing"], requiredLanguage: "fr" },
      {
        ...DEFAULT_SCORING_OPTIONS,
        minScore: 0.6,
      },
    );
    expect(strict).toMatchObject({ weighted: known.weighted, score: 0 });
  });

  it("always gives exactly scoreAgent's score (property)", () => {
    fc.assert(
      fc.property(
        agentArbitrary,
        requirementArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (candidate, requirement, minScore) => {
          const options = { ...DEFAULT_SCORING_OPTIONS, minScore };
          expect(scoreComponents(candidate, requirement, options).score).toBe(
            scoreAgent(candidate, requirement, options),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("explainRanking", () => {
  it("lists every candidate: ranked ones in rank order with their place, then the others with the reason", () => {
    const agents = [
      agent("busy", { routingStatus: { status: "INTERACTING", startTime: NOW - 5000 } }),
      agent("weak", { skills: { billing: 1 }, languages: ["fr"] }),
      agent("second", { routingStatus: { status: "IDLE", startTime: NOW - 10_000 } }),
      agent("unknown", { routingStatus: undefined }),
      agent("first", { skills: { billing: 5 } }),
    ];
    const { ranked, explanation } = explainRanking(agents, BILLING_EN, { nowMs: NOW });
    expect(ranked).toEqual(rankAgents(agents, BILLING_EN, { nowMs: NOW }));
    expect(
      explanation.candidates.map((candidate) => [
        candidate.agentId,
        candidate.rank,
        candidate.ineligibleReason,
      ]),
    ).toEqual([
      ["first", 1, null],
      ["second", 2, null],
      ["busy", null, "status-not-eligible"],
      ["weak", null, "below-min-score"],
      ["unknown", null, "no-routing-status"],
    ]);
    expect(explanation.counts).toEqual({ candidates: 5, eligible: 2, ranked: 2 });
    const first = explanation.candidates[0];
    expect(first).toMatchObject({ eligible: true, idleMs: 60_000, routingStatus: "IDLE", fairness: null });
    expect(first?.score).toBe(ranked[0]?.score);
    expect(explanation.candidates[3]).toMatchObject({
      eligible: false,
      score: 0,
      components: { languageMatch: 0 },
    });
    expect(explanation).toMatchObject({
      policy: "weighted",
      nowMs: NOW,
      requirement: { requiredSkills: ["billing"], requiredLanguage: "en" },
      weights: DEFAULT_SCORING_WEIGHTS,
      sla: null,
      minScore: 0.5,
      csatFallback: 0.5,
      skillCombine: "min",
      topN: 20,
      eligibleStatuses: ["IDLE"],
      fairness: null,
    });
  });

  it("shows an eligible agent beyond topN as eligible but unranked", () => {
    const agents = [agent("a", { skills: { billing: 5 } }), agent("b")];
    const { explanation } = explainRanking(agents, BILLING_EN, { nowMs: NOW, topN: 1 });
    expect(
      explanation.candidates.map((candidate) => [candidate.agentId, candidate.eligible, candidate.rank]),
    ).toEqual([
      ["a", true, 1],
      ["b", true, null],
    ]);
  });

  it("records the SLA rule and uses its weights (the caller's base weights are the rule's starting point)", () => {
    const slaAdjustment = adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, {
      target: { percent: 80, seconds: 20 },
      serviceLevelPercent: 72,
    });
    const agents = [agent("a"), agent("b", { languages: ["fr"], skills: { billing: 5 } })];
    const { ranked, explanation } = explainRanking(agents, BILLING_EN, { nowMs: NOW }, { slaAdjustment });
    expect(ranked).toEqual(rankAgents(agents, BILLING_EN, { nowMs: NOW, weights: slaAdjustment.weights }));
    // The weights ranking used: the rule's, renormalised (equal up to float rounding).
    for (const name of ["proficiency", "languageMatch", "csat"] as const) {
      expect(explanation.weights[name]).toBeCloseTo(slaAdjustment.weights[name], 12);
    }
    expect(explanation.sla).toEqual({
      baseWeights: DEFAULT_SCORING_WEIGHTS,
      rule: "behind-target",
      target: { percent: 80, seconds: 20 },
      serviceLevelPercent: 72,
    });
  });

  it("shows an unparseable start time of an agent that could not rank as null instead of failing", () => {
    const agents = [
      agent("a", { skills: { billing: 5 } }),
      agent("b", {
        languages: ["fr"],
        skills: { billing: 0 },
        routingStatus: { status: "IDLE", startTime: "yesterday" },
      }),
    ];
    const { explanation } = explainRanking(agents, BILLING_EN, { nowMs: NOW });
    expect(explanation.candidates[1]).toMatchObject({
      agentId: "b",
      idleMs: null,
      ineligibleReason: "below-min-score",
    });
  });

  it("ranks exactly as rankAgents, with and without the fairness term, and every ranked score is the candidate's (property)", () => {
    fc.assert(
      fc.property(
        agentsArbitrary,
        requirementArbitrary,
        fc.integer({ min: 1, max: 25 }),
        fc.option(
          fc.record({
            signal: fc.constantFrom("idle-time" as const, "occupancy" as const),
            weight: fc.double({ min: 0, max: 0.9, noNaN: true }),
          }),
          { nil: undefined },
        ),
        (agents, requirement, topN, fairness) => {
          const options = { nowMs: NOW, topN, fairness };
          const { ranked, explanation } = explainRanking(agents, requirement, options);
          expect(ranked).toEqual(rankAgents(agents, requirement, options));
          expect(explanation.candidates).toHaveLength(agents.length);
          const rankedCandidates = explanation.candidates.filter((candidate) => candidate.rank !== null);
          expect(
            rankedCandidates.map((candidate) => [candidate.agentId, candidate.score, candidate.idleMs]),
          ).toEqual(ranked.map((entry) => [entry.agentId, entry.score, entry.idleMs]));
          for (const candidate of explanation.candidates) {
            expect(candidate.eligible).toBe(candidate.ineligibleReason === null);
            expect(candidate.fairness === null).toBe(fairness === undefined);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("explainRanking with explainAtMost", () => {
  it("explains exactly the first N candidates of the full explanation, with the same ranking and counts (property)", () => {
    fc.assert(
      fc.property(
        agentsArbitrary,
        requirementArbitrary,
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 70 }),
        fc.boolean(),
        fc.boolean(),
        (agents, requirement, topN, explainAtMost, withFairness, withExclusions) => {
          const options = { nowMs: NOW, topN, ...(withFairness ? { fairness: {} } : {}) };
          const excluded = withExclusions
            ? new Map(
                agents
                  .filter((_, index) => index % 3 === 0)
                  .map((a) => [a.id, "assignment-rejected" as const]),
              )
            : undefined;
          const full = explainRanking(agents, requirement, options, { excluded });
          const cut = explainRanking(agents, requirement, options, { excluded, explainAtMost });
          expect(cut.ranked).toEqual(full.ranked);
          expect(cut.explanation.counts).toEqual(full.explanation.counts);
          expect(cut.explanation.candidates).toEqual(full.explanation.candidates.slice(0, explainAtMost));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a limit that is not a whole number of at least 0, naming it", () => {
    for (const explainAtMost of [-1, 1.5, Number.NaN]) {
      expect(() => explainRanking([agent("a")], BILLING_EN, { nowMs: NOW }, { explainAtMost })).toThrow(
        /explainAtMost/,
      );
    }
  });
});

describe("buildRequestScoredAgentsExplained", () => {
  it("gives exactly buildRequestScoredAgents' body, with the explanation (property)", () => {
    fc.assert(
      fc.property(
        agentsArbitrary,
        requirementArbitrary,
        fc.integer({ min: 1, max: 100 }),
        (agents, requirement, topN) => {
          const options = { nowMs: NOW, topN };
          const explained = buildRequestScoredAgentsExplained(agents, requirement, options);
          expect(explained.requestScoredAgents).toEqual(
            buildRequestScoredAgents(agents, requirement, options),
          );
          expect(explained.explanation.topN).toBe(topN);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("holds ids, numbers, booleans, enums and nulls only: nothing a customer typed", () => {
    const { explanation } = buildRequestScoredAgentsExplained(
      [agent("a"), agent("b", { name: "Bob Smith", routingStatus: undefined })],
      BILLING_EN,
      { nowMs: NOW, fairness: {} },
    );
    const text = JSON.stringify(explanation);
    expect(text).not.toContain("Bob Smith");
    expect(JSON.parse(text)).toEqual(explanation);
  });
});

const agentArbitrary: fc.Arbitrary<CandidateAgent> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 4 }),
    skills: fc.record(
      { billing: fc.constantFrom(0, 1, 2.5, 3, 4, 5), sales: fc.constantFrom(0, 2, 4, 5) },
      { requiredKeys: [] },
    ),
    languages: fc.subarray(["en", "fr", "de"]),
    csat: fc.option(fc.constantFrom(0, 0.25, 0.5, 0.8, 1, Number.NaN), { nil: undefined }),
    occupancy: fc.option(fc.constantFrom(0, 0.3, 0.9, 1), { nil: undefined }),
    routingStatus: fc.option(
      fc.record({
        status: fc.constantFrom(...ROUTING_STATUSES),
        startTime: fc.oneof(fc.integer({ min: NOW - 3_600_000, max: NOW + 5000 }), fc.constant(undefined)),
      }),
      { nil: undefined },
    ),
  },
  { requiredKeys: ["id", "skills", "languages"] },
);
const requirementArbitrary = fc.record(
  { requiredSkills: fc.subarray(["billing", "sales"]), requiredLanguage: fc.constantFrom("en", "fr") },
  { requiredKeys: ["requiredSkills"] },
);
const agentsArbitrary = fc.uniqueArray(agentArbitrary, {
  selector: (candidate) => candidate.id,
  maxLength: 60,
});
