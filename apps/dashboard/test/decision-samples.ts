import { buildRequestScoredAgentsExplained, type CandidateAgent } from "@routing/core";
import type { DecisionInput } from "@routing/decision-log";

export const SAMPLE_QUEUE = "0a5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a01";
const SKILL = "5c2b7a4e-1d2e-4f3a-8b9c-0d1e2f3a4b5c";

const CANDIDATES: CandidateAgent[] = Array.from({ length: 4 }, (_, index) => ({
  id: `7e1c0000-0000-4000-8000-00000000000${index}`,
  name: `Agent ${index}`,
  skills: { [SKILL]: 2 + index },
  languages: ["en-US"],
  csat: 0.7,
  routingStatus: { status: "IDLE", startTime: 1_700_000_000_000 },
}));

/** A scoring decision as the worker logs it (core's explanation), `outcome` as asked. */
export function sampleDecision(
  conversationId: string,
  decidedAtMs: number,
  outcome: "scored" | "no-eligible" = "scored",
): DecisionInput {
  const { requestScoredAgents, explanation } = buildRequestScoredAgentsExplained(
    CANDIDATES,
    { requiredSkills: [SKILL], requiredLanguage: "en-US" },
    { nowMs: decidedAtMs },
  );
  return {
    conversationId,
    queueId: SAMPLE_QUEUE,
    event: {
      jobName: "conversation.score",
      jobId: `score_${conversationId}_${decidedAtMs}`,
      attempt: 1,
      observedAtMs: decidedAtMs - 40,
    },
    ranking: explanation,
    action: { outcome, requestScoredAgents: outcome === "scored" ? requestScoredAgents : [] },
    genesysCalls: [
      {
        method: "PATCH",
        pathTemplate: "/api/v2/routing/conversations/{conversationId}",
        status: 202,
        durationMs: 63.2,
        correlationId: "c0ffee00-0000-4000-8000-000000000002",
      },
    ],
    timings: { observedAtMs: decidedAtMs - 40, decidedAtMs },
  };
}
