import type { CandidateAgent } from "../model.js";
import {
  type ExplainContext,
  explainRanking,
  type IneligibleReason,
  type RankingExplanation,
} from "../scoring/explain-ranking.js";
import { rankAgents } from "../scoring/rank-agents.js";
import type { RankingOptionsInput } from "../scoring/ranking-options.js";
import {
  buildRequestScoredAgents,
  buildRequestScoredAgentsExplained,
  type RequestScoredAgent,
} from "../scoring/request-scored-agents.js";
import { mapScoresToRoutingRules, type PreferredAgentRouting } from "../scoring/routing-rules.js";
import type { RoutingRequirement } from "../scoring/score-agent.js";
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
  /** Ranking options (weights, minScore, topN ≤ 100, eligible statuses, fairness, …). */
  readonly ranking?: Omit<RankingOptionsInput, "nowMs"> | undefined;
  /**
   * The queue's preferred agent routing rules (`readRoutingRules`). Given, the re-score is mapped onto them
   * exactly as a first scoring is (`mapScoresToRoutingRules`): plain scores could all fall below the
   * queue's MEETS_THRESHOLD gate and steer nothing, and a queue whose rules ignore scores gets a requeue.
   * Absent: core's plain 0–100 scores.
   */
  readonly routing?: PreferredAgentRouting | undefined;
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
  const excluded = excludedCandidates(rejection, context);
  const qualified = (context.candidates ?? []).filter((candidate) => !excluded.has(candidate.id));
  const requestScoredAgents =
    context.routing === undefined
      ? buildRequestScoredAgents(qualified, requirementOf(rejection, context), rankingOptionsOf(context))
      : mapOntoRules(
          rankAgents(qualified, requirementOf(rejection, context), rankingOptionsOf(context)),
          context,
          context.routing,
        );
  return followUpOf(rejection, requestScoredAgents, qualified.length);
}

/** The follow-up and the ranking behind it, every candidate included (the excluded ones with their reason). */
export interface ExplainedRejectionFollowUp {
  /** Exactly what `planRejectionFollowUp` returns for the same input (tested). */
  readonly followUp: RejectionFollowUp;
  readonly explanation: RankingExplanation;
}

/** `planRejectionFollowUp`, showing its work (for the decision log). */
export function planRejectionFollowUpExplained(
  rejection: AssignmentRejection,
  context: RejectionFollowUpContext,
  explain: Pick<ExplainContext, "slaAdjustment" | "explainAtMost"> = {},
): ExplainedRejectionFollowUp {
  const excluded = excludedCandidates(rejection, context);
  const candidates = context.candidates ?? [];
  const requirement = requirementOf(rejection, context);
  let requestScoredAgents: RequestScoredAgent[];
  let explanation: RankingExplanation;
  if (context.routing === undefined) {
    ({ requestScoredAgents, explanation } = buildRequestScoredAgentsExplained(
      candidates,
      requirement,
      rankingOptionsOf(context),
      { ...explain, excluded },
    ));
  } else {
    const explained = explainRanking(candidates, requirement, rankingOptionsOf(context), {
      ...explain,
      excluded,
    });
    requestScoredAgents = mapOntoRules(explained.ranked, context, context.routing);
    explanation = explained.explanation;
  }
  const qualified = (context.candidates ?? []).length - excluded.size;
  return { followUp: followUpOf(rejection, requestScoredAgents, qualified), explanation };
}

/** The rejected agent, and every candidate who would fail the same check, each with the reason. */
function excludedCandidates(
  rejection: AssignmentRejection,
  context: RejectionFollowUpContext,
): Map<string, IneligibleReason> {
  const excluded = new Map<string, IneligibleReason>();
  for (const candidate of context.candidates ?? []) {
    if (candidate.id === rejection.agentId) {
      excluded.set(candidate.id, "assignment-rejected");
      continue;
    }
    const check = checkAssignment(
      { queueId: rejection.queueId, agent: candidate, requiredSkills: rejection.requiredSkills },
      context.assignment,
    );
    if (check.kind !== "approve") excluded.set(candidate.id, "below-assignment-threshold");
  }
  return excluded;
}

function requirementOf(
  rejection: AssignmentRejection,
  context: RejectionFollowUpContext,
): RoutingRequirement {
  return {
    requiredSkills: rejection.requiredSkills,
    ...(context.requiredLanguage === undefined ? {} : { requiredLanguage: context.requiredLanguage }),
  };
}

function rankingOptionsOf(context: RejectionFollowUpContext): RankingOptionsInput {
  return { ...context.ranking, nowMs: context.nowMs };
}

function followUpOf(
  rejection: AssignmentRejection,
  requestScoredAgents: RequestScoredAgent[],
  qualified: number,
): RejectionFollowUp {
  if (requestScoredAgents.length === 0) {
    return {
      kind: "requeue",
      reason:
        `no other eligible agent meets threshold ${rejection.threshold} on queue ${rejection.queueId}` +
        ` (${qualified} qualified by skill); leave the conversation queued for Genesys to re-offer`,
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

/** The ranking onto the queue's rules, with the ranking's own minScore and topN. */
function mapOntoRules(
  ranked: Parameters<typeof mapScoresToRoutingRules>[0],
  context: RejectionFollowUpContext,
  routing: PreferredAgentRouting,
): RequestScoredAgent[] {
  const { minScore, topN } = context.ranking ?? {};
  return mapScoresToRoutingRules(ranked, routing, {
    ...(minScore === undefined ? {} : { minScore }),
    ...(topN === undefined ? {} : { limit: topN }),
  });
}
