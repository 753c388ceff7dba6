import type { FairnessTermOptions } from "../scoring/fairness-term.js";
import type { ScoringOptions } from "../scoring/score-agent.js";

/** The routing policies the simulator can replay. */
export type RoutingPolicyName = "weighted" | "longest-idle" | "best-available-skills";

export const ROUTING_POLICY_NAMES: readonly RoutingPolicyName[] = Object.freeze([
  "weighted",
  "longest-idle",
  "best-available-skills",
]);

export function isRoutingPolicyName(value: string): value is RoutingPolicyName {
  return (ROUTING_POLICY_NAMES as readonly string[]).includes(value);
}

/** One interaction of a replayed dataset. */
export interface SimulatedInteraction {
  readonly id: string;
  /** Seconds on the simulation clock; a dataset must be sorted by it. */
  readonly arrivalSeconds: number;
  readonly requiredSkill: string;
  /** undefined = any language will do. */
  readonly requiredLanguage?: string | undefined;
  /** Time an agent is busy with it once answered; > 0. */
  readonly handleSeconds: number;
  /** The caller hangs up after waiting this long; undefined = waits for ever. */
  readonly patienceSeconds?: number | undefined;
  /** 1-based line in the source file, so errors can point at it. */
  readonly line?: number | undefined;
}

export interface SimulationProgress {
  readonly processed: number;
  readonly total?: number | undefined;
}

export interface SimulationOptions {
  readonly policy: RoutingPolicyName;
  /** Answer-time target of the service level, in seconds. Default 20. */
  readonly targetSeconds?: number;
  /**
   * Scoring of the `weighted` policy. Default DEFAULT_SCORING_OPTIONS. `scoring.fairness` turns the
   * fairness term on (weighted only; any other policy with it is a `PolicyConfigError`).
   */
  readonly scoring?: ScoringOptions;
  /** Called every `progressEvery` interactions and once more when the run finishes. */
  readonly onProgress?: (progress: SimulationProgress) => void;
  /** Default 10,000. */
  readonly progressEvery?: number;
  /** Passed through to `onProgress` as `total` when the caller knows the dataset size. */
  readonly totalInteractions?: number;
}

export interface AgentLoad {
  readonly id: string;
  readonly handled: number;
  readonly busySeconds: number;
  /** busySeconds / simulated span. */
  readonly occupancy: number;
}

export interface FairnessReport {
  /** Gini coefficient of handled counts over all agents (idle ones included). */
  readonly gini: number;
  /** Pearson chi-square statistic of handled counts against an even split over all agents. */
  readonly chi2: number;
  /** Agents − 1. */
  readonly df: number;
  /** Upper tail of the chi-square distribution with `df` at `chi2`. */
  readonly pValue: number;
}

export interface SimulationReport {
  readonly policy: RoutingPolicyName;
  /** The fairness term of the run; absent when it was off (the default). */
  readonly fairnessTerm?: FairnessTermOptions;
  /** Offered: every interaction in the dataset. */
  readonly interactions: number;
  readonly answered: number;
  /** Hung up after their patience: in queue, or at once-and-for-all when no agent could ever serve them. */
  readonly abandoned: number;
  /** No agent could ever serve them and they had no patience to run out: never answered, never abandoned. */
  readonly unserved: number;
  /** Found no eligible idle agent on arrival and had to queue (Erlang C's "P(wait)" numerator). */
  readonly delayed: number;
  readonly answeredWithinTarget: number;
  readonly targetSeconds: number;
  /** answeredWithinTarget / interactions (offered), 0 when there are none. */
  readonly serviceLevel: number;
  /** Mean wait of answered interactions, 0 when none was answered. */
  readonly asaSeconds: number;
  /** abandoned / interactions, 0 when there are none. */
  readonly abandonRate: number;
  /** Total busy time / (agents × simulated span), 0 when the span is empty. */
  readonly occupancy: number;
  /** First arrival on the simulation clock. */
  readonly startSeconds: number;
  /** When the last interaction left: last completion, abandonment or arrival. */
  readonly endSeconds: number;
  readonly simulatedSeconds: number;
  /** In roster order. */
  readonly perAgent: readonly AgentLoad[];
  readonly fairness: FairnessReport;
}
