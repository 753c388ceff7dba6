import type { AgentModel, OfferReason, ScoredAgent } from "./model.js";

export interface RoutingRequest {
  skillIds: readonly string[];
  languageId: string | undefined;
  scoredAgents: readonly ScoredAgent[];
  declinedBy: ReadonlySet<string>;
}

export interface AgentChoice {
  agent: AgentModel;
  reason: Extract<OfferReason, "longest-idle" | "scored-agent">;
}

function isAvailable(agent: AgentModel, request: RoutingRequest): boolean {
  return agent.status === "IDLE" && agent.conversationId === undefined && !request.declinedBy.has(agent.id);
}

export function meetsRequirements(
  agent: AgentModel,
  request: Pick<RoutingRequest, "skillIds" | "languageId">,
): boolean {
  const hasSkills = request.skillIds.every((skillId) => agent.skills.get(skillId)?.state === "active");
  const hasLanguage =
    request.languageId === undefined || agent.languages.get(request.languageId)?.state === "active";
  return hasSkills && hasLanguage;
}

const longestIdleFirst = (a: AgentModel, b: AgentModel): number =>
  a.statusSince - b.statusSince || a.id.localeCompare(b.id);

/**
 * Who gets a waiting conversation now, among the queue's members:
 * 1. requested scored agents who are idle members, highest score first, ties by longest idle (preferred
 *    agent routing honours them without a skill check: the score is the external decision);
 * 2. otherwise (none requested, or none of them idle: the pool widens) the longest-idle member having every
 *    requested skill and the language.
 */
export function selectAgent(
  members: readonly AgentModel[],
  request: RoutingRequest,
): AgentChoice | undefined {
  const available = members.filter((agent) => isAvailable(agent, request));
  const scoreOf = new Map(request.scoredAgents.map((entry) => [entry.userId, entry.score]));
  const scored = available
    .filter((agent) => scoreOf.has(agent.id))
    .sort((a, b) => (scoreOf.get(b.id) ?? 0) - (scoreOf.get(a.id) ?? 0) || longestIdleFirst(a, b));
  const preferred = scored[0];
  if (preferred !== undefined) return { agent: preferred, reason: "scored-agent" };
  const eligible = available.filter((agent) => meetsRequirements(agent, request)).sort(longestIdleFirst);
  const longestIdle = eligible[0];
  return longestIdle === undefined ? undefined : { agent: longestIdle, reason: "longest-idle" };
}
