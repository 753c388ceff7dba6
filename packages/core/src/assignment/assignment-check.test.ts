import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PolicyConfigError } from "../errors.js";
import { type AssignmentDecision, checkAssignment, explainAssignmentCheck } from "./assignment-check.js";

function check(
  skills: Record<string, number>,
  requiredSkills: string[],
  queueId = "q-support",
  options = {},
): AssignmentDecision {
  return checkAssignment({ queueId, agent: { id: "agent-1", skills }, requiredSkills }, options);
}

describe("checkAssignment", () => {
  it("normalises proficiency 0–5 to 0–1 and approves at exactly the threshold (inclusive)", () => {
    const decision = check({ billing: 3.75 }, ["billing"]);
    expect(decision).toMatchObject({ kind: "approve", score: 0.75, threshold: 0.75 });
    expect(decision.reason).toMatch(/approved.*0\.75.*>= threshold 0\.75/);
  });

  it("rejects just below the threshold, naming the skill and its figures", () => {
    const decision = check({ billing: 3.7 }, ["billing"]);
    expect(decision.kind).toBe("reject");
    if (decision.kind !== "reject") return;
    expect(decision.shortfalls).toEqual([{ skillId: "billing", proficiency: 3.7, normalised: 3.7 / 5 }]);
    expect(decision.reason).toContain("billing 3.7/5 = 0.74");
    expect(decision.reason).toContain("< threshold 0.75");
  });

  it("combines skills by minimum by default: one weak skill rejects, and only the weak one is named", () => {
    const decision = check({ billing: 5, sales: 2 }, ["billing", "sales"]);
    expect(decision).toMatchObject({ kind: "reject", score: 0.4 });
    if (decision.kind === "reject")
      expect(decision.shortfalls.map((skill) => skill.skillId)).toEqual(["sales"]);
  });

  it("combines by mean when configured", () => {
    const decision = check({ billing: 5, sales: 2.5 }, ["billing", "sales"], "q-support", {
      skillCombine: "mean",
    });
    expect(decision).toMatchObject({ kind: "approve", score: 0.75 });
  });

  it("scores an agent with none of the skills 0, and lists the missing skills", () => {
    const decision = check({ other: 5 }, ["billing", "sales"]);
    expect(decision).toMatchObject({ kind: "reject", score: 0 });
    if (decision.kind === "reject") {
      expect(decision.shortfalls).toEqual([
        { skillId: "billing", proficiency: null, normalised: 0 },
        { skillId: "sales", proficiency: null, normalised: 0 },
      ]);
      expect(decision.reason).toContain("billing missing");
    }
    expect(check({ other: 5 }, ["billing"], "q", { skillCombine: "mean" })).toMatchObject({
      kind: "reject",
      score: 0,
    });
  });

  it("approves anyone when the conversation requests no skills", () => {
    expect(check({}, [])).toMatchObject({
      kind: "approve",
      reason: expect.stringContaining("requests no skills"),
    });
  });

  it("uses a per-queue threshold, and the default for other queues", () => {
    const thresholds = { defaultThreshold: 0.75, perQueue: { "q-vip": 0.9, "q-overflow": 0.5 } };
    expect(check({ billing: 4 }, ["billing"], "q-vip", { thresholds })).toMatchObject({
      kind: "reject",
      threshold: 0.9,
    });
    expect(check({ billing: 3 }, ["billing"], "q-overflow", { thresholds })).toMatchObject({
      kind: "approve",
      threshold: 0.5,
    });
    expect(check({ billing: 3 }, ["billing"], "q-other", { thresholds })).toMatchObject({
      kind: "reject",
      threshold: 0.75,
    });
  });

  it.each([
    [
      "a threshold above 1",
      { thresholds: { defaultThreshold: 1.5, perQueue: {} } },
      "thresholds.defaultThreshold",
    ],
    [
      "a negative threshold",
      { thresholds: { defaultThreshold: -0.1, perQueue: {} } },
      "thresholds.defaultThreshold",
    ],
    [
      "a NaN per-queue threshold",
      { thresholds: { defaultThreshold: 0.75, perQueue: { "q-x": Number.NaN } } },
      "thresholds.perQueue.q-x",
    ],
    ["an unknown combine", { skillCombine: "max" }, "skillCombine"],
  ])("throws PolicyConfigError for %s", (_label, options, field) => {
    const call = () => check({ billing: 4 }, ["billing"], "q-support", options);
    expect(call).toThrow(PolicyConfigError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });

  it.each([
    ["a NaN proficiency", { billing: Number.NaN }, "agent.skills.billing"],
    ["a proficiency above 5", { billing: 6 }, "agent.skills.billing"],
    ["a negative proficiency", { billing: -1 }, "agent.skills.billing"],
  ])("throws InvalidInputError for %s", (_label, skills, field) => {
    const call = () => check(skills, ["billing"]);
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });

  it("throws InvalidInputError for a missing queue id", () => {
    expect(() => check({ billing: 4 }, ["billing"], "")).toThrow(
      expect.objectContaining({ field: "queueId" }),
    );
  });

  it("approves exactly when the combined score reaches the threshold; a rejection always names a skill below it (property)", () => {
    const skills = ["a", "b", "c"];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...skills), fc.double({ min: 0, max: 5, noNaN: true })),
        fc.subarray(skills, { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("min" as const, "mean" as const),
        (held, required, threshold, skillCombine) => {
          const decision = check(held, required, "q", {
            thresholds: { defaultThreshold: threshold, perQueue: {} },
            skillCombine,
          });
          expect(decision.kind === "approve").toBe(decision.score >= threshold);
          if (decision.kind === "reject") {
            expect(decision.shortfalls.length).toBeGreaterThan(0);
            for (const shortfall of decision.shortfalls) expect(shortfall.normalised).toBeLessThan(threshold);
          }
        },
      ),
    );
  });
});

describe("where the tutorial's assignment check goes wrong", () => {
  it("reads skills per USER: the same agent and skills score the same on every queue; only the threshold is per queue", () => {
    // The tutorial looked up `profile.skills.find(s => s.queueId === queueId)` from an invented
    // `/routing/users/{id}/routing/profile` endpoint. Genesys proficiencies belong to the user
    // (GET /api/v2/users/{userId}/routingskills), so our input has no queue on a skill at all.
    const agent = { id: "agent-1", skills: { billing: 4 } };
    const thresholds = { defaultThreshold: 0.75, perQueue: { "q-vip": 0.9 } };
    const onSupport = checkAssignment(
      { queueId: "q-support", agent, requiredSkills: ["billing"] },
      { thresholds },
    );
    const onVip = checkAssignment({ queueId: "q-vip", agent, requiredSkills: ["billing"] }, { thresholds });
    expect(onSupport.score).toBe(onVip.score);
    expect([onSupport.kind, onVip.kind]).toEqual(["approve", "reject"]);
  });

  it("compares on the 0–1 scale: a 1-out-of-5 agent, which the tutorial's raw `1.0 >= 0.75` approved, is rejected", () => {
    // The tutorial's `evaluateSkillThreshold`, fed the raw proficiency it read.
    const tutorialEvaluate = (score: number) => (score >= 0.75 ? "approve" : "reject");
    expect(tutorialEvaluate(1)).toBe("approve");
    expect(check({ billing: 1 }, ["billing"])).toMatchObject({ kind: "reject", score: 0.2 });
  });
});

describe("explainAssignmentCheck", () => {
  it("returns checkAssignment's decision with every requested skill, the threshold and where it came from", () => {
    const input = {
      queueId: "q-vip",
      agent: { id: "agent-1", skills: { billing: 4, sales: 5 } },
      requiredSkills: ["billing", "sales", "fraud"],
    };
    const options = { thresholds: { defaultThreshold: 0.75, perQueue: { "q-vip": 0.9 } } };
    const { decision, explanation } = explainAssignmentCheck(input, options);
    expect(decision).toEqual(checkAssignment(input, options));
    expect(explanation).toEqual({
      policy: "assignment-check",
      agentId: "agent-1",
      queueId: "q-vip",
      skillCombine: "min",
      threshold: 0.9,
      thresholdSource: "queue",
      skills: [
        { skillId: "billing", proficiency: 4, normalised: 0.8, meetsThreshold: false },
        { skillId: "sales", proficiency: 5, normalised: 1, meetsThreshold: true },
        { skillId: "fraud", proficiency: null, normalised: 0, meetsThreshold: false },
      ],
      score: 0,
      outcome: "reject",
    });
    const onDefault = explainAssignmentCheck(
      { ...input, queueId: "q-other", requiredSkills: ["sales"] },
      options,
    );
    expect(onDefault.explanation).toMatchObject({
      thresholdSource: "default",
      threshold: 0.75,
      outcome: "approve",
    });
  });
});
