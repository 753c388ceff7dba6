import {
  type AssignmentCheckOptions,
  DEFAULT_ASSIGNMENT_THRESHOLDS,
  type HandoffOptionsInput,
  type RankingOptions,
  resolveHandoffOptions,
  resolveRankingOptions,
  resolveSkillAdjustmentOptions,
  type SkillAdjustmentOptions,
  thresholdFor,
} from "@routing/core";
import type { WorkerConfig } from "./env.js";

/**
 * Core requires a handoff target queue. Without WORKER_HANDOFF_QUEUE_ID the decision is still made and
 * recorded against this marker, and no transfer is attempted.
 */
export const UNCONFIGURED_HANDOFF_QUEUE = "unconfigured";

/** The core policies' options as this deployment configures them; anything not set is core's default. */
export interface WorkerPolicy {
  readonly ranking: Partial<RankingOptions>;
  readonly assignment: Partial<AssignmentCheckOptions>;
  readonly handoff: HandoffOptionsInput;
  readonly skillAdjustment: Partial<SkillAdjustmentOptions>;
  readonly skillAdjustmentTargets: ReadonlyMap<string, readonly string[]>;
}

/**
 * Builds the policy options and validates them with core's own resolvers, so that a bad combination
 * stops the process at start-up instead of failing every job (core throws PolicyConfigError naming it).
 */
export function buildWorkerPolicy(config: WorkerConfig): WorkerPolicy {
  const policy: WorkerPolicy = {
    ranking: {},
    assignment: {
      thresholds: { ...DEFAULT_ASSIGNMENT_THRESHOLDS, defaultThreshold: config.assignmentThreshold },
    },
    handoff: {
      confidenceThreshold: config.handoff.confidenceThreshold,
      defaultTarget: {
        queueId: config.handoff.queueId ?? UNCONFIGURED_HANDOFF_QUEUE,
        skillIds: config.handoff.skillIds,
      },
    },
    skillAdjustment: {},
    skillAdjustmentTargets: config.skillAdjustmentTargets,
  };
  resolveRankingOptions({ ...policy.ranking, nowMs: 0 });
  if (policy.assignment.thresholds !== undefined) thresholdFor("any-queue", policy.assignment.thresholds);
  resolveHandoffOptions(policy.handoff);
  resolveSkillAdjustmentOptions(policy.skillAdjustment);
  return policy;
}
