import type { CandidateAgent } from "../model.js";
import type { RankingOptions } from "../scoring/ranking-options.js";
import { buildRequestScoredAgents, type RequestScoredAgent } from "../scoring/request-scored-agents.js";
import {
  type AssignmentCheckOptions,
  type AssignmentRejection,
  checkAssignment,
} from "./assignment-check.js";

/**
 * What the worker does about a rejected assignment. Genesys has no "reject assignment" endpoint, so a
 * rejection becomes one of:
 * - `rescore`: `PATCH /api/v2/routing/conversations/{conversationId}` with `requestScoredAgents`, steering
 *   the conversation (still in queue while it alerts) toward qualified agents, best first;
 * - `requeue`: no other qualified agent is available now; leave the conversation to Genesys' own
 *   routing (it stays queued and is offered again when the alert is declined or times out). The worker
 *   must not pin it to anyone.
 */
export type RejectionFollowUp =
  | {
      readonly kind: "rescore";
      readonly requestScoredAgents: readonly RequestScoredAgent[];
      readonly reason: string;
    }
  | { readonly kind: "requeue"; readonly reason: string };

export interface RejectionFollowUpContext {
  /** "Now" in epoch ms, for candidates' idle times. */
  readonly nowMs: number;
  /** Other agents who could take the conversation (queue members with status); none = requeue. */
  readonly candidates?: readonly CandidateAgent[] | undefined;
  /** Language the conversation asks for, if any (`conversationRoutingData.language`). */
  readonly requiredLanguage?: string | undefined;
  /** The assignment check's options: candidates are only proposed if they would themselves be approved. */
  readonly assignment?: Partial<AssignmentCheckOptions> | undefined;
  /** Ranking options (weights, minScore, topN ≤ 100, eligible statuses, …). */
  readonly ranking?: Partial<RankingOptions> | undefined;
}

/**
 * Turns a rejection into the real follow-up. Candidates are the given agents other than the rejected one
 * who would pass the same assignment check (otherwise the conversation would bounce from one rejection to
 * the next), ranked by the weighted scoring policy.
 */
export function planRejectionFollowUp(
  rejection: AssignmentRejection,
  context: RejectionFollowUpContext,
): RejectionFollowUp {
  const qualified = (context.candidates ?? []).filter(
    (candidate) =>
      candidate.id !== rejection.agentId &&
      checkAssignment(
        { queueId: rejection.queueId, agent: candidate, requiredSkills: rejection.requiredSkills },
        context.assignment,
      ).kind === "approve",
  );
  const requestScoredAgents = buildRequestScoredAgents(
    qualified,
    {
      requiredSkills: rejection.requiredSkills,
      ...(context.requiredLanguage === undefined ? {} : { requiredLanguage: context.requiredLanguage }),
    },
    { ...context.ranking, nowMs: context.nowMs },
  );
  if (requestScoredAgents.length === 0) {
    return {
      kind: "requeue",
      reason:
        `no other eligible agent meets threshold ${rejection.threshold} on queue ${rejection.queueId}` +
        ` (${qualified.length} qualified by skill); leave the conversation queued for Genesys to re-offer`,
    };
  }
  return {
    kind: "rescore",
    requestScoredAgents,
    reason:
      `rescore conversation toward ${requestScoredAgents.length} qualified agent(s) ` +
      `(best ${requestScoredAgents[0]?.id} at ${requestScoredAgents[0]?.score}) instead of ${rejection.agentId}`,
  };
}
