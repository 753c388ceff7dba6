import { type AgentProfile, combinedProficiency, type SkillCombine } from "../model.js";
import type { FairnessTermOptions } from "./fairness-term.js";

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
  /**
   * The optional fairness term of the weighted policy (see `fairness-term.ts`). Default undefined: off,
   * and ranking is exactly the weighted score with idle time as the tie-break.
   */
  readonly fairness?: FairnessTermOptions | undefined;
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
 * The fairness term is not part of it: this score decides eligibility, and ranking blends the term in.
 */
export function scoreAgent(
  agent: AgentProfile,
  requirement: RoutingRequirement,
  options: ScoringOptions = DEFAULT_SCORING_OPTIONS,
): number {
  const proficiency = combinedProficiency(agent.skills, requirement.requiredSkills, options.skillCombine);
  const language = languageMatchOf(agent, requirement);
  const csat = csatOf(agent, options.csatFallback);
  return eligibleScore(weightedScore(options.weights, proficiency, language, csat), options.minScore);
}

// The helpers below are the score's only definition: `scoreAgent` (the hot path) and `scoreComponents`
// (explanations) both call them, so an explanation always shows the figures the ranking used.

/** 1 when the agent speaks the requested language or none is requested, 0 otherwise. */
export function languageMatchOf(agent: AgentProfile, requirement: RoutingRequirement): 0 | 1 {
  return requirement.requiredLanguage === undefined || agent.languages.includes(requirement.requiredLanguage)
    ? 1
    : 0;
}

/** Whether the agent's CSAT is survey data; a CSAT that is not a number (NaN from an empty average) is not. */
export function hasKnownCsat(agent: AgentProfile): boolean {
  return agent.csat !== undefined && Number.isFinite(agent.csat);
}

/** The CSAT the score uses, 0–1: the agent's own when known, otherwise the fallback. */
export function csatOf(agent: AgentProfile, csatFallback: number): number {
  return clampUnit(hasKnownCsat(agent) ? (agent.csat as number) : csatFallback);
}

/** The weighted sum of the three components, clamped to [0, 1]. */
export function weightedScore(
  weights: ScoringWeights,
  proficiency: number,
  languageMatch: number,
  csat: number,
): number {
  return clampUnit(
    weights.proficiency * proficiency + weights.languageMatch * languageMatch + weights.csat * csat,
  );
}

/** The weighted score, or 0 (not eligible) below `minScore`. */
export function eligibleScore(weighted: number, minScore: number): number {
  return weighted >= minScore ? weighted : 0;
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(value, 1);
}
