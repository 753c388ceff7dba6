export { TimedEventQueue } from "./event-queue.js";
export { policyRank } from "./policy-rank.js";
export { DEFAULT_PROGRESS_EVERY, DEFAULT_TARGET_SECONDS, RoutingSimulation } from "./routing-simulation.js";
export { createSeededRandom, type SeededRandom } from "./seeded-random.js";
export { simulate, simulateStream } from "./simulate.js";
export { fairnessOf } from "./simulation-report.js";
export {
  planSimulationRuns,
  roundFraction,
  roundSeconds,
  type SimulationComparisonSummary,
  type SimulationResultSummary,
  type SimulationRun,
  type SimulationRunPlan,
  type SimulationRunRequest,
  type SimulationSummary,
  scoringForRun,
  simulationRunLabel,
  summariseSimulation,
  summariseSimulationRuns,
} from "./simulation-summary.js";
export {
  DEFAULT_SYNTHETIC_LANGUAGES,
  DEFAULT_SYNTHETIC_SKILLS,
  generateSyntheticDataset,
  type LanguageMix,
  type SyntheticDataset,
  type SyntheticDatasetOptions,
} from "./synthetic-dataset.js";
export {
  type AgentLoad,
  type FairnessReport,
  isRoutingPolicyName,
  ROUTING_POLICY_NAMES,
  type RoutingPolicyName,
  type SimulatedInteraction,
  type SimulationOptions,
  type SimulationProgress,
  type SimulationReport,
} from "./types.js";
