import { buildRequestScoredAgents } from "@routing/core";
import { loadQueueCandidates } from "../genesys/queue-candidates.js";
import { callOptions, type JobHandler } from "../handler-context.js";

/**
 * Custom agent scoring: ranks the queue's members with core's weighted policy (idle agents only) and
 * hands the top N to Genesys as `requestScoredAgents` on `PATCH /api/v2/routing/conversations/{id}`.
 * With nobody eligible nothing is sent: Genesys' own routing then applies.
 */
export const scoreConversation: JobHandler<"conversation.score"> = async (payload, context) => {
  const options = callOptions(context);
  const candidates = await loadQueueCandidates(context.genesys, payload.queueId, options);
  const requestScoredAgents = buildRequestScoredAgents(
    candidates,
    {
      requiredSkills: payload.skillIds,
      ...(payload.languageId === undefined ? {} : { requiredLanguage: payload.languageId }),
    },
    { ...context.policy.ranking, nowMs: context.nowMs() },
  );
  if (requestScoredAgents.length === 0) {
    return {
      status: "no-eligible-agent",
      candidates: candidates.length,
      scoredAgents: 0,
      round: payload.round,
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
    round: payload.round,
    ...(replay === "none" ? {} : { replay }),
  };
};
