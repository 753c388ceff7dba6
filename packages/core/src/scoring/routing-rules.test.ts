import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PolicyConfigError } from "../errors.js";
import type { RankedAgent } from "./rank-agents.js";
import { mapScoresToRoutingRules, type QueueRoutingRule, readRoutingRules } from "./routing-rules.js";

const ranked = (...scores: number[]): RankedAgent[] =>
  scores.map((score, index) => ({ agentId: `a${index}`, score, idleMs: 0 }));

const MEETS_80_THEN_ANY: QueueRoutingRule[] = [
  { operator: "MEETS_THRESHOLD", threshold: 80, waitSeconds: 10 },
  { operator: "ANY", waitSeconds: 10 },
];

describe("readRoutingRules", () => {
  it.each([
    ["no rules at all", undefined, { scoresUsed: false, gate: undefined, warning: "no-routing-rules" }],
    ["an empty list", [], { scoresUsed: false, gate: undefined, warning: "no-routing-rules" }],
    ["MEETS_THRESHOLD 80 then ANY", MEETS_80_THEN_ANY, { scoresUsed: true, gate: 80, warning: undefined }],
    [
      "ANY first",
      [{ operator: "ANY", waitSeconds: 5 }],
      { scoresUsed: true, gate: undefined, warning: undefined },
    ],
    [
      "a threshold of 0 (everyone meets it)",
      [{ operator: "MEETS_THRESHOLD", threshold: 0, waitSeconds: 5 }],
      { scoresUsed: true, gate: undefined, warning: undefined },
    ],
    [
      "only thresholds no score can meet",
      [
        { operator: "MEETS_THRESHOLD", threshold: 101, waitSeconds: 5 },
        { operator: "MEETS_THRESHOLD", threshold: null, waitSeconds: 5 },
      ],
      { scoresUsed: false, gate: undefined, warning: "threshold-unreachable" },
    ],
    [
      "an unreachable first rule, then a usable one",
      [{ operator: "MEETS_THRESHOLD", threshold: 150, waitSeconds: 30 }, ...MEETS_80_THEN_ANY],
      { scoresUsed: true, gate: 80, warning: "threshold-unreachable" },
    ],
    [
      "an operator this version does not know, then MEETS_THRESHOLD",
      [{ operator: "OutdatedSdkVersion" }, { operator: "MEETS_THRESHOLD", threshold: 60 }],
      { scoresUsed: true, gate: 60, warning: undefined },
    ],
  ] as const)("%s", (_what, rules, expected) => {
    expect(readRoutingRules(rules)).toEqual(expected);
  });
});

describe("mapScoresToRoutingRules", () => {
  it("MEETS_THRESHOLD: our preferred agents clear the threshold, the others stay below it", () => {
    // Composite scores: 0.95 and 0.8 are preferred (>= 0.75); 0.7 and 0.55 are not.
    const pairs = mapScoresToRoutingRules(ranked(0.95, 0.8, 0.7, 0.55), readRoutingRules(MEETS_80_THEN_ANY));
    expect(pairs.map((pair) => pair.id)).toEqual(["a0", "a1", "a2", "a3"]);
    const [best, preferred, fallback, last] = pairs.map((pair) => pair.score);
    expect(best).toBeGreaterThanOrEqual(80);
    expect(preferred).toBeGreaterThanOrEqual(80);
    expect(fallback).toBeLessThan(80);
    expect(last).toBeLessThan(80);
    expect(pairs).toEqual([
      { id: "a0", score: 96 },
      { id: "a1", score: 84 },
      { id: "a2", score: 63 },
      { id: "a3", score: 16 },
    ]);
    // Sent as they are, 0.8 would clear 80 but 0.7 (=70) would not, and a 0.78 preferred agent neither.
    const plain = mapScoresToRoutingRules(ranked(0.78), readRoutingRules([{ operator: "ANY" }]));
    expect(plain).toEqual([{ id: "a0", score: 78 }]);
    expect(mapScoresToRoutingRules(ranked(0.78), readRoutingRules(MEETS_80_THEN_ANY))[0]?.score).toBe(82);
  });

  it("a threshold of 1 leaves the non-preferred at 0 (below it), and 100 puts every preferred agent at 100", () => {
    const at1 = readRoutingRules([{ operator: "MEETS_THRESHOLD", threshold: 1, waitSeconds: 5 }]);
    expect(mapScoresToRoutingRules(ranked(0.9, 0.6), at1)).toEqual([
      { id: "a0", score: 60 },
      { id: "a1", score: 0 },
    ]);
    const at100 = readRoutingRules([{ operator: "MEETS_THRESHOLD", threshold: 100, waitSeconds: 5 }]);
    expect(mapScoresToRoutingRules(ranked(0.9, 0.76, 0.6), at100).map((pair) => pair.score)).toEqual([
      100, 100, 40,
    ]);
  });

  it("ANY first: the scores only order the agents and go as they are", () => {
    const routing = readRoutingRules([{ operator: "ANY", waitSeconds: 5 }]);
    expect(mapScoresToRoutingRules(ranked(0.91, 0.5), routing)).toEqual([
      { id: "a0", score: 91 },
      { id: "a1", score: 50 },
    ]);
  });

  it("sends nothing when the queue's rules ignore scores", () => {
    expect(mapScoresToRoutingRules(ranked(0.9), readRoutingRules([]))).toEqual([]);
    expect(
      mapScoresToRoutingRules(
        ranked(0.9),
        readRoutingRules([{ operator: "MEETS_THRESHOLD", threshold: 120, waitSeconds: 5 }]),
      ),
    ).toEqual([]);
  });

  it("keeps at most `limit` pairs and refuses bad options, naming them", () => {
    const routing = readRoutingRules(MEETS_80_THEN_ANY);
    expect(mapScoresToRoutingRules(ranked(0.9, 0.8, 0.7), routing, { limit: 2 })).toHaveLength(2);
    expect(() => mapScoresToRoutingRules([], routing, { preferredMinScore: 2 })).toThrow(PolicyConfigError);
    expect(() => mapScoresToRoutingRules([], routing, { limit: 101 })).toThrow(/limit/);
  });

  it("never changes the rank order, keeps scores in 0–100, and splits at the gate (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (scores, threshold, preferredMinScore) => {
          const sorted = [...scores].sort((a, b) => b - a);
          const routing = readRoutingRules([{ operator: "MEETS_THRESHOLD", threshold, waitSeconds: 5 }]);
          const pairs = mapScoresToRoutingRules(ranked(...sorted), routing, { preferredMinScore });
          expect(pairs.map((pair) => pair.id)).toEqual(sorted.map((_, index) => `a${index}`));
          pairs.forEach((pair, index) => {
            expect(pair.score).toBeGreaterThanOrEqual(0);
            expect(pair.score).toBeLessThanOrEqual(100);
            if (index > 0) expect(pair.score).toBeLessThanOrEqual(pairs[index - 1]?.score ?? 100);
            const preferred = (sorted[index] ?? 0) >= preferredMinScore;
            expect(pair.score >= threshold).toBe(preferred);
          });
        },
      ),
    );
  });
});
