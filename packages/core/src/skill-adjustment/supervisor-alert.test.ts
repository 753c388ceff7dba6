import { describe, expect, it } from "vitest";
import { decideSkillAdjustment, type SkillAdjustment } from "./decide-adjustment.js";
import { formatSupervisorAlert } from "./supervisor-alert.js";

function adjustment(currentProficiency: number, csat: number): SkillAdjustment {
  const decision = decideSkillAdjustment({
    userId: "user-42",
    skillId: "skill-billing",
    currentProficiency,
    performance: { conversations: 50, averageHandleTimeSeconds: 200, csat, csatScale: 100 },
  });
  if (decision.kind !== "adjust") throw new Error("fixture should adjust");
  return decision;
}

describe("formatSupervisorAlert", () => {
  it("names the agent and skill by display name and id, with from / to / target", () => {
    const text = formatSupervisorAlert(adjustment(4.5, 40), { userName: "Jo Smith", skillName: "Billing" });
    expect(text).toContain("Jo Smith (user-42)");
    expect(text).toContain("Billing (skill-billing)");
    expect(text).toContain("lowered from 4.50 toward 2.00");
    expect(text).toContain("change of 2.50");
    expect(text).toContain("moves it to 4.00");
  });

  it("falls back to ids and says when the target was reached", () => {
    const text = formatSupervisorAlert(adjustment(1, 30));
    expect(text).toContain("user-42, skill skill-billing, raised from 1.00 toward 1.50");
    expect(text).toContain("It is now 1.50.");
  });
});
