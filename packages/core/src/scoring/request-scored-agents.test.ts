import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PolicyConfigError } from "../errors.js";
import type { CandidateAgent } from "../model.js";
import {
  buildRequestScoredAgents,
  MAX_SCORED_AGENT_LIMIT,
  toGenesysScore,
  toRequestScoredAgents,
} from "./request-scored-agents.js";

const NOW = 1_714_557_600_000;

function agent(id: string, billing: number, idleMs = 1000): CandidateAgent {
  return {
    id,
    skills: { billing },
    languages: ["en"],
    csat: 0.5,
    routingStatus: { status: "IDLE", startTime: NOW - idleMs },
  };
}

describe("toGenesysScore", () => {
  it.each([
    [0.825, 83],
    [0.824, 82],
    [1, 100],
    [1.2, 100],
    [0.004, 0],
    [-0.5, 0],
    [Number.NaN, 0],
  ])("maps %d to %i", (score, expected) => {
    expect(toGenesysScore(score)).toBe(expected);
  });
});

describe("toRequestScoredAgents", () => {
  it("keeps rank order, converts scores to integers 0–100 and drops those rounding to 0", () => {
    const ranked = [
      { agentId: "a", score: 0.91, idleMs: 0 },
      { agentId: "b", score: 0.555, idleMs: 0 },
      { agentId: "c", score: 0.004, idleMs: 0 },
    ];
    expect(toRequestScoredAgents(ranked)).toEqual([
      { id: "a", score: 91 },
      { id: "b", score: 56 },
    ]);
  });

  it("lists at most `limit` pairs, and refuses a limit Genesys would not accept", () => {
    const ranked = Array.from({ length: 150 }, (_, index) => ({
      agentId: `a${index}`,
      score: 0.9,
      idleMs: 0,
    }));
    expect(toRequestScoredAgents(ranked)).toHaveLength(20);
    expect(toRequestScoredAgents(ranked, MAX_SCORED_AGENT_LIMIT)).toHaveLength(100);
    expect(() => toRequestScoredAgents(ranked, 101)).toThrow(PolicyConfigError);
    expect(() => toRequestScoredAgents(ranked, 0)).toThrow(expect.objectContaining({ field: "limit" }));
  });
});

describe("buildRequestScoredAgents", () => {
  it("returns the top 20 by default, best first, ties by longest idle", () => {
    const agents = [
      ...Array.from({ length: 25 }, (_, index) => agent(`low-${index}`, 3, index)),
      agent("top", 5),
      agent("tied-short", 4, 10),
      agent("tied-long", 4, 99_000),
    ];
    const body = buildRequestScoredAgents(agents, { requiredSkills: ["billing"] }, { nowMs: NOW });
    expect(body).toHaveLength(20);
    expect(body.slice(0, 3).map((pair) => pair.id)).toEqual(["top", "tied-long", "tied-short"]);
    // 0.4 * 1 + 0.3 * 1 + 0.3 * 0.5 = 0.85
    expect(body[0]).toEqual({ id: "top", score: 85 });
  });

  it("refuses topN above 100", () => {
    expect(() => buildRequestScoredAgents([], { requiredSkills: [] }, { nowMs: NOW, topN: 101 })).toThrow(
      expect.objectContaining({ name: "PolicyConfigError", field: "topN" }),
    );
  });

  it("gives integer scores in [1, 100], non-increasing, at most topN (property)", () => {
    const candidate = fc.record({
      id: fc.uuid(),
      skills: fc.record({ billing: fc.double({ min: 0, max: 5, noNaN: true }) }),
      languages: fc.subarray(["en", "fr"]),
      csat: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      routingStatus: fc.constant({ status: "IDLE" as const, startTime: NOW - 1 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 150 }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (agents, topN, minScore) => {
          const body = buildRequestScoredAgents(
            agents,
            { requiredSkills: ["billing"], requiredLanguage: "en" },
            { nowMs: NOW, topN, minScore },
          );
          expect(body.length).toBeLessThanOrEqual(topN);
          for (const [index, pair] of body.entries()) {
            expect(Number.isInteger(pair.score) && pair.score >= 1 && pair.score <= 100).toBe(true);
            expect(pair.score).toBeLessThanOrEqual(body[index - 1]?.score ?? 100);
          }
        },
      ),
    );
  });
});
