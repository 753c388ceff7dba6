import { describeValue, PolicyConfigError } from "../errors.js";
import type { ScoringWeights } from "./score-agent.js";

export const WEIGHT_NAMES = [
  "proficiency",
  "languageMatch",
  "csat",
] as const satisfies readonly (keyof ScoringWeights)[];

/**
 * Validates weights (each finite and >= 0, not all 0) and scales them to sum to 1, so that callers may
 * configure them in any unit ("4 / 3 / 3" means the same as "0.4 / 0.3 / 0.3").
 * Throws `PolicyConfigError` naming the field otherwise.
 */
export function normaliseWeights(weights: ScoringWeights, field = "weights"): ScoringWeights {
  let total = 0;
  for (const name of WEIGHT_NAMES) {
    const value: unknown = weights[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new PolicyConfigError(
        `${field}.${name}`,
        `expected a finite number, got ${describeValue(value)}`,
      );
    }
    if (value < 0) throw new PolicyConfigError(`${field}.${name}`, `must be >= 0, got ${value}`);
    total += value;
  }
  if (total === 0) throw new PolicyConfigError(field, "at least one weight must be > 0");
  if (!Number.isFinite(total)) throw new PolicyConfigError(field, "weights are too large to add up");
  return {
    proficiency: weights.proficiency / total,
    languageMatch: weights.languageMatch / total,
    csat: weights.csat / total,
  };
}
