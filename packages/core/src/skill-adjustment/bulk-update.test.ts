import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { buildRoutingSkillBulkUpdates } from "./bulk-update.js";
import { decideSkillAdjustment, type SkillAdjustmentDecision } from "./decide-adjustment.js";

function decisionFor(
  userId: string,
  skillId: string,
  currentProficiency: number,
  csat: number,
): SkillAdjustmentDecision {
  return decideSkillAdjustment({
    userId,
    skillId,
    currentProficiency,
    performance: { conversations: 50, averageHandleTimeSeconds: 200, csat, csatScale: 100 },
  });
}

describe("buildRoutingSkillBulkUpdates", () => {
  it("groups adjustments into one PATCH …/routingskills/bulk body per user, users sorted, no-changes left out", () => {
    const decisions = [
      decisionFor("user-b", "skill-1", 3, 80), // -> 3.5 (target 4)
      decisionFor("user-a", "skill-2", 2, 50), // -> 2.5 (target 2.5)
      decisionFor("user-b", "skill-3", 4, 80), // at target: no change
      decisionFor("user-b", "skill-4", 1, 30), // -> 1.5 (target 1.5)
    ];
    expect(decisions[2]?.kind).toBe("no-change");
    expect(buildRoutingSkillBulkUpdates(decisions)).toEqual([
      { userId: "user-a", skills: [{ id: "skill-2", proficiency: 2.5 }] },
      {
        userId: "user-b",
        skills: [
          { id: "skill-1", proficiency: 3.5 },
          { id: "skill-4", proficiency: 1.5 },
        ],
      },
    ]);
  });

  it("is empty when nothing changes", () => {
    expect(buildRoutingSkillBulkUpdates([decisionFor("u", "s", 4, 80)])).toEqual([]);
  });

  it("refuses two adjustments of the same user and skill", () => {
    const twice = [decisionFor("u", "s", 1, 80), decisionFor("u", "s", 2, 80)];
    expect(() => buildRoutingSkillBulkUpdates(twice)).toThrow(InvalidInputError);
  });
});
