import { describe, expect, it } from "vitest";
import type { CandidateAgent } from "../model.js";
import { readRoutingRules } from "../scoring/routing-rules.js";
import { type AssignmentRejection, checkAssignment } from "./assignment-check.js";
import { planRejectionFollowUp, planRejectionFollowUpExplained } from "./rejection-follow-up.js";

const NOW = 1_714_557_600_000;

function candidate(
  id: string,
  billing: number | undefined,
  extra: Partial<CandidateAgent> = {},
): CandidateAgent {
  return {
    id,
    skills: billing === undefined ? {} : { billing },
    languages: ["en"],
    csat: 0.8,
    routingStatus: { status: "IDLE", startTime: NOW - 60_000 },
    ...extra,
  };
}

function rejectionOf(agent: CandidateAgent): AssignmentRejection {
  const decision = checkAssignment({ queueId: "q-billing", agent, requiredSkills: ["billing"] });
  if (decision.kind !== "reject") throw new Error("fixture should be rejected");
  return decision;
}

describe("planRejectionFollowUp", () => {
  const rejected = candidate("weak", 2);

  it("rescoring steers toward other agents who would pass the same check, best first, as integer 0–100 scores", () => {
    const followUp = planRejectionFollowUp(rejectionOf(rejected), {
      nowMs: NOW,
      requiredLanguage: "en",
      candidates: [
        rejected,
        candidate("good", 4),
        candidate("best", 5),
        candidate("also-weak", 3),
        candidate("busy", 5, { routingStatus: { status: "INTERACTING" } }),
      ],
    });
    expect(followUp.kind).toBe("rescore");
    if (followUp.kind !== "rescore") return;
    // best: 0.4 * 1 + 0.3 + 0.3 * 0.8 = 0.94; good: 0.4 * 0.8 + 0.3 + 0.24 = 0.86
    expect(followUp.requestScoredAgents).toEqual([
      { id: "best", score: 94 },
      { id: "good", score: 86 },
    ]);
    expect(followUp.reason).toContain("instead of weak");
  });

  it("maps the re-score onto the queue's routing rules, as a first scoring is, in both forms", () => {
    const context = {
      nowMs: NOW,
      requiredLanguage: "en",
      candidates: [rejected, candidate("good", 4), candidate("best", 5)],
    };
    // Plain scores 94 and 86 would both clear a gate of 95 only by luck; mapped, the preferred agent sits at
    // or above the gate and the other below it, in the same order.
    const routing = readRoutingRules([{ operator: "MEETS_THRESHOLD", threshold: 95, waitSeconds: 10 }]);
    const mapped = planRejectionFollowUp(rejectionOf(rejected), { ...context, routing });
    expect(mapped.kind).toBe("rescore");
    if (mapped.kind !== "rescore") return;
    expect(mapped.requestScoredAgents.map((pair) => pair.id)).toEqual(["best", "good"]);
    expect(mapped.requestScoredAgents[0]?.score).toBeGreaterThanOrEqual(95);
    expect(planRejectionFollowUpExplained(rejectionOf(rejected), { ...context, routing }).followUp).toEqual(
      mapped,
    );

    // Rules that ignore scores: nothing to steer with, the conversation is left to Genesys.
    const inert = readRoutingRules([]);
    expect(planRejectionFollowUp(rejectionOf(rejected), { ...context, routing: inert }).kind).toBe("requeue");
  });

  it("never proposes the rejected agent, even when it is the only candidate", () => {
    expect(planRejectionFollowUp(rejectionOf(rejected), { nowMs: NOW, candidates: [rejected] }).kind).toBe(
      "requeue",
    );
  });

  it("requeues when no candidates are given or none qualifies", () => {
    const none = planRejectionFollowUp(rejectionOf(rejected), { nowMs: NOW });
    expect(none).toMatchObject({ kind: "requeue", reason: expect.stringContaining("threshold 0.75") });
    const unqualified = planRejectionFollowUp(rejectionOf(rejected), {
      nowMs: NOW,
      candidates: [candidate("no-skill", undefined), candidate("low", 3.5)],
    });
    expect(unqualified.kind).toBe("requeue");
  });

  it("uses the assignment and ranking options it is given", () => {
    const context = { nowMs: NOW, candidates: [candidate("mid", 3.5)] };
    expect(planRejectionFollowUp(rejectionOf(rejected), context).kind).toBe("requeue");
    const lenient = planRejectionFollowUp(rejectionOf(rejected), {
      ...context,
      assignment: { thresholds: { defaultThreshold: 0.7, perQueue: {} } },
    });
    expect(lenient.kind).toBe("rescore");
    const strictScoring = planRejectionFollowUp(rejectionOf(rejected), {
      ...context,
      assignment: { thresholds: { defaultThreshold: 0.7, perQueue: {} } },
      ranking: { minScore: 0.99 },
    });
    expect(strictScoring.kind).toBe("requeue");
  });
});

describe("planRejectionFollowUpExplained", () => {
  const rejected = candidate("weak", 2);
  const candidates = [
    rejected,
    candidate("good", 4),
    candidate("best", 5),
    candidate("also-weak", 3),
    candidate("busy", 5, { routingStatus: { status: "INTERACTING" } }),
  ];

  it("plans exactly what planRejectionFollowUp plans, and explains every candidate", () => {
    const context = { nowMs: NOW, requiredLanguage: "en", candidates };
    const { followUp, explanation } = planRejectionFollowUpExplained(rejectionOf(rejected), context);
    expect(followUp).toEqual(planRejectionFollowUp(rejectionOf(rejected), context));
    expect(
      explanation.candidates.map((entry) => [entry.agentId, entry.rank, entry.ineligibleReason]),
    ).toEqual([
      ["best", 1, null],
      ["good", 2, null],
      ["weak", null, "assignment-rejected"],
      ["also-weak", null, "below-assignment-threshold"],
      ["busy", null, "status-not-eligible"],
    ]);
  });

  it("explains a requeue too", () => {
    const context = { nowMs: NOW, candidates: [rejected, candidate("low", 3.5)] };
    const { followUp, explanation } = planRejectionFollowUpExplained(rejectionOf(rejected), context);
    expect(followUp).toEqual(planRejectionFollowUp(rejectionOf(rejected), context));
    expect(followUp.kind).toBe("requeue");
    expect(explanation.counts).toEqual({ candidates: 2, eligible: 0, ranked: 0 });
  });
});
