import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PolicyConfigError } from "../errors.js";
import { type CandidateAgent, ROUTING_STATUSES } from "../model.js";
import { compareRankedAgents, type RankedAgent, rankAgents } from "./rank-agents.js";
import { DEFAULT_SCORING_OPTIONS, scoreAgent } from "./score-agent.js";

const NOW = Date.parse("2024-05-01T10:00:00.000Z");
const BILLING_EN = { requiredSkills: ["billing"], requiredLanguage: "en" };

function idleAgent(id: string, idleSeconds: number, overrides: Partial<CandidateAgent> = {}): CandidateAgent {
  return {
    id,
    skills: { billing: 4 },
    languages: ["en"],
    csat: 0.8,
    routingStatus: { status: "IDLE", startTime: new Date(NOW - idleSeconds * 1000).toISOString() },
    ...overrides,
  };
}

describe("rankAgents: tie-breaking", () => {
  it("puts the agent idle longest first among equal scores (from routingStatus.startTime)", () => {
    const agents = [idleAgent("a", 30), idleAgent("b", 300), idleAgent("c", 120)];
    const ranked = rankAgents(agents, BILLING_EN, { nowMs: NOW });
    expect(ranked.map((agent) => agent.agentId)).toEqual(["b", "c", "a"]);
    expect(ranked.map((agent) => agent.idleMs)).toEqual([300_000, 120_000, 30_000]);
    expect(new Set(ranked.map((agent) => agent.score)).size).toBe(1);
  });

  it("is not the tutorial's placeholder: with all idle times 0 the longest-idle agent would not win", () => {
    // The tutorial tie-broke on `{a["id"]: 0 for a in agents}`: every tie then fell to input order.
    const agents = [idleAgent("a", 10), idleAgent("z", 900)];
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW })[0]?.agentId).toBe("z");
    const placeholder = agents.map((agent) => ({
      ...agent,
      routingStatus: { status: "IDLE" as const, startTime: NOW },
    }));
    expect(rankAgents(placeholder, BILLING_EN, { nowMs: NOW })[0]?.agentId).toBe("a");
  });

  it("breaks a tie on score and idle time by agent id", () => {
    const agents = [idleAgent("m", 60), idleAgent("b", 60), idleAgent("x", 60)];
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW }).map((agent) => agent.agentId)).toEqual([
      "b",
      "m",
      "x",
    ]);
  });

  it("ranks a higher score above a longer idle time", () => {
    const agents = [
      idleAgent("long-idle", 3600, { skills: { billing: 3 } }),
      idleAgent("expert", 1, { skills: { billing: 5 } }),
    ];
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW }).map((agent) => agent.agentId)).toEqual([
      "expert",
      "long-idle",
    ]);
  });
});

describe("rankAgents: eligibility", () => {
  it("excludes agents who are not IDLE, or whose status is unknown, by default", () => {
    const agents = [
      idleAgent("idle", 5),
      idleAgent("busy", 5, { routingStatus: { status: "INTERACTING", startTime: NOW - 5000 } }),
      idleAgent("away", 5, { routingStatus: { status: "OFF_QUEUE" } }),
      idleAgent("unknown", 5, { routingStatus: undefined }),
    ];
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW }).map((agent) => agent.agentId)).toEqual(["idle"]);
  });

  it("ranks other statuses when configured, counting them as idle for 0 ms", () => {
    const agents = [
      idleAgent("idle", 5),
      idleAgent("busy", 5, { routingStatus: { status: "INTERACTING", startTime: NOW - 5000 } }),
      idleAgent("unknown", 5, { routingStatus: undefined }),
    ];
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW, eligibleStatuses: ["IDLE", "INTERACTING"] })).toEqual(
      [
        { agentId: "idle", score: expect.any(Number), idleMs: 5000 },
        { agentId: "busy", score: expect.any(Number), idleMs: 0 },
      ],
    );
    expect(
      rankAgents(agents, BILLING_EN, { nowMs: NOW, eligibleStatuses: "any" }).map((agent) => agent.agentId),
    ).toEqual(["idle", "busy", "unknown"]);
  });

  it("leaves out agents scoring below minScore", () => {
    const agents = [
      idleAgent("fit", 5),
      idleAgent("no-skill-no-language", 500, { skills: {}, languages: ["fr"], csat: 0.9 }),
    ];
    // 0.4 * 0 + 0.3 * 0 + 0.3 * 0.9 = 0.27 < 0.5
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW }).map((agent) => agent.agentId)).toEqual(["fit"]);
    expect(
      rankAgents(agents, BILLING_EN, { nowMs: NOW, minScore: 0.2 }).map((agent) => agent.agentId),
    ).toEqual(["fit", "no-skill-no-language"]);
  });

  it("returns at most topN agents (default 20)", () => {
    const agents = Array.from({ length: 30 }, (_, index) => idleAgent(`agent-${index}`, index));
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW })).toHaveLength(20);
    expect(rankAgents(agents, BILLING_EN, { nowMs: NOW, topN: 3 }).map((agent) => agent.agentId)).toEqual([
      "agent-29",
      "agent-28",
      "agent-27",
    ]);
  });

  it("renormalises weights, so 4/3/3 ranks and scores as 0.4/0.3/0.3", () => {
    const agents = [idleAgent("a", 1, { csat: 0.2 }), idleAgent("b", 2, { skills: { billing: 2 } })];
    expect(
      rankAgents(agents, BILLING_EN, { nowMs: NOW, weights: { proficiency: 4, languageMatch: 3, csat: 3 } }),
    ).toEqual(rankAgents(agents, BILLING_EN, { nowMs: NOW }));
  });
});

describe("rankAgents: bad input", () => {
  it.each([
    ["topN 0", { topN: 0 }, "topN"],
    ["fractional topN", { topN: 2.5 }, "topN"],
    ["NaN nowMs", { nowMs: Number.NaN }, "nowMs"],
    ["negative weight", { weights: { proficiency: -1, languageMatch: 1, csat: 1 } }, "weights.proficiency"],
    ["minScore above 1", { minScore: 1.5 }, "minScore"],
    ["NaN csatFallback", { csatFallback: Number.NaN }, "csatFallback"],
    ["empty status list", { eligibleStatuses: [] }, "eligibleStatuses"],
    ["unknown status", { eligibleStatuses: ["AVAILABLE" as "IDLE"] }, "eligibleStatuses[0]"],
  ])("throws PolicyConfigError for %s", (_label, options, field) => {
    const call = () => rankAgents([idleAgent("a", 1)], BILLING_EN, { nowMs: NOW, ...options });
    expect(call).toThrow(PolicyConfigError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });

  it("throws InvalidInputError for an unparseable startTime of an agent who could make the top N, in any order", () => {
    const broken = idleAgent("broken", 0, {
      skills: { billing: 5 },
      routingStatus: { status: "IDLE", startTime: "soon" },
    });
    const others = Array.from({ length: 5 }, (_, index) =>
      idleAgent(`s${index}`, 1, { skills: { billing: index < 2 ? 5 : 3 } }),
    );
    for (const agents of [
      [broken, ...others],
      [...others, broken],
    ]) {
      expect(() => rankAgents(agents, BILLING_EN, { nowMs: NOW, topN: 2 })).toThrow(
        expect.objectContaining({
          name: "InvalidInputError",
          field: "agents[broken].routingStatus.startTime",
        }),
      );
    }
  });

  it("never reads the start time of an agent scoring below the N-th best, in any order", () => {
    // Its idle time cannot change the result, and skipping the parse is what makes ranking cheap.
    const weak = idleAgent("weak", 0, {
      skills: { billing: 3 },
      routingStatus: { status: "IDLE", startTime: "soon" },
    });
    const strong = Array.from({ length: 3 }, (_, index) =>
      idleAgent(`s${index}`, index, { skills: { billing: 5 } }),
    );
    for (const agents of [
      [weak, ...strong],
      [...strong, weak],
    ]) {
      expect(rankAgents(agents, BILLING_EN, { nowMs: NOW, topN: 2 }).map((agent) => agent.agentId)).toEqual([
        "s2",
        "s1",
      ]);
    }
  });

  it("throws InvalidInputError for a malformed requirement", () => {
    expect(() =>
      rankAgents([], { requiredSkills: "billing" as unknown as string[] }, { nowMs: NOW }),
    ).toThrow(InvalidInputError);
  });
});

const agentArbitrary: fc.Arbitrary<CandidateAgent> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  skills: fc.record(
    { billing: fc.constantFrom(0, 1, 2.5, 3, 4, 5), sales: fc.constantFrom(0, 2, 4, 5) },
    { requiredKeys: [] },
  ),
  languages: fc.subarray(["en", "fr", "de"]),
  csat: fc.option(fc.constantFrom(0, 0.25, 0.5, 0.8, 1), { nil: undefined }),
  routingStatus: fc.record({
    status: fc.constantFrom(...ROUTING_STATUSES),
    startTime: fc.oneof(fc.integer({ min: NOW - 3_600_000, max: NOW + 5000 }), fc.constant(undefined)),
  }),
});
const requirementArbitrary = fc.record(
  { requiredSkills: fc.subarray(["billing", "sales"]), requiredLanguage: fc.constantFrom("en", "fr") },
  { requiredKeys: ["requiredSkills"] },
);
// Unique ids, as Genesys user ids are.
const agentsArbitrary = fc.uniqueArray(agentArbitrary, { selector: (agent) => agent.id, maxLength: 60 });

function fullSortRanking(
  agents: readonly CandidateAgent[],
  requirement: typeof BILLING_EN | { requiredSkills: string[] },
  statuses: "any" | "IDLE",
): RankedAgent[] {
  const all: RankedAgent[] = [];
  for (const agent of agents) {
    if (statuses === "IDLE" && agent.routingStatus?.status !== "IDLE") continue;
    const score = scoreAgent(agent, requirement, DEFAULT_SCORING_OPTIONS);
    if (score <= 0) continue;
    const start = agent.routingStatus?.startTime;
    const idleMs =
      agent.routingStatus?.status === "IDLE" && typeof start === "number" ? Math.max(0, NOW - start) : 0;
    all.push({ agentId: agent.id, score, idleMs });
  }
  return all.sort(compareRankedAgents);
}

describe("rankAgents: properties", () => {
  it("top N equals the first N of a full stable sort", () => {
    fc.assert(
      fc.property(
        agentsArbitrary,
        requirementArbitrary,
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom("any" as const, "IDLE" as const),
        (agents, requirement, topN, statuses) => {
          const ranked = rankAgents(agents, requirement, {
            nowMs: NOW,
            topN,
            eligibleStatuses: statuses === "any" ? "any" : ["IDLE"],
          });
          expect(ranked).toEqual(fullSortRanking(agents, requirement, statuses).slice(0, topN));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("gives the same output for the same agents in any order", () => {
    fc.assert(
      fc.property(
        agentsArbitrary.chain((agents) =>
          fc.tuple(fc.constant(agents), fc.shuffledSubarray(agents, { minLength: agents.length })),
        ),
        requirementArbitrary,
        fc.integer({ min: 1, max: 10 }),
        ([agents, shuffled], requirement, topN) => {
          const options = { nowMs: NOW, topN, eligibleStatuses: "any" as const };
          expect(rankAgents(shuffled, requirement, options)).toEqual(
            rankAgents(agents, requirement, options),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("returns scores in (0, 1], best first", () => {
    fc.assert(
      fc.property(agentsArbitrary, requirementArbitrary, (agents, requirement) => {
        const ranked = rankAgents(agents, requirement, { nowMs: NOW, topN: 100, eligibleStatuses: "any" });
        for (const [index, agent] of ranked.entries()) {
          expect(agent.score > 0 && agent.score <= 1).toBe(true);
          const next = ranked[index + 1];
          if (next !== undefined) expect(compareRankedAgents(agent, next)).toBeLessThan(0);
        }
      }),
    );
  });
});
