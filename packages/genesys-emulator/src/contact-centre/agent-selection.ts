import type { AgentModel, OfferReason, RoutingRuleModel, ScoredAgent } from "./model.js";

export interface RoutingRequest {
  skillIds: readonly string[];
  languageId: string | undefined;
  scoredAgents: readonly ScoredAgent[];
  declinedBy: ReadonlySet<string>;
  /** The queue's preferred agent routing rules (`Queue.routingRules`); none: the queue ignores scores. */
  routingRules: readonly RoutingRuleModel[];
  /** How long the conversation has been in the queue: which rule applies. */
  msInQueue: number;
}

export interface AgentChoice {
  agent: AgentModel;
  reason: Extract<OfferReason, "longest-idle" | "scored-agent">;
}

export interface Selection {
  /** Who gets the conversation now; undefined: nobody yet. */
  choice: AgentChoice | undefined;
  /** Time in queue at which the candidate pool next widens (the current rule's wait runs out), if ever. */
  widensAtMs: number | undefined;
}

function isAvailable(agent: AgentModel, request: Pick<RoutingRequest, "declinedBy">): boolean {
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

function matchesRule(rule: RoutingRuleModel, score: number): boolean {
  // MEETS_THRESHOLD "matches any agent with a score at or above the rule's threshold"; a rule without a
  // threshold matches nobody. ANY "matches all specified agents, regardless of score".
  if (rule.operator === "ANY") return true;
  return rule.threshold !== undefined && score >= rule.threshold;
}

/**
 * The preferred pool now: the scored agents the rules so far admit (the pool only expands, rule after
 * rule), and when the current rule's wait runs out. Undefined once every rule's wait has run out, or when
 * the queue has no rules or the conversation no scores: standard routing then.
 */
function preferredPool(
  request: RoutingRequest,
): { readonly pool: ReadonlyMap<string, number>; readonly endsAtMs: number } | undefined {
  if (request.scoredAgents.length === 0) return undefined;
  const pool = new Map<string, number>();
  let ruleStartMs = 0;
  for (const rule of request.routingRules) {
    for (const entry of request.scoredAgents) {
      if (matchesRule(rule, entry.score)) pool.set(entry.userId, entry.score);
    }
    const endsAtMs = ruleStartMs + Math.max(0, rule.waitSeconds) * 1000;
    if (request.msInQueue < endsAtMs) return { pool, endsAtMs };
    ruleStartMs = endsAtMs;
  }
  return undefined;
}

/**
 * Who gets a waiting conversation now, among the queue's members. Genesys' preferred agent routing
 * (help "Preferred agent routing behavior", https://help.mypurecloud.com/?p=204745, and "Advanced routing
 * overview"): scores only count on a queue with routing rules; while a rule runs, only the scored idle
 * members it admits are tried, the highest score first (ties by longest idle) and without a skill check
 * ("the system considers preferred agents first, regardless of whether they have the required skills");
 * a rule with nobody idle waits out its `waitSeconds`; the pool only expands; after the last rule the
 * interaction goes to the wider pool: the longest-idle member having every requested skill and the
 * language (standard routing, "All skills matching").
 */
export function selectAgent(members: readonly AgentModel[], request: RoutingRequest): Selection {
  const available = members.filter((agent) => isAvailable(agent, request));
  const preferred = preferredPool(request);
  if (preferred !== undefined) {
    const scoreOf = preferred.pool;
    const [best] = available
      .filter((agent) => scoreOf.has(agent.id))
      .sort((a, b) => (scoreOf.get(b.id) ?? 0) - (scoreOf.get(a.id) ?? 0) || longestIdleFirst(a, b));
    return {
      choice: best === undefined ? undefined : { agent: best, reason: "scored-agent" },
      widensAtMs: preferred.endsAtMs,
    };
  }
  const [longestIdle] = available.filter((agent) => meetsRequirements(agent, request)).sort(longestIdleFirst);
  return {
    choice: longestIdle === undefined ? undefined : { agent: longestIdle, reason: "longest-idle" },
    widensAtMs: undefined,
  };
}
