import { decideSessionTurn, type TurnResult } from "@routing/handoff-sessions";
import type { JobPayload } from "@routing/jobs";
import { callOptions, type HandlerContext, type JobHandler } from "../handler-context.js";
import { owningParticipant } from "../handoff/owning-participant.js";
import type { JobOutcome } from "../job-outcome.js";
import { UNCONFIGURED_HANDOFF_QUEUE } from "../policy.js";

type TransferOutcome =
  | {
      readonly transfer: "transferred" | "already-transferred";
      readonly from?: string;
      readonly skillsSet: boolean;
    }
  | { readonly transfer: "skipped-no-queue" | "skipped-no-owner" };

/**
 * Moves a handed-off conversation to the handoff queue the Genesys way for platforms that push turns to
 * our webhook: `POST /api/v2/conversations/{id}/participants/{pid}/replace/queue` on the participant that
 * owns the conversation (the flow's, the acd's or an agent's), read from `GET /api/v2/conversations/{id}`,
 * never the customer's; then the handoff skills with `PATCH /api/v2/routing/conversations/{id}`. Three
 * calls, once per conversation. (Conversations an Architect flow hands to our Bot Connector need none:
 * Architect's Transfer to ACD moves them.)
 */
async function transferToHandoffQueue(
  payload: JobPayload<"handoff.turn">,
  result: TurnResult,
  context: HandlerContext,
): Promise<TransferOutcome> {
  const target = result.turn.target;
  if (target === null || target.queueId === UNCONFIGURED_HANDOFF_QUEUE) {
    context.metrics.handoffTransfersSkipped.inc({ reason: "no-queue-configured" });
    context.logger.warn(
      { conversationId: payload.conversationId },
      "handoff decided but not transferred: WORKER_HANDOFF_QUEUE_ID is not set",
    );
    return { transfer: "skipped-no-queue" };
  }
  const options = callOptions(context);
  let from: string | undefined;
  if (!result.session.transferred) {
    const conversation = await context.genesys.conversations.getConversation(payload.conversationId, options);
    const owner = owningParticipant(conversation, payload.participantId);
    if (owner.kind === "none") {
      context.metrics.handoffTransfersSkipped.inc({ reason: "no-owner-participant" });
      context.logger.warn(
        { conversationId: payload.conversationId },
        "handoff decided but not transferred: no connected flow, acd or agent participant holds the conversation",
      );
      return { transfer: "skipped-no-owner" };
    }
    if (owner.namedIgnored) {
      context.logger.warn(
        { conversationId: payload.conversationId, transferred: owner.participant.id },
        "the webhook named a participant that does not own the conversation (the customer's?): transferring the owner's instead",
      );
    }
    // Recorded before the call (write-journal.ts), keyed by the conversation, not by the owner: a re-run
    // after a crash re-sends this very transfer (same participant), which Genesys refuses once it is done
    // (the participant is no longer connected: too late, not a failure) instead of moving it again.
    await context.writes.write(
      `POST /api/v2/conversations/${payload.conversationId}/participants/{owner}/replace/queue`,
      { participantId: owner.participant.id, queueId: target.queueId },
      ({ participantId, queueId }) =>
        context.genesys.conversations.replaceParticipantWithQueue(
          payload.conversationId,
          participantId,
          { queueId },
          options,
        ),
    );
    await context.handoffSessions.markTransferred(payload.conversationId);
    context.metrics.handoffTransfers.inc({ from: owner.purpose });
    from = owner.purpose;
  }
  // Absolute, so repeating it on a retried job is harmless; TransferToQueueRequest carries no skills.
  if (target.skillIds.length > 0) {
    await context.genesys.routing.patchRoutingConversation(
      payload.conversationId,
      { skillIds: target.skillIds },
      options,
    );
  }
  return {
    transfer: from === undefined ? "already-transferred" : "transferred",
    ...(from === undefined ? {} : { from }),
    skillsSet: target.skillIds.length > 0,
  };
}

/**
 * One bot turn pushed to our webhook, decided by the handoff rule both entry points share
 * (`@routing/handoff-sessions`: core's policy on the conversation's state in Redis, so any worker can take
 * any turn). Only the turn that decided the handoff transfers the conversation; a retried job replays its
 * recorded decision instead of counting the turn again.
 */
export const decideBotTurn: JobHandler<"handoff.turn"> = async (payload, context) => {
  const result = await decideSessionTurn(
    context.handoffSessions,
    {
      conversationId: payload.conversationId,
      turnId: payload.turnId,
      intent: payload.intent,
      confidence: payload.confidence,
    },
    context.policy.handoff,
  );
  const { turn, replayed, session } = result;
  if (!replayed) {
    context.metrics.handoffTurns.inc({ decision: turn.kind });
    if (turn.kind === "handoff" && turn.trigger !== null)
      context.metrics.handoffs.inc({ trigger: turn.trigger });
  }
  const outcome: JobOutcome = {
    status: turn.kind,
    turns: session.state.turns,
    consecutiveLowTurns: session.state.consecutiveLowTurns,
    trigger: turn.trigger,
    replayed,
    reason: turn.reason,
  };
  if (turn.kind !== "handoff") return outcome;
  context.logger.info(
    { conversationId: payload.conversationId, turnId: payload.turnId, trigger: turn.trigger },
    turn.reason,
  );
  return { ...outcome, ...(await transferToHandoffQueue(payload, result, context)) };
};
