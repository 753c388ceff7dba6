import { explainAssignmentCheck, planRejectionFollowUpExplained, readRoutingRules } from "@routing/core";
import { rosterCandidates } from "@routing/roster";
import { callOptions, type JobHandler } from "../handler-context.js";
import { reportInertScores } from "../queue-config/inert-scores.js";
import { rosterForDecision, rosterOutcome } from "../roster/decision-roster.js";
import { readUserIntoRoster } from "../roster/read-user.js";

/**
 * The skill-threshold check on every assignment: the offered agent's routing skills as the live roster holds
 * them (Genesys has no per-queue proficiency) against the skills the conversation requests (the acd leg's,
 * carried by the job). No Genesys call when the roster knows the agent's skills; when it does not (not a
 * member it holds, or skills older than ROSTER_SKILLS_TTL_SECONDS), one read of the agent, written through to
 * the roster and named in the outcome (`skillsRead`). A rejection follows core's plan: `rescore` steers the
 * conversation to the roster's other members who would pass the same check (the offered agent is never among
 * them) with one `PATCH /api/v2/routing/conversations/{id}`, mapped onto the queue's preferred agent routing
 * rules like a first scoring; `requeue` (also when those rules ignore scores) leaves it to Genesys, pinned to
 * no one. The alerting offer itself is not withdrawn: the only call that could (`PATCH …/participants/{id}`
 * state disconnected) hangs up on the customer if the agent answered in the meantime, and Genesys re-offers a
 * declined or timed-out alert by the new scores anyway.
 */
export const checkOfferedAssignment: JobHandler<"assignment.check"> = async (payload, context) => {
  const options = callOptions(context);
  if (payload.skillIds.length === 0 && payload.skillExpressionId !== undefined) {
    // Genesys routes by a skill expression we cannot evaluate, and listed no explicit skills: approving
    // would pass anyone, rejecting would bounce qualified agents. Recorded as unevaluated, nothing written.
    context.metrics.assignmentChecks.inc({ decision: "unevaluated" });
    return { status: "unevaluated", reason: "skill-expression", round: payload.round };
  }
  const decisionRoster = await rosterForDecision(context, payload.queueId);
  const roster = rosterOutcome(decisionRoster);
  const member = decisionRoster.roster.members.find((candidate) => candidate.id === payload.userId);
  let skills = member?.skills;
  let skillsRead: { skillsRead: string } | Record<string, never> = {};
  if (member === undefined || member.skillsExpired) {
    const read = await readUserIntoRoster(context, payload.userId, "decision");
    context.roster.metrics.reads.inc({ kind: "decision", result: "done" });
    skills = read.observation?.skills ?? {};
    skillsRead = { skillsRead: member === undefined ? "not-in-roster" : "expired" };
  }
  // The *Explained forms decide exactly as checkAssignment / planRejectionFollowUp, for the decision log.
  const { decision, explanation } = explainAssignmentCheck(
    {
      queueId: payload.queueId,
      agent: { id: payload.userId, skills: skills ?? {} },
      requiredSkills: payload.skillIds,
    },
    context.policy.assignment,
  );
  context.decision.explain({ assignment: explanation, rosterVersion: decisionRoster.roster.version });
  context.metrics.assignmentChecks.inc({ decision: decision.kind });
  const figures = {
    score: decision.score,
    threshold: decision.threshold,
    round: payload.round,
    ...skillsRead,
    ...roster,
  };
  if (decision.kind === "approve") return { status: "approved", ...figures };

  // The re-score means what a first scoring means under the queue's rules (cached: usually no call).
  const { configuration, fresh } = await context.queueConfigurations.get(payload.queueId, options);
  const routing = readRoutingRules(configuration.routingRules);
  reportInertScores(context, payload.queueId, routing, fresh);
  const { followUp, explanation: ranking } = planRejectionFollowUpExplained(
    decision,
    {
      routing,
      nowMs: context.nowMs(),
      // Core leaves the offered agent out; so does this, whatever the roster says of them.
      candidates: rosterCandidates(decisionRoster.roster).filter(
        (candidate) => candidate.id !== payload.userId,
      ),
      requiredLanguage: payload.languageId,
      assignment: context.policy.assignment,
      ranking: context.policy.ranking,
    },
    { explainAtMost: context.decision.candidatesKept },
  );
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
