import type { CallOptions, GenesysClient } from "@routing/genesys-client";
import { isActive } from "../genesys/active-entries.js";

export interface HeldSkill {
  readonly proficiency: number;
  readonly name: string | undefined;
}

/** A user's active routing skills NOW (`GET /api/v2/users/{userId}/routingskills`), by skill id. */
export async function readActiveSkills(
  client: GenesysClient,
  userId: string,
  options: CallOptions,
): Promise<Map<string, HeldSkill>> {
  const held = new Map<string, HeldSkill>();
  for await (const skill of client.users.getUserRoutingSkills(userId, options)) {
    if (isActive(skill)) held.set(skill.id, { proficiency: skill.proficiency, name: skill.name });
  }
  return held;
}
