import type { CandidateAgent } from "../model.js";
import { BoundedHeap } from "./bounded-heap.js";
import { blendFairness, type FairnessTermOptions, fairnessTermOf } from "./fairness-term.js";
import { idleMsAt } from "./idle-time.js";
import {
  type RankingOptionsInput,
  type ResolvedRankingOptions,
  resolveRankingOptions,
} from "./ranking-options.js";
import { validateRequirement } from "./requirement.js";
import { type RoutingRequirement, scoreAgent } from "./score-agent.js";

export interface RankedAgent {
  readonly agentId: string;
  /** Composite score in (0, 1]; with the fairness term on, the weighted score blended with the term. */
  readonly score: number;
  /** How long the agent has been IDLE at `nowMs` (0 when not idle or unknown). */
  readonly idleMs: number;
}

/**
 * Rank order: higher score first; on equal scores the agent idle longest first (fair share of work, as
 * an ACD would do); then agent id, so that the result never depends on the order agents arrived in.
 */
export function compareRankedAgents(a: RankedAgent, b: RankedAgent): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.idleMs !== b.idleMs) return b.idleMs - a.idleMs;
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/**
 * The best `topN` agents for a requirement, best first. Agents outside `eligibleStatuses` or scoring 0
 * (below `minScore`) are left out. Weights are renormalised to sum 1 first.
 * With the fairness term on (`options.fairness`), eligibility is still the weighted score, and the rank
 * score is that score blended with the term (see `fairness-term.ts`).
 * Runs in O(M log N) for M agents: it never sorts all M.
 * Throws `PolicyConfigError` for bad options, `InvalidInputError` for a malformed requirement or an
 * unparseable status start time of an agent that could make the top N (see below).
 */
export function rankAgents(
  agents: readonly CandidateAgent[],
  requirement: RoutingRequirement,
  options: RankingOptionsInput,
): RankedAgent[] {
  const resolved = resolveRankingOptions(options);
  validateRequirement(requirement);
  if (resolved.fairness !== undefined)
    return rankWithFairness(agents, requirement, resolved, resolved.fairness);
  const { eligibleStatuses, nowMs, topN } = resolved;

  // Pass 1: scores, and the N-th best of them.
  const scores = new Float64Array(agents.length);
  const bestScores = new BoundedHeap<number>(topN, higherFirst);
  for (let index = 0; index < agents.length; index++) {
    const agent = agents[index];
    if (agent === undefined) continue;
    if (eligibleStatuses !== "any") {
      const status = agent.routingStatus?.status;
      if (status === undefined || !eligibleStatuses.includes(status)) continue;
    }
    const score = scoreAgent(agent, requirement, resolved);
    if (score <= 0) continue;
    scores[index] = score;
    bestScores.offer(score);
  }

  // Pass 2: only agents scoring at least the N-th best can be in the result, so only their idle times
  // (a timestamp parse each, dearer than scoring) are read. That set does not depend on the order of
  // `agents`, so neither does the result nor whether a malformed start time is reported.
  const cutoff = bestScores.isFull ? (bestScores.worst() ?? 0) : 0;
  const top = new BoundedHeap<RankedAgent>(topN, compareRankedAgents);
  for (let index = 0; index < agents.length; index++) {
    const score = scores[index] ?? 0;
    const agent = agents[index];
    if (score <= 0 || score < cutoff || agent === undefined) continue;
    top.offer({ agentId: agent.id, score, idleMs: idleMsAt(agent.routingStatus, nowMs, agent.id) });
  }
  return top.toSortedArray();
}

/**
 * Ranking with the fairness term: the term depends on every eligible agent's idle time (or occupancy), so
 * the cut-off shortcut of the default path does not hold and each eligible agent's status start time is
 * read. Kept apart so that the default path stays exactly as fast as it was.
 */
function rankWithFairness(
  agents: readonly CandidateAgent[],
  requirement: RoutingRequirement,
  resolved: ResolvedRankingOptions,
  fairness: FairnessTermOptions,
): RankedAgent[] {
  const { eligibleStatuses, nowMs, topN } = resolved;
  const top = new BoundedHeap<RankedAgent>(topN, compareRankedAgents);
  for (const agent of agents) {
    if (eligibleStatuses !== "any") {
      const status = agent.routingStatus?.status;
      if (status === undefined || !eligibleStatuses.includes(status)) continue;
    }
    const weighted = scoreAgent(agent, requirement, resolved);
    if (weighted <= 0) continue;
    const idleMs = idleMsAt(agent.routingStatus, nowMs, agent.id);
    const term = fairnessTermOf(fairness, idleMs, agent.occupancy);
    top.offer({ agentId: agent.id, score: blendFairness(weighted, term, fairness.weight), idleMs });
  }
  return top.toSortedArray();
}

function higherFirst(a: number, b: number): number {
  return b - a;
}
