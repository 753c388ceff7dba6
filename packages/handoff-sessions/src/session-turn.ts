import { decideHandoffTurn, type HandoffOptionsInput } from "@routing/core";
import type { DecideTurnOptions, HandoffSessions, TurnResult } from "./handoff-sessions.js";

/** One customer turn of a bot conversation, as either entry point (webhook job, Bot Connector) sees it. */
export interface SessionTurn {
  readonly conversationId: string;
  /** Unique per turn: the webhook's turn/message id, or Genesys' Bot Connector `messageId`. */
  readonly turnId: string;
  /** The NLU's intent; missing or empty: unknown. */
  readonly intent?: unknown;
  /** The NLU's confidence; missing or invalid counts as 0 (core's rule). */
  readonly confidence?: unknown;
}

/**
 * THE handoff rule both apps run: core's `decideHandoffTurn` on the conversation's state in Redis, with the
 * deployment's policy, exactly once per turn id. The worker's `handoff.turn` job and the ingester's Bot
 * Connector endpoint both call this, so a conversation gets the same decisions whichever path carries it.
 */
export function decideSessionTurn(
  sessions: HandoffSessions,
  turn: SessionTurn,
  policy: HandoffOptionsInput,
  options: DecideTurnOptions = {},
): Promise<TurnResult> {
  return sessions.decideTurn(
    turn.conversationId,
    turn.turnId,
    (state) => decideHandoffTurn(state, { intent: turn.intent, confidence: turn.confidence }, policy),
    options,
  );
}
