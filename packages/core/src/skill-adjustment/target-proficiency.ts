import { describeValue, InvalidInputError, requireIntegerInRange, requireNumberInRange } from "../errors.js";
import { MAX_PROFICIENCY } from "../model.js";
import type { HandleTimeTier, SkillAdjustmentOptions } from "./adjustment-options.js";

/**
 * Top of the scale the CSAT figure is on: 1 (already 0–1), 5 (a 5-point survey, as in the tutorial) or
 * 100 (Genesys `oSurveyTotalScore`).
 */
export type CsatScale = 1 | 5 | 100;
export const CSAT_SCALES: readonly CsatScale[] = [1, 5, 100];

/** An agent's measured performance over the adjustment period. */
export interface AgentPerformance {
  /** Conversations handled in the period (`tHandle` count). */
  readonly conversations: number;
  /** `tHandle` sum / count, in SECONDS (Genesys reports milliseconds). */
  readonly averageHandleTimeSeconds: number;
  /** Average survey score on `csatScale`; null when there were no survey responses. */
  readonly csat: number | null;
  readonly csatScale: CsatScale;
}

export interface TargetProficiency {
  /** 0–5, 2 decimals. */
  readonly target: number;
  /** CSAT on 0–1. */
  readonly csat: number;
  readonly handleTimeFactor: number;
}

/** Validates performance figures, throwing `InvalidInputError` naming the field. */
export function validatePerformance(performance: AgentPerformance, field = "performance"): AgentPerformance {
  requireIntegerInRange(
    InvalidInputError,
    `${field}.conversations`,
    performance.conversations,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  requireNumberInRange(
    InvalidInputError,
    `${field}.averageHandleTimeSeconds`,
    performance.averageHandleTimeSeconds,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  if (!CSAT_SCALES.includes(performance.csatScale)) {
    throw new InvalidInputError(
      `${field}.csatScale`,
      `expected one of ${CSAT_SCALES.join(", ")}, got ${describeValue(performance.csatScale)}`,
    );
  }
  if (performance.csat !== null) {
    requireNumberInRange(InvalidInputError, `${field}.csat`, performance.csat, 0, performance.csatScale);
  }
  return performance;
}

/** The handle-time factor: the first tier whose `aboveSeconds` the average exceeds, else the base factor. */
export function handleTimeFactor(
  averageHandleTimeSeconds: number,
  tiers: readonly HandleTimeTier[],
  baseFactor: number,
): number {
  for (const tier of tiers) {
    if (averageHandleTimeSeconds > tier.aboveSeconds) return tier.factor;
  }
  return baseFactor;
}

/**
 * The tutorial's formula: CSAT (0–1) x handle-time factor, capped at 1, mapped onto Genesys' 0–5 scale
 * and rounded to 2 decimals. Expects validated figures with a CSAT.
 */
export function targetProficiency(
  csat: number,
  csatScale: CsatScale,
  averageHandleTimeSeconds: number,
  options: Pick<SkillAdjustmentOptions, "handleTimeTiers" | "baseHandleTimeFactor">,
): TargetProficiency {
  const normalisedCsat = csat / csatScale;
  const factor = handleTimeFactor(
    averageHandleTimeSeconds,
    options.handleTimeTiers,
    options.baseHandleTimeFactor,
  );
  const unit = Math.min(1, normalisedCsat * factor);
  return {
    target: roundToHundredths(unit * MAX_PROFICIENCY),
    csat: normalisedCsat,
    handleTimeFactor: factor,
  };
}

/** Rounds to 2 decimals; the 1e-9 nudge keeps 2.675-style binary near-misses rounding as written. */
export function roundToHundredths(value: number): number {
  return Math.round(value * 100 + 1e-9) / 100;
}
