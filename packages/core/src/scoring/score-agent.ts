import { type AgentProfile, combinedProficiency, type SkillCombine } from "../model.js";

/** Relative importance of each scoring dimension; the policy renormalises them to sum to 1. */
export interface ScoringWeights {
  readonly proficiency: number;
  readonly languageMatch: number;
  readonly csat: number;
}

export const DEFAULT_SCORING_WEIGHTS: ScoringWeights = Object.freeze({
  proficiency: 0.4,
  languageMatch: 0.3,
  csat: 0.3,
});

export interface ScoringOptions {
  /** Default 0.4 / 0.3 / 0.3 (proficiency / language match / CSAT). */
  readonly weights: ScoringWeights;
  /** Composite scores below this count as 0 (not eligible). Default 0.5. */
  readonly minScore: number;
  /** CSAT used for an agent with no survey data. Default 0.5. */
  readonly csatFallback: number;
  /** How several requested skills combine. Default "min". */
  readonly skillCombine: SkillCombine;
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = Object.freeze({
  weights: DEFAULT_SCORING_WEIGHTS,
  minScore: 0.5,
  csatFallback: 0.5,
  skillCombine: "min",
});

/** What a conversation asks for. */
export interface RoutingRequirement {
  readonly requiredSkills: readonly string[];
  /** A language the agent should speak; undefined = any language matches. */
  readonly requiredLanguage?: string | undefined;
}

/**
 * Composite score in [0, 1]: weighted proficiency, language match and CSAT (weights taken as given; use
 * `normaliseWeights` first when they may not sum to 1). Returns 0 when the composite is below `minScore`.
 */
export function scoreAgent(
  agent: AgentProfile,
  requirement: RoutingRequirement,
  options: ScoringOptions = DEFAULT_SCORING_OPTIONS,
): number {
  const { weights } = options;
  const proficiency = combinedProficiency(agent.skills, requirement.requiredSkills, options.skillCombine);
  const language =
    requirement.requiredLanguage === undefined || agent.languages.includes(requirement.requiredLanguage)
      ? 1
      : 0;
  // A CSAT that is not a number (NaN from an empty survey average, say) is no data: use the fallback.
  const knownCsat = agent.csat !== undefined && Number.isFinite(agent.csat) ? agent.csat : undefined;
  const csat = clampUnit(knownCsat ?? options.csatFallback);
  const total = weights.proficiency * proficiency + weights.languageMatch * language + weights.csat * csat;
  const bounded = clampUnit(total);
  return bounded >= options.minScore ? bounded : 0;
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(value, 1);
}
