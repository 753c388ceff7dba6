import {
  buildRequestScoredAgentsExplained,
  type CandidateAgent,
  explainAssignmentCheck,
  planRejectionFollowUpExplained,
} from "@routing/core";
import type { DecisionInput } from "../src/index.js";

export const NOW_MS = Date.parse("2026-03-02T10:00:00.000Z");
export const QUEUE_A = "0a5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a01";
export const QUEUE_B = "0a5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a02";
export const SKILL = "5c2b7a4e-1d2e-4f3a-8b9c-0d1e2f3a4b5c";

export const CANDIDATES: CandidateAgent[] = Array.from({ length: 6 }, (_, index) => ({
  id: `7e1c0000-0000-4000-8000-00000000000${index}`,
  name: `Agent ${index}`,
  skills: { [SKILL]: 1 + (index % 5) },
  languages: ["en-US"],
  ...(index % 3 === 0 ? {} : { csat: 0.6 + index / 20 }),
  routingStatus: { status: index === 5 ? "INTERACTING" : "IDLE", startTime: NOW_MS - index * 30_000 },
}));

/** A scoring decision exactly as the worker would log it: core's explanation, untouched. */
export function scoringDecision(
  conversationId: string,
  decidedAtMs: number,
  overrides: Partial<DecisionInput> = {},
): DecisionInput {
  const { requestScoredAgents, explanation } = buildRequestScoredAgentsExplained(
    CANDIDATES,
    { requiredSkills: [SKILL], requiredLanguage: "en-US" },
    { nowMs: decidedAtMs },
  );
  return {
    conversationId,
    queueId: QUEUE_A,
    event: {
      jobName: "conversation.score",
      jobId: `score_${conversationId}_0`,
      attempt: 1,
      observedAtMs: decidedAtMs - 40,
    },
    rosterVersion: 17,
    ranking: explanation,
    action: { outcome: "scored", requestScoredAgents },
    genesysCalls: [
      {
        method: "GET",
        pathTemplate: "/api/v2/routing/queues/{queueId}/members",
        status: 200,
        durationMs: 41.5,
        correlationId: "c0ffee00-0000-4000-8000-000000000001",
      },
      {
        method: "PATCH",
        pathTemplate: "/api/v2/routing/conversations/{conversationId}",
        status: 202,
        durationMs: 63.2,
        correlationId: "c0ffee00-0000-4000-8000-000000000002",
      },
    ],
    timings: { observedAtMs: decidedAtMs - 40, decidedAtMs },
    ...overrides,
  };
}

/** A rejected assignment with its rescore follow-up, from core's explained functions. */
export function rejectionDecision(conversationId: string, decidedAtMs: number): DecisionInput {
  const offered = CANDIDATES[0] as CandidateAgent;
  const { decision, explanation } = explainAssignmentCheck({
    queueId: QUEUE_B,
    agent: offered,
    requiredSkills: [SKILL],
  });
  if (decision.kind !== "reject") throw new Error("sample should be a rejection");
  const followUp = planRejectionFollowUpExplained(decision, { nowMs: decidedAtMs, candidates: CANDIDATES });
  return {
    conversationId,
    queueId: QUEUE_B,
    event: {
      jobName: "assignment.check",
      jobId: `check_${conversationId}`,
      attempt: 2,
      userId: offered.id,
      participantId: "9d9d9d9d-0000-4000-8000-000000000001",
      observedAtMs: decidedAtMs - 15,
    },
    assignment: explanation,
    ranking: followUp.explanation,
    action: {
      outcome: "rejected",
      followUp: followUp.followUp.kind,
      requestScoredAgents: followUp.followUp.kind === "rescore" ? followUp.followUp.requestScoredAgents : [],
    },
    genesysCalls: [
      {
        method: "GET",
        pathTemplate: "/api/v2/users/{userId}/routingskills",
        status: 0,
        durationMs: 5000,
        attempt: 1,
        correlationId: null,
      },
    ],
    timings: { observedAtMs: decidedAtMs - 15, decidedAtMs },
  };
}
