import { type AgentProfile, combinedProficiency } from "../model.js";
import {
  csatOf,
  eligibleScore,
  hasKnownCsat,
  languageMatchOf,
  type RoutingRequirement,
  type ScoringOptions,
  weightedScore,
} from "./score-agent.js";

/** The parts of one agent's weighted score, as `scoreAgent` computed them. */
export interface ScoreComponents {
  /** Combined normalised proficiency on the requested skills, 0–1 (`skillCombine`; 1 when none requested). */
  readonly proficiency: number;
  /** 1 when the agent speaks the requested language (or none is requested), 0 otherwise. */
  readonly languageMatch: 0 | 1;
  /** CSAT used, 0–1. */
  readonly csat: number;
  /** True when the agent had no survey data and `csatFallback` was used. */
  readonly csatFallback: boolean;
  /** Σ weight × component, clamped to [0, 1], before the `minScore` cut. */
  readonly weighted: number;
  /** What `scoreAgent` returns: `weighted`, or 0 below `minScore`. */
  readonly score: number;
}

/** `scoreAgent`, showing its work. `components.score === scoreAgent(...)` always (tested). */
export function scoreComponents(
  agent: AgentProfile,
  requirement: RoutingRequirement,
  options: ScoringOptions,
): ScoreComponents {
  const proficiency = combinedProficiency(agent.skills, requirement.requiredSkills, options.skillCombine);
  const languageMatch = languageMatchOf(agent, requirement);
  const csat = csatOf(agent, options.csatFallback);
  const weighted = weightedScore(options.weights, proficiency, languageMatch, csat);
  return {
    proficiency,
    languageMatch,
    csat,
    csatFallback: !hasKnownCsat(agent),
    weighted,
    score: eligibleScore(weighted, options.minScore),
  };
}
