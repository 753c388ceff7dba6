import { InvalidInputError, requireNonEmptyString, requireNumberInRange } from "../errors.js";
import { MAX_PROFICIENCY } from "../model.js";
import { resolveSkillAdjustmentOptions, type SkillAdjustmentOptions } from "./adjustment-options.js";
import { type AgentPerformance, targetProficiency, validatePerformance } from "./target-proficiency.js";

export interface SkillAdjustmentInput {
  readonly userId: string;
  readonly skillId: string;
  /**
   * The proficiency the user holds NOW (0–5), read just before deciding. The tutorial compared the
   * target with 0, which flags every agent, including those already at their target.
   */
  readonly currentProficiency: number;
  readonly performance: AgentPerformance;
}

export type SkillAdjustmentDecision =
  | {
      readonly kind: "no-change";
      readonly userId: string;
      readonly skillId: string;
      readonly reason: string;
    }
  | SkillAdjustment;

export interface SkillAdjustment {
  readonly kind: "adjust";
  readonly userId: string;
  readonly skillId: string;
  /** Current proficiency, 0–5. */
  readonly from: number;
  /** Proficiency to write, 0–5; at most `maxStep` from `from`. */
  readonly to: number;
  /** Where the performance says the proficiency should be, 0–5. */
  readonly target: number;
  /** True when `maxStep` held the move short of the target. */
  readonly clamped: boolean;
  /** True when the wanted change |target − from| exceeds `alertThreshold`: tell a supervisor. */
  readonly alert: boolean;
  readonly reason: string;
}

// Figures are compared at this precision so that 3.45 − 3.40 counts as the 0.05 it is written as.
const COMPARE_SCALE = 1e6;

/**
 * Decides one (user, skill) for this cycle: no change without enough conversations or survey data, or when
 * the target is within the dead band of the current proficiency; otherwise a move toward the target of at
 * most `maxStep`, flagged for an alert when the wanted change is large.
 * Throws `PolicyConfigError` / `InvalidInputError` naming the field on bad options / data.
 */
export function decideSkillAdjustment(
  input: SkillAdjustmentInput,
  options: Partial<SkillAdjustmentOptions> = {},
): SkillAdjustmentDecision {
  const policy = resolveSkillAdjustmentOptions(options);
  const userId = requireNonEmptyString(InvalidInputError, "userId", input.userId);
  const skillId = requireNonEmptyString(InvalidInputError, "skillId", input.skillId);
  const from = requireNumberInRange(
    InvalidInputError,
    "currentProficiency",
    input.currentProficiency,
    0,
    MAX_PROFICIENCY,
  );
  const performance = validatePerformance(input.performance);
  const subject = `user ${userId} skill ${skillId}`;
  const noChange = (why: string): SkillAdjustmentDecision => ({
    kind: "no-change",
    userId,
    skillId,
    reason: `no change for ${subject}: ${why}`,
  });

  if (performance.conversations < policy.minConversations) {
    return noChange(
      `${performance.conversations} conversations, fewer than the ${policy.minConversations} required`,
    );
  }
  if (performance.csat === null) return noChange("no survey responses in the period");

  const { target, csat, handleTimeFactor } = targetProficiency(
    performance.csat,
    performance.csatScale,
    performance.averageHandleTimeSeconds,
    policy,
  );
  const basis =
    `target ${target.toFixed(2)} from CSAT ${csat.toFixed(2)} x handle-time factor ${handleTimeFactor} ` +
    `(AHT ${Math.round(performance.averageHandleTimeSeconds)} s over ${performance.conversations} conversations)`;
  const gap = atComparePrecision(target - from);
  const size = Math.abs(gap);
  if (size < policy.deadBand || size === 0) {
    return noChange(`${basis} is within the dead band ${policy.deadBand} of current ${from}`);
  }

  const clamped = size > policy.maxStep;
  const to = clamped ? stepToward(from, gap, policy.maxStep) : target;
  const alert = size > policy.alertThreshold;
  return {
    kind: "adjust",
    userId,
    skillId,
    from,
    to,
    target,
    clamped,
    alert,
    reason:
      `adjust ${subject} ${from} -> ${to}: ${basis}` +
      (clamped ? `; step limited to ${policy.maxStep}` : "") +
      (alert
        ? `; wanted change ${size.toFixed(2)} exceeds the alert threshold ${policy.alertThreshold}`
        : ""),
  };
}

/**
 * `from` moved by `maxStep` in the direction of `gap`, rounded to 2 decimals TOWARD `from` so that the
 * rounding never makes the move larger than `maxStep` (maxStep >= 0.01 keeps it moving).
 */
function stepToward(from: number, gap: number, maxStep: number): number {
  const nudge = 1e-9;
  return gap > 0
    ? Math.floor((from + maxStep) * 100 + nudge) / 100
    : Math.ceil((from - maxStep) * 100 - nudge) / 100;
}

function atComparePrecision(value: number): number {
  return Math.round(value * COMPARE_SCALE) / COMPARE_SCALE;
}
