export { BoundedHeap, type RankComparator, selectTop } from "./bounded-heap.js";
export { idleMsAt, parseIsoTimestampMs } from "./idle-time.js";
export { compareRankedAgents, type RankedAgent, rankAgents } from "./rank-agents.js";
export {
  DEFAULT_RANKING_OPTIONS,
  type RankingOptions,
  type RankingOptionsInput,
  type ResolvedRankingOptions,
  resolveRankingOptions,
  resolveScoringOptions,
} from "./ranking-options.js";
export {
  buildRequestScoredAgents,
  DEFAULT_SCORED_AGENT_LIMIT,
  MAX_SCORED_AGENT_LIMIT,
  type RequestScoredAgent,
  toGenesysScore,
  toRequestScoredAgents,
} from "./request-scored-agents.js";
export { validateRequirement } from "./requirement.js";
export {
  DEFAULT_ROUTING_RULE_MAPPING_OPTIONS,
  type InertScoresReason,
  mapScoresToRoutingRules,
  type PreferredAgentRouting,
  type QueueRoutingRule,
  type RoutingRuleMappingOptions,
  readRoutingRules,
} from "./routing-rules.js";
export {
  DEFAULT_SCORING_OPTIONS,
  DEFAULT_SCORING_WEIGHTS,
  type RoutingRequirement,
  type ScoringOptions,
  type ScoringWeights,
  scoreAgent,
} from "./score-agent.js";
export {
  adjustWeightsForSla,
  DEFAULT_SLA_WEIGHT_RULES,
  type SlaState,
  type SlaTarget,
  type SlaWeightAdjustment,
  type SlaWeightRule,
} from "./sla-weights.js";
export { normaliseWeights, WEIGHT_NAMES } from "./weights.js";
