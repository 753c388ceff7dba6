import { explainRanking, mapScoresToRoutingRules, readRoutingRules } from "@routing/core";
import { loadQueueCandidates } from "../genesys/queue-candidates.js";
import { callOptions, type JobHandler } from "../handler-context.js";
import { reportInertScores } from "../queue-config/inert-scores.js";

/**
 * Custom agent scoring: ranks the queue's members with core's weighted policy (idle agents only) and
 * hands the top N to Genesys as `requestScoredAgents` on `PATCH /api/v2/routing/conversations/{id}`,
 * mapped onto the queue's preferred agent routing rules (`mapScoresToRoutingRules`: our preferred agents
 * clear the first MEETS_THRESHOLD threshold, the others stay below it). A queue whose rules ignore
 * scores gets nothing (it would cost a call and change nothing) and is reported. With nobody eligible
 * nothing is sent: Genesys' own routing then applies.
 */
export const scoreConversation: JobHandler<"conversation.score"> = async (payload, context) => {
  const options = callOptions(context);
  const { configuration, fresh } = await context.queueConfigurations.get(payload.queueId, options);
  const routing = readRoutingRules(configuration.routingRules);
  reportInertScores(context, payload.queueId, routing, fresh);
  // An expression we cannot evaluate: ranked on its explicit skills (none: language, CSAT and idle time).
  const skillExpression =
    payload.skillExpressionId === undefined ? {} : { skillExpression: "not-evaluated" as const };
  if (!routing.scoresUsed) {
    return { status: "scores-inert", reason: routing.warning ?? "no-routing-rules", round: payload.round };
  }

  const candidates = await loadQueueCandidates(context.genesys, payload.queueId, options);
  // The queue's measured service level shifts the weights (core's SLA rules; base weights when unmeasured).
  const { weights } = await context.serviceLevels.weightsFor(payload.queueId);
  const ranking = { ...context.policy.ranking, weights, nowMs: context.nowMs() };
  // rankAgents showing its work, for the decision log (the ranking is rankAgents' own).
  const { ranked, explanation } = explainRanking(
    candidates,
    {
      requiredSkills: payload.skillIds,
      ...(payload.languageId === undefined ? {} : { requiredLanguage: payload.languageId }),
    },
    ranking,
  );
  context.decision.explain({ ranking: explanation });
  const requestScoredAgents = mapScoresToRoutingRules(ranked, routing, {
    ...(ranking.minScore === undefined ? {} : { minScore: ranking.minScore }),
    ...(ranking.topN === undefined ? {} : { limit: ranking.topN }),
  });
  if (requestScoredAgents.length === 0) {
    return {
      status: "no-eligible-agent",
      candidates: candidates.length,
      scoredAgents: 0,
      round: payload.round,
      ...skillExpression,
    };
  }
  // An earlier attempt's recorded write wins over this one's ranking (write-journal.ts).
  const { body, replay } = await context.writes.write(
    `PATCH /api/v2/routing/conversations/${payload.conversationId}`,
    { requestScoredAgents },
    (sent) => context.genesys.routing.patchRoutingConversation(payload.conversationId, sent, options),
  );
  const [top] = body.requestScoredAgents;
  return {
    status: "scored",
    candidates: candidates.length,
    scoredAgents: body.requestScoredAgents.length,
    topAgentId: top?.id ?? null,
    topScore: top?.score ?? null,
    gate: routing.gate ?? null,
    round: payload.round,
    ...skillExpression,
    ...(replay === "none" ? {} : { replay }),
  };
};
