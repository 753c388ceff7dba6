import { describeValue, PolicyConfigError, requireIntegerInRange, requireNumberInRange } from "../errors.js";
import { MAX_PROFICIENCY } from "../model.js";

/** Average handle time above `aboveSeconds` multiplies the target proficiency by `factor`. */
export interface HandleTimeTier {
  readonly aboveSeconds: number;
  readonly factor: number;
}

export interface SkillAdjustmentOptions {
  /**
   * Checked in order, first match wins, so `aboveSeconds` must strictly decrease. Default the tutorial's:
   * over 600 s x0.6, over 400 s x0.8.
   */
  readonly handleTimeTiers: readonly HandleTimeTier[];
  /** Factor when no tier matches. Default 1.0. */
  readonly baseHandleTimeFactor: number;
  /** Fewer handled conversations than this: no change (too little evidence). Default 20. */
  readonly minConversations: number;
  /** Largest move per cycle on the 0–5 scale; a bigger gap closes over several cycles. Default 0.5. */
  readonly maxStep: number;
  /** Gaps smaller than this (0–5 scale) are not written: not worth a write or a routing change. Default 0.05. */
  readonly deadBand: number;
  /**
   * A wanted change (target − current, 0–5 scale) larger than this is flagged for a supervisor alert.
   * Default 1.5: the tutorial's 0.3 on its 0–1 scale.
   */
  readonly alertThreshold: number;
}

export const DEFAULT_HANDLE_TIME_TIERS: readonly HandleTimeTier[] = Object.freeze([
  Object.freeze({ aboveSeconds: 600, factor: 0.6 }),
  Object.freeze({ aboveSeconds: 400, factor: 0.8 }),
]);

export const DEFAULT_SKILL_ADJUSTMENT_OPTIONS: SkillAdjustmentOptions = Object.freeze({
  handleTimeTiers: DEFAULT_HANDLE_TIME_TIERS,
  baseHandleTimeFactor: 1,
  minConversations: 20,
  maxStep: 0.5,
  deadBand: 0.05,
  alertThreshold: 1.5,
});

/** Proficiencies are written with 2 decimals, so a step below 0.01 could never move anything. */
const MIN_STEP = 0.01;
/** Factors above this are surely a typo (a percentage?): the target is capped at 5 anyway. */
const MAX_FACTOR = 10;

/** Fills in defaults and validates every field, throwing `PolicyConfigError` naming it. */
export function resolveSkillAdjustmentOptions(
  options: Partial<SkillAdjustmentOptions> = {},
): SkillAdjustmentOptions {
  const merged = { ...DEFAULT_SKILL_ADJUSTMENT_OPTIONS, ...options };
  return {
    handleTimeTiers: validateTiers(merged.handleTimeTiers),
    baseHandleTimeFactor: requireNumberInRange(
      PolicyConfigError,
      "baseHandleTimeFactor",
      merged.baseHandleTimeFactor,
      0,
      MAX_FACTOR,
    ),
    minConversations: requireIntegerInRange(
      PolicyConfigError,
      "minConversations",
      merged.minConversations,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    maxStep: requireNumberInRange(PolicyConfigError, "maxStep", merged.maxStep, MIN_STEP, MAX_PROFICIENCY),
    deadBand: requireNumberInRange(PolicyConfigError, "deadBand", merged.deadBand, 0, MAX_PROFICIENCY),
    alertThreshold: requireNumberInRange(
      PolicyConfigError,
      "alertThreshold",
      merged.alertThreshold,
      0,
      MAX_PROFICIENCY,
    ),
  };
}

function validateTiers(tiers: readonly HandleTimeTier[]): readonly HandleTimeTier[] {
  if (!Array.isArray(tiers)) {
    throw new PolicyConfigError("handleTimeTiers", `expected a list, got ${describeValue(tiers)}`);
  }
  let previous = Number.POSITIVE_INFINITY;
  for (const [index, tier] of tiers.entries()) {
    const field = `handleTimeTiers[${index}]`;
    const above = requireNumberInRange(
      PolicyConfigError,
      `${field}.aboveSeconds`,
      tier.aboveSeconds,
      0,
      Number.MAX_SAFE_INTEGER,
    );
    if (above >= previous) {
      throw new PolicyConfigError(
        `${field}.aboveSeconds`,
        `tiers are checked in order, so aboveSeconds must strictly decrease (${above} after ${previous})`,
      );
    }
    requireNumberInRange(PolicyConfigError, `${field}.factor`, tier.factor, 0, MAX_FACTOR);
    previous = above;
  }
  return tiers;
}
