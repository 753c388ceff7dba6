import { explainRanking, mapScoresToRoutingRules, readRoutingRules } from "@routing/core";
import { rosterCandidates } from "@routing/roster";
import { callOptions, type JobHandler } from "../handler-context.js";
import { reportInertScores } from "../queue-config/inert-scores.js";
import { rosterForDecision, rosterOutcome } from "../roster/decision-roster.js";
import { sameScoredAgents } from "../scoring/same-scored-agents.js";

/**
 * Custom agent scoring: ranks the queue's members from the live roster in Redis (no Genesys read while it
 * is fresh, `roster/decision-roster.ts`) with core's weighted policy (idle agents only) and hands the top N
 * to Genesys as `requestScoredAgents` on `PATCH /api/v2/routing/conversations/{id}`, mapped onto the queue's
 * preferred agent routing rules (`mapScoresToRoutingRules`: our preferred agents clear the first
 * MEETS_THRESHOLD threshold, the others stay below it). One call per decision: the PATCH (the queue's
 * configuration is cached). When the triggering event shows Genesys already holds exactly these scores,
 * nothing is sent (`unchanged`). A queue whose rules ignore scores gets nothing (it would cost a call and
 * change nothing) and is reported. With nobody eligible nothing is sent: Genesys' own routing then applies.
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

  const decisionRoster = await rosterForDecision(context, payload.queueId);
  const candidates = rosterCandidates(decisionRoster.roster);
  const roster = rosterOutcome(decisionRoster);
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
    { explainAtMost: context.decision.candidatesKept },
  );
  context.decision.explain({ ranking: explanation, rosterVersion: decisionRoster.roster.version });
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
      ...roster,
    };
  }
  if (sameScoredAgents(payload.scoredAgents, requestScoredAgents)) {
    return {
      status: "unchanged",
      candidates: candidates.length,
      scoredAgents: requestScoredAgents.length,
      round: payload.round,
      ...skillExpression,
      ...roster,
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
    ...roster,
    ...(replay === "none" ? {} : { replay }),
  };
};
