import { type AgentProfile, normaliseProficiency } from "../model.js";
import { type ScoringOptions, scoreAgent } from "../scoring/score-agent.js";
import type { RoutingPolicyName } from "./types.js";

/**
 * How strongly `policy` prefers `agent` for an interaction needing `skill` (and `language`, when
 * defined): 0 = not eligible; among eligible agents a higher rank wins and equal ranks go to the agent
 * idle the longest.
 *
 * - weighted: the composite `scoreAgent` (0 below its minimum score, so the score itself decides
 *   eligibility; an agent may qualify without the skill or the language if the rest of the score carries it).
 * - longest-idle (Genesys standard routing, "all skills matching"): 1 for every agent holding the skill
 *   (proficiency > 0) and the language, so only idle time decides.
 * - best-available-skills (Genesys "Best available skills"): the same eligibility; the rank is the
 *   proficiency on the requested skill (Genesys averages over requested skills; an interaction here
 *   requests one), so the most proficient available agent wins and idle time breaks ties.
 */
export function policyRank(
  policy: RoutingPolicyName,
  agent: AgentProfile,
  skill: string,
  language: string | undefined,
  scoring: ScoringOptions,
): number {
  if (policy === "weighted") {
    return scoreAgent(agent, { requiredSkills: [skill], requiredLanguage: language }, scoring);
  }
  const proficiency = Object.hasOwn(agent.skills, skill) ? normaliseProficiency(agent.skills[skill]) : 0;
  if (proficiency <= 0) return 0;
  if (language !== undefined && !agent.languages.includes(language)) return 0;
  return policy === "longest-idle" ? 1 : proficiency;
}
