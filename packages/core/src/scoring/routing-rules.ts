import { PolicyConfigError, requireIntegerInRange, requireNumberInRange } from "../errors.js";
import type { RankedAgent } from "./rank-agents.js";
import {
  DEFAULT_SCORED_AGENT_LIMIT,
  MAX_SCORED_AGENT_LIMIT,
  type RequestScoredAgent,
  toGenesysScore,
} from "./request-scored-agents.js";
import { DEFAULT_SCORING_OPTIONS } from "./score-agent.js";

/**
 * One preferred agent routing rule of a queue, as `GET /api/v2/routing/queues/{queueId}` lists it in
 * `routingRules` (`RoutingRule`, platform-client-sdk-java `build/docs/RoutingRule.md`): `MEETS_THRESHOLD`
 * "matches any agent with a score at or above the rule's threshold", `ANY` "matches all specified agents,
 * regardless of score"; `waitSeconds` is how long the rule is tried before the next. Fields are as loose as
 * the model (every one optional, operators a newer Genesys may add).
 */
export interface QueueRoutingRule {
  readonly operator?: string | undefined;
  readonly threshold?: number | null | undefined;
  readonly waitSeconds?: number | undefined;
}

/** Genesys' agent scores are integers 0–100. */
const MAX_GENESYS_SCORE = 100;

/**
 * Why a queue's rules make our scores count for nothing (a closed set: the worker's
 * `worker_scores_inert_total{reason}` label).
 * - `no-routing-rules`: the queue has no rules, so it does not use preferred agent routing and Genesys
 *   ignores `requestScoredAgents` altogether;
 * - `threshold-unreachable`: a `MEETS_THRESHOLD` rule asks for more than any score can be (above 100, or
 *   no threshold at all): while it runs, nobody is tried. When every rule is like that, no score is ever
 *   used; otherwise the conversation waits out that rule for nothing first.
 */
export type InertScoresReason = "no-routing-rules" | "threshold-unreachable";

export interface PreferredAgentRouting {
  /** False: nothing we send changes who is offered the conversation (skip the PATCH). */
  readonly scoresUsed: boolean;
  /**
   * The score an agent must reach to be tried first: the threshold of the first rule that can admit
   * anyone, when that rule is `MEETS_THRESHOLD` above 0. Undefined when the first such rule tries every
   * scored agent (`ANY`, or a threshold of 0 or less): scores then only order the agents.
   */
  readonly gate: number | undefined;
  /** Set when the rules make our scores inert, wholly or for a while (see `InertScoresReason`). */
  readonly warning: InertScoresReason | undefined;
}

function canAdmitAnyone(rule: QueueRoutingRule): boolean | undefined {
  if (rule.operator === "ANY") return true;
  if (rule.operator !== "MEETS_THRESHOLD") return undefined;
  return (
    typeof rule.threshold === "number" &&
    Number.isFinite(rule.threshold) &&
    rule.threshold <= MAX_GENESYS_SCORE
  );
}

/**
 * What a queue's preferred agent routing rules (`Queue.routingRules`, in the order Genesys tries them; the
 * pool only widens, help "Preferred agent routing behavior") mean for the scores we send. Rules with an
 * operator this version does not know are passed over: they neither gate nor warn.
 */
export function readRoutingRules(rules: readonly QueueRoutingRule[] | undefined): PreferredAgentRouting {
  if (rules === undefined || rules.length === 0) {
    return { scoresUsed: false, gate: undefined, warning: "no-routing-rules" };
  }
  let unreachable = false;
  for (const rule of rules) {
    const admits = canAdmitAnyone(rule);
    if (admits === false) unreachable = true;
    if (admits !== true) continue;
    const threshold = rule.operator === "MEETS_THRESHOLD" ? (rule.threshold ?? 0) : 0;
    return {
      scoresUsed: true,
      gate: threshold > 0 ? Math.ceil(threshold) : undefined,
      warning: unreachable ? "threshold-unreachable" : undefined,
    };
  }
  // No rule admits anyone: known rules were all unreachable (or only unknown operators were listed, which
  // we cannot tell apart from unreachable ones either).
  return {
    scoresUsed: !unreachable,
    gate: undefined,
    warning: unreachable ? "threshold-unreachable" : undefined,
  };
}

export interface RoutingRuleMappingOptions {
  /**
   * Our composite score (0–1) from which an agent is PREFERRED: mapped at or above the first rule's
   * threshold, so Genesys tries it first. Agents below are mapped under the threshold: tried once the
   * pool widens. @defaultValue 0.75 (with the default weights, an agent at the assignment threshold's
   * proficiency 0.75 who speaks the language and has average CSAT)
   */
  readonly preferredMinScore: number;
  /** The lowest composite score ranking keeps (core's `minScore`). @defaultValue 0.5 */
  readonly minScore: number;
  /** At most this many pairs (Genesys takes 20, 100 on request). @defaultValue 20 */
  readonly limit: number;
}

export const DEFAULT_ROUTING_RULE_MAPPING_OPTIONS: RoutingRuleMappingOptions = Object.freeze({
  preferredMinScore: 0.75,
  minScore: DEFAULT_SCORING_OPTIONS.minScore,
  limit: DEFAULT_SCORED_AGENT_LIMIT,
});

function resolveMappingOptions(options: Partial<RoutingRuleMappingOptions>): RoutingRuleMappingOptions {
  const merged = { ...DEFAULT_ROUTING_RULE_MAPPING_OPTIONS, ...options };
  return {
    minScore: requireNumberInRange(PolicyConfigError, "minScore", merged.minScore, 0, 1),
    preferredMinScore: requireNumberInRange(
      PolicyConfigError,
      "preferredMinScore",
      merged.preferredMinScore,
      0,
      1,
    ),
    limit: requireIntegerInRange(PolicyConfigError, "limit", merged.limit, 1, MAX_SCORED_AGENT_LIMIT),
  };
}

/** Where `value` lies between `from` and `to`, clamped to [0, 1] (0 when the span is empty). */
function fraction(value: number, from: number, to: number): number {
  if (!(to > from)) return 0;
  return Math.min(1, Math.max(0, (value - from) / (to - from)));
}

/**
 * Our ranked agents (composite scores in (0, 1], best first) onto the 0–100 scores of
 * `requestScoredAgents`, so that they mean what we mean under the queue's rules. With a gate G (the first
 * rule `MEETS_THRESHOLD` G): preferred agents (score >= `preferredMinScore`) are spread over [G, 100] and
 * tried first; the others over [1, G - 1] (0 when G is 1), below the gate, tried once the pool widens.
 * Without a gate (`ANY` first) the scores only order the agents and are sent as they are (x 100). The map
 * is monotonic, so the rank order never changes (ties may appear; Genesys allows them). Nothing is sent
 * when the rules ignore scores.
 * Throws `PolicyConfigError` for bad options.
 */
export function mapScoresToRoutingRules(
  ranked: readonly RankedAgent[],
  routing: PreferredAgentRouting,
  options: Partial<RoutingRuleMappingOptions> = {},
): RequestScoredAgent[] {
  const { preferredMinScore, minScore, limit } = resolveMappingOptions(options);
  if (!routing.scoresUsed) return [];
  const gate = routing.gate;
  const pairs: RequestScoredAgent[] = [];
  for (const agent of ranked) {
    if (pairs.length >= limit) break;
    if (!(agent.score > 0)) continue;
    if (gate === undefined) {
      const score = toGenesysScore(agent.score);
      if (score > 0) pairs.push({ id: agent.agentId, score });
      continue;
    }
    if (agent.score >= preferredMinScore) {
      const score =
        gate + Math.round(fraction(agent.score, preferredMinScore, 1) * (MAX_GENESYS_SCORE - gate));
      pairs.push({ id: agent.agentId, score: Math.min(MAX_GENESYS_SCORE, score) });
    } else {
      const low = gate >= 2 ? 1 : 0;
      const high = gate - 1;
      const score = low + Math.floor(fraction(agent.score, minScore, preferredMinScore) * (high - low));
      pairs.push({ id: agent.agentId, score: Math.min(high, score) });
    }
  }
  return pairs;
}
