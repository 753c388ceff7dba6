import { PolicyConfigError, requireIntegerInRange } from "../errors.js";
import type { CandidateAgent } from "../model.js";
import { type ExplainContext, explainRanking, type RankingExplanation } from "./explain-ranking.js";
import { type RankedAgent, rankAgents } from "./rank-agents.js";
import type { RankingOptionsInput } from "./ranking-options.js";
import type { RoutingRequirement } from "./score-agent.js";

/** One entry of `PATCH /api/v2/routing/conversations/{id}` `requestScoredAgents`. */
export interface RequestScoredAgent {
  /** Genesys user id. */
  readonly id: string;
  /** Integer 0–100, higher = more preferred. */
  readonly score: number;
}

/** Genesys accepts 20 agent–score pairs by default. */
export const DEFAULT_SCORED_AGENT_LIMIT = 20;
/** …and up to 100 once Genesys raises the limit for the organisation on request. */
export const MAX_SCORED_AGENT_LIMIT = 100;

/** Score in [0, 1] -> Genesys' integer 0–100. */
export function toGenesysScore(score: number): number {
  const scaled = Math.round(score * 100);
  if (!(scaled > 0)) return 0;
  return Math.min(scaled, 100);
}

/**
 * Ranked agents -> `requestScoredAgents`, keeping the rank order and at most `limit` pairs. An agent whose
 * score rounds to 0 is dropped: Genesys would read 0 as "least preferred" yet still offer it the
 * conversation, whereas our 0 means "not eligible".
 */
export function toRequestScoredAgents(
  ranked: readonly RankedAgent[],
  limit: number = DEFAULT_SCORED_AGENT_LIMIT,
): RequestScoredAgent[] {
  requireIntegerInRange(PolicyConfigError, "limit", limit, 1, MAX_SCORED_AGENT_LIMIT);
  const pairs: RequestScoredAgent[] = [];
  for (const agent of ranked) {
    if (pairs.length >= limit) break;
    const score = toGenesysScore(agent.score);
    if (score > 0) pairs.push({ id: agent.agentId, score });
  }
  return pairs;
}

/**
 * Ranks the candidates and returns the `requestScoredAgents` body for the top `topN` (default 20, at most
 * 100). Agents not eligible (status, or score below `minScore`) are not listed.
 */
export function buildRequestScoredAgents(
  agents: readonly CandidateAgent[],
  requirement: RoutingRequirement,
  options: RankingOptionsInput,
): RequestScoredAgent[] {
  const topN = scoredAgentLimit(options);
  return toRequestScoredAgents(rankAgents(agents, requirement, { ...options, topN }), topN);
}

/** The `requestScoredAgents` body and the explanation of how it was chosen, for the decision log. */
export interface ExplainedRequestScoredAgents {
  /** Exactly what `buildRequestScoredAgents` returns for the same input (tested). */
  readonly requestScoredAgents: RequestScoredAgent[];
  readonly explanation: RankingExplanation;
}

/**
 * `buildRequestScoredAgents` with the explanation: every candidate's score and components, the weights
 * (and the SLA rule that chose them, given `context.slaAdjustment`), the fairness term when on, and why
 * each agent left out was left out. Slower than `buildRequestScoredAgents` (one more pass and an object
 * per candidate); use it when the decision is to be logged or shown.
 */
export function buildRequestScoredAgentsExplained(
  agents: readonly CandidateAgent[],
  requirement: RoutingRequirement,
  options: RankingOptionsInput,
  context: ExplainContext = {},
): ExplainedRequestScoredAgents {
  const topN = scoredAgentLimit(options);
  const { ranked, explanation } = explainRanking(agents, requirement, { ...options, topN }, context);
  return { requestScoredAgents: toRequestScoredAgents(ranked, topN), explanation };
}

function scoredAgentLimit(options: RankingOptionsInput): number {
  return requireIntegerInRange(
    PolicyConfigError,
    "topN",
    options.topN ?? DEFAULT_SCORED_AGENT_LIMIT,
    1,
    MAX_SCORED_AGENT_LIMIT,
  );
}
