import { decideHandoffTurn } from "@routing/core";
import type { JobPayload } from "@routing/jobs";
import { callOptions, type HandlerContext, type JobHandler } from "../handler-context.js";
import type { TurnResult } from "../handoff/handoff-sessions.js";
import type { JobOutcome } from "../job-outcome.js";

type TransferResult = "transferred" | "already-transferred" | "skipped-no-queue" | "skipped-no-participant";

async function transferToHandoffQueue(
  payload: JobPayload<"handoff.turn">,
  result: TurnResult,
  context: HandlerContext,
): Promise<TransferResult> {
  if (result.session.transferred) return "already-transferred";
  const skip = (reason: "no-queue-configured" | "no-participant-id"): TransferResult => {
    context.metrics.handoffTransfersSkipped.inc({ reason });
    context.logger.warn(
      { conversationId: payload.conversationId, reason },
      "handoff decided but the conversation was not transferred",
    );
    return reason === "no-queue-configured" ? "skipped-no-queue" : "skipped-no-participant";
  };
  const queueId = context.policy.handoffQueueId;
  if (queueId === undefined) return skip("no-queue-configured");
  const participantId = payload.participantId;
  if (participantId === undefined) return skip("no-participant-id");
  // Recorded before the call (write-journal.ts): a re-run after a crash re-sends this transfer, and
  // Genesys refuses a second one (the participant is no longer connected: too late, not a failure).
  await context.writes.write(
    `POST /api/v2/conversations/messages/${payload.conversationId}/participants/${participantId}/replace`,
    { queueId },
    (target) =>
      context.genesys.conversations.replaceMessagingParticipant(
        payload.conversationId,
        participantId,
        target,
        undefined,
        callOptions(context),
      ),
  );
  await context.handoffSessions.markTransferred(payload.conversationId);
  context.metrics.handoffTransfers.inc();
  return "transferred";
}

/**
 * One bot turn, decided by core's handoff policy against the conversation's state in Redis, so that any
 * worker can take any turn. Only the turn that decided the handoff transfers the conversation; a retried
 * job replays its recorded decision instead of counting the turn again.
 */
export const decideBotTurn: JobHandler<"handoff.turn"> = async (payload, context) => {
  const result = await context.handoffSessions.decideTurn(payload.conversationId, payload.turnId, (state) =>
    decideHandoffTurn(
      state,
      { intent: payload.intent, confidence: payload.confidence },
      context.policy.handoff,
    ),
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
  return { ...outcome, transfer: await transferToHandoffQueue(payload, result, context) };
};
