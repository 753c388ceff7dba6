import { InvalidInputError } from "../errors.js";
import type { SkillAdjustmentDecision } from "./decide-adjustment.js";

/** One entry of `PATCH /api/v2/users/{userId}/routingskills/bulk` (adds or updates; leaves other skills alone). */
export interface RoutingSkillUpdate {
  readonly id: string;
  readonly proficiency: number;
}

export interface UserSkillBulkUpdate {
  readonly userId: string;
  readonly skills: readonly RoutingSkillUpdate[];
}

/**
 * Groups the `adjust` decisions into one bulk PATCH body per user (one request per user instead of one
 * per skill, which matters under a 300 requests/minute budget). Users come out sorted by id, skills in
 * decision order. Two adjustments of the same (user, skill) are a caller bug: `InvalidInputError`.
 */
export function buildRoutingSkillBulkUpdates(
  decisions: readonly SkillAdjustmentDecision[],
): UserSkillBulkUpdate[] {
  const byUser = new Map<string, Map<string, RoutingSkillUpdate>>();
  for (const decision of decisions) {
    if (decision.kind !== "adjust") continue;
    let skills = byUser.get(decision.userId);
    if (skills === undefined) {
      skills = new Map();
      byUser.set(decision.userId, skills);
    }
    if (skills.has(decision.skillId)) {
      throw new InvalidInputError(
        `decisions[${decision.userId}/${decision.skillId}]`,
        "the same user and skill are adjusted twice in one batch",
      );
    }
    skills.set(decision.skillId, { id: decision.skillId, proficiency: decision.to });
  }
  return [...byUser.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([userId, skills]) => ({ userId, skills: [...skills.values()] }));
}
