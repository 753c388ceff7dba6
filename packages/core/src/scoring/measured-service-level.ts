import {
  describeValue,
  InvalidInputError,
  PolicyConfigError,
  requireIntegerInRange,
  requireNumberInRange,
} from "../errors.js";
import type { ScoringWeights } from "./score-agent.js";
import {
  adjustWeightsForSla,
  DEFAULT_SLA_WEIGHT_RULES,
  type SlaTarget,
  type SlaWeightAdjustment,
  type SlaWeightRule,
  validateTarget,
} from "./sla-weights.js";
import { normaliseWeights } from "./weights.js";

/** A queue's service level as measured over a recent window. */
export interface MeasuredServiceLevel {
  /** Fraction of the window's contacts answered within the target's seconds, 0–1 (0.72 = 72 %). */
  readonly fraction: number;
  /**
   * Contacts the fraction was computed over. When given and below `minContacts`, the measurement is too
   * thin to act on and the base weights are used. Undefined = trust the fraction as it is.
   */
  readonly contacts?: number | undefined;
}

export interface MeasuredSlaOptions {
  /** The SLA weight rules, first match wins. Default `DEFAULT_SLA_WEIGHT_RULES`. */
  readonly rules: readonly SlaWeightRule[];
  /**
   * Fewest contacts in the window for the rules to apply: three calls of which one was slow are not a
   * service level worth re-weighting a queue for. Default 20.
   */
  readonly minContacts: number;
}

export const DEFAULT_MEASURED_SLA_OPTIONS: MeasuredSlaOptions = Object.freeze({
  rules: DEFAULT_SLA_WEIGHT_RULES,
  minContacts: 20,
});

/** What `weightsForMeasuredServiceLevel` answers: the SLA adjustment plus whether the evidence sufficed. */
export interface MeasuredSlaAdjustment extends SlaWeightAdjustment {
  /** The `contacts` judged on (null when the caller gave none). */
  readonly contacts: number | null;
  /** True when too few contacts were measured and the base weights were used whatever the level. */
  readonly insufficientEvidence: boolean;
}

/**
 * The scoring weights a queue should use now, from its measured service level: the worker calls this
 * with the queue's target and the fraction answered within it over a recent window (the worker decides
 * the window), then ranks with `weights`. The rules are `adjustWeightsForSla`'s: by default more than 5
 * points behind target favours language match, 5 or more ahead favours CSAT.
 *
 * Throws `PolicyConfigError` for bad weights / target / options and `InvalidInputError` for a bad
 * measurement (`measured.fraction` outside 0–1, `measured.contacts` not a whole number >= 0).
 */
export function weightsForMeasuredServiceLevel(
  baseWeights: ScoringWeights,
  target: SlaTarget,
  measured: MeasuredServiceLevel,
  options: Partial<MeasuredSlaOptions> = {},
): MeasuredSlaAdjustment {
  const { rules, minContacts } = { ...DEFAULT_MEASURED_SLA_OPTIONS, ...options };
  requireIntegerInRange(PolicyConfigError, "minContacts", minContacts, 0, Number.MAX_SAFE_INTEGER);
  if (!Array.isArray(rules)) {
    throw new PolicyConfigError("rules", `expected a list of SLA rules, got ${describeValue(rules)}`);
  }
  const fraction = requireNumberInRange(InvalidInputError, "measured.fraction", measured.fraction, 0, 1);
  const contacts =
    measured.contacts === undefined
      ? null
      : requireIntegerInRange(
          InvalidInputError,
          "measured.contacts",
          measured.contacts,
          0,
          Number.MAX_SAFE_INTEGER,
        );
  // Percent with the float noise of fraction × 100 removed (0.29 × 100 = 28.999999999999996).
  const serviceLevelPercent = Math.round(fraction * 100 * 1e9) / 1e9;
  const insufficientEvidence = contacts !== null && contacts < minContacts;
  if (insufficientEvidence) {
    const checkedTarget = validateTarget(target, "target");
    return {
      weights: normaliseWeights(baseWeights),
      baseWeights: normaliseWeights(baseWeights),
      rule: null,
      target: checkedTarget,
      serviceLevelPercent,
      reason: `service level measured over ${contacts} contact(s), fewer than ${minContacts}: base weights kept`,
      contacts,
      insufficientEvidence,
    };
  }
  const adjustment = adjustWeightsForSla(baseWeights, { target, serviceLevelPercent }, rules);
  return { ...adjustment, contacts, insufficientEvidence };
}

/**
 * A Genesys queue's service-level target (`mediaSettings.<media>.serviceLevel`: `percentage` as a
 * fraction, 0.8 for 80 %, and `durationMs`; platform-client-sdk-javascript `build/index.d.ts`
 * `ServiceLevel`, and `service_level_percentage = 0.8` / `service_level_duration_ms = 20000` in the
 * Genesys Terraform provider's queue examples) as the `SlaTarget` the rules take.
 */
export function slaTargetFromQueueServiceLevel(serviceLevel: {
  readonly percentage?: number | undefined;
  readonly durationMs?: number | undefined;
}): SlaTarget {
  const percentage = requireNumberInRange(
    InvalidInputError,
    "serviceLevel.percentage",
    serviceLevel.percentage,
    0,
    1,
  );
  const durationMs = requireNumberInRange(
    InvalidInputError,
    "serviceLevel.durationMs",
    serviceLevel.durationMs,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  if (percentage === 0) throw new InvalidInputError("serviceLevel.percentage", "must be > 0");
  if (durationMs === 0) throw new InvalidInputError("serviceLevel.durationMs", "must be > 0");
  return { percent: Math.round(percentage * 100 * 1e9) / 1e9, seconds: durationMs / 1000 };
}
