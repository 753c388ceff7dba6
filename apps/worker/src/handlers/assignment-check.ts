import { explainAssignmentCheck, planRejectionFollowUpExplained } from "@routing/core";
import { loadQueueCandidates } from "../genesys/queue-candidates.js";
import { proficiencies, readActiveSkills } from "../genesys/user-skills.js";
import { callOptions, type JobHandler } from "../handler-context.js";

/**
 * The skill-threshold check on every assignment: the offered agent's own routing skills (Genesys has no
 * per-queue proficiency) against the skills the conversation requests. A rejection follows core's plan:
 * `rescore` steers the conversation to the other members who would pass the same check (the offered agent
 * is never among them) with `PATCH /api/v2/routing/conversations/{id}`; `requeue` leaves it to Genesys,
 * pinned to no one. The alerting offer itself is not withdrawn: the only call that could
 * (`PATCH …/participants/{id}` state disconnected) hangs up on the customer if the agent answered in the
 * meantime, and Genesys re-offers a declined or timed-out alert by the new scores anyway.
 */
export const checkOfferedAssignment: JobHandler<"assignment.check"> = async (payload, context) => {
  const options = callOptions(context);
  if (payload.skillIds.length === 0 && payload.skillExpressionId !== undefined) {
    // Genesys routes by a skill expression we cannot evaluate, and listed no explicit skills: approving
    // would pass anyone, rejecting would bounce qualified agents. Recorded as unevaluated, nothing written.
    context.metrics.assignmentChecks.inc({ decision: "unevaluated" });
    return { status: "unevaluated", reason: "skill-expression", round: payload.round };
  }
  const held = await readActiveSkills(context.genesys, payload.userId, options);
  // The *Explained forms decide exactly as checkAssignment / planRejectionFollowUp, for the decision log.
  const { decision, explanation } = explainAssignmentCheck(
    {
      queueId: payload.queueId,
      agent: { id: payload.userId, skills: proficiencies(held) },
      requiredSkills: payload.skillIds,
    },
    context.policy.assignment,
  );
  context.decision.explain({ assignment: explanation });
  context.metrics.assignmentChecks.inc({ decision: decision.kind });
  const figures = { score: decision.score, threshold: decision.threshold, round: payload.round };
  if (decision.kind === "approve") return { status: "approved", ...figures };

  const candidates = await loadQueueCandidates(context.genesys, payload.queueId, options);
  const { followUp, explanation: ranking } = planRejectionFollowUpExplained(decision, {
    nowMs: context.nowMs(),
    candidates,
    requiredLanguage: payload.languageId,
    assignment: context.policy.assignment,
    ranking: context.policy.ranking,
  });
  context.decision.explain({ ranking });
  context.metrics.assignmentRejections.inc({ follow_up: followUp.kind });
  const rejected = {
    status: "rejected",
    ...figures,
    shortfalls: decision.shortfalls.map((shortfall) => shortfall.skillId),
    followUp: followUp.kind,
  };
  context.logger.info(
    { userId: payload.userId, conversationId: payload.conversationId, followUp: followUp.kind },
    decision.reason,
  );
  if (followUp.kind === "requeue") return rejected;
  // An earlier attempt's recorded write wins over this one's plan (write-journal.ts).
  const { body, replay } = await context.writes.write(
    `PATCH /api/v2/routing/conversations/${payload.conversationId}`,
    { requestScoredAgents: followUp.requestScoredAgents },
    (sent) => context.genesys.routing.patchRoutingConversation(payload.conversationId, sent, options),
  );
  const [top] = body.requestScoredAgents;
  return {
    ...rejected,
    scoredAgents: body.requestScoredAgents.length,
    topAgentId: top?.id ?? null,
    topScore: top?.score ?? null,
    ...(replay === "none" ? {} : { replay }),
  };
};
