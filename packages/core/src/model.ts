/** Genesys proficiency scale: routing skills carry a proficiency from 0.0 to 5.0. */
export const MAX_PROFICIENCY = 5;

/** An agent as the decision policies see it; the apps map Genesys users onto this shape. */
export interface AgentProfile {
  readonly id: string;
  readonly name?: string | undefined;
  /** Skill id (or name) -> proficiency on Genesys' 0–5 scale. A missing skill means "does not have it". */
  readonly skills: Readonly<Record<string, number>>;
  /** Language ids (or names such as "en-US") the agent can serve. */
  readonly languages: readonly string[];
  /** Historical customer satisfaction normalised to 0–1; undefined when there is no survey data. */
  readonly csat?: number | undefined;
}

/** How the proficiencies of several requested skills combine into one figure. */
export type SkillCombine = "min" | "mean";

/** Proficiency 0–5 -> 0–1, clamped, with non-finite input treated as 0. */
export function normaliseProficiency(proficiency: number | undefined): number {
  if (proficiency === undefined || !Number.isFinite(proficiency) || proficiency <= 0) return 0;
  return proficiency >= MAX_PROFICIENCY ? 1 : proficiency / MAX_PROFICIENCY;
}

/**
 * Combined normalised proficiency (0–1) of an agent on the requested skills. With no requested skills the
 * agent is fully qualified (1); an agent missing a skill scores 0 on it, so "min" makes it 0 overall.
 */
export function combinedProficiency(
  skills: Readonly<Record<string, number>>,
  requiredSkills: readonly string[],
  combine: SkillCombine = "min",
): number {
  if (requiredSkills.length === 0) return 1;
  let min = 1;
  let sum = 0;
  for (const skill of requiredSkills) {
    const value = normaliseProficiency(skills[skill]);
    if (value < min) min = value;
    sum += value;
  }
  return combine === "min" ? min : sum / requiredSkills.length;
}

/** Genesys `routingStatus.status` values (`v2.users.{id}.routingStatus`, queue members `expand=routingStatus`). */
export const ROUTING_STATUSES = [
  "IDLE",
  "INTERACTING",
  "NOT_RESPONDING",
  "OFF_QUEUE",
  "COMMUNICATING",
] as const;
export type RoutingStatus = (typeof ROUTING_STATUSES)[number];

/** An agent's routing status and when it began, as Genesys reports it. */
export interface RoutingStatusSnapshot {
  readonly status: RoutingStatus;
  /**
   * When the agent entered `status`: Genesys' ISO-8601 `startTime` as received, or epoch milliseconds
   * (what the simulator has). Undefined when unknown: the agent then counts as idle for 0 ms.
   */
  readonly startTime?: string | number | undefined;
}

/** An agent offered for ranking: the profile plus its current routing status. */
export interface CandidateAgent extends AgentProfile {
  /** Undefined = status unknown; such agents are excluded whenever ranking filters on status. */
  readonly routingStatus?: RoutingStatusSnapshot | undefined;
  /**
   * The agent's occupancy over a recent window, 0–1 (busy time / time on queue), as the caller measured
   * it. Only the fairness term's `occupancy` signal reads it; undefined = unknown (a neutral term).
   */
  readonly occupancy?: number | undefined;
}
