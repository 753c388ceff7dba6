export { BoundedHeap, type RankComparator, selectTop } from "./bounded-heap.js";
export {
  type CandidateExplanation,
  type ExplainContext,
  type ExplainedRanking,
  explainRanking,
  type FairnessComponent,
  INELIGIBLE_REASONS,
  type IneligibleReason,
  type RankingExplanation,
  type SlaExplanation,
} from "./explain-ranking.js";
export {
  blendFairness,
  DEFAULT_FAIRNESS_TERM,
  FAIRNESS_SIGNALS,
  type FairnessSignal,
  type FairnessTermOptions,
  fairnessTermOf,
  NEUTRAL_FAIRNESS_TERM,
  resolveFairnessTerm,
} from "./fairness-term.js";
export { idleMsAt, parseIsoTimestampMs } from "./idle-time.js";
export {
  DEFAULT_MEASURED_SLA_OPTIONS,
  type MeasuredServiceLevel,
  type MeasuredSlaAdjustment,
  type MeasuredSlaOptions,
  slaTargetFromQueueServiceLevel,
  weightsForMeasuredServiceLevel,
} from "./measured-service-level.js";
export { compareRankedAgents, type RankedAgent, rankAgents } from "./rank-agents.js";
export {
  DEFAULT_RANKING_OPTIONS,
  type RankingOptions,
  type RankingOptionsInput,
  type ResolvedRankingOptions,
  resolveRankingOptions,
  resolveScoringOptions,
  type ScoringOptionsInput,
} from "./ranking-options.js";
export {
  buildRequestScoredAgents,
  buildRequestScoredAgentsExplained,
  DEFAULT_SCORED_AGENT_LIMIT,
  type ExplainedRequestScoredAgents,
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
export { type ScoreComponents, scoreComponents } from "./score-components.js";
export {
  adjustWeightsForSla,
  DEFAULT_SLA_WEIGHT_RULES,
  type SlaState,
  type SlaTarget,
  type SlaWeightAdjustment,
  type SlaWeightRule,
} from "./sla-weights.js";
export { normaliseWeights, WEIGHT_NAMES } from "./weights.js";
