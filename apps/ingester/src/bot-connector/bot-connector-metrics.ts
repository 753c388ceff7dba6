import { Counter, Histogram, type Registry } from "prom-client";

/** How a Bot Connector call ended (bounded: never an id or anything the customer wrote). */
export type BotTurnOutcome =
  /** The bot keeps the conversation (botState MoreData). */
  | "more-data"
  /** The handoff policy handed off: Complete with the handoff intent. */
  | "handoff"
  /** Handed off on an earlier turn: Complete with the handoff intent again. */
  | "already-handed-off"
  /** The NLU did not answer and BOT_CONNECTOR_NLU_FAILURE=failed: botState Failed. */
  | "failed-nlu"
  /** The stored handoff state is unreadable: botState Failed. */
  | "failed-state"
  /** 403: the connection secret is missing or wrong. */
  | "forbidden"
  /** 400: the request breaks the contract (the field is named). */
  | "invalid-request"
  /** 404: a bot or version we do not serve. */
  | "unknown-bot"
  /** 503: Redis could not take the turn in time; Genesys retries a 5xx. */
  | "unavailable";

export interface BotConnectorMetrics {
  readonly turns: Counter<"outcome">;
  readonly replays: Counter;
  readonly handoffs: Counter<"trigger">;
  readonly nluRequests: Counter<"result">;
  readonly nluDuration: Histogram;
}

export function createBotConnectorMetrics(registry: Registry): BotConnectorMetrics {
  const registers = [registry];
  return {
    turns: new Counter({
      name: "ingester_bot_connector_turns_total",
      help: "Bot Connector messages answered, by outcome (more-data, handoff, already-handed-off, failed-nlu, failed-state, forbidden, invalid-request, unknown-bot, unavailable)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    replays: new Counter({
      name: "ingester_bot_connector_replays_total",
      help: "Messages Genesys sent again (same messageId, after a 5xx or a lost answer): answered from the recorded decision, not counted again",
      registers,
    }),
    handoffs: new Counter({
      name: "ingester_bot_connector_handoffs_total",
      help: "Handoffs decided on the Bot Connector path, by trigger",
      labelNames: ["trigger"] as const,
      registers,
    }),
    nluRequests: new Counter({
      name: "ingester_bot_connector_nlu_requests_total",
      help: "Requests to the NLU, by result (ok, timeout, error, invalid-answer)",
      labelNames: ["result"] as const,
      registers,
    }),
    nluDuration: new Histogram({
      name: "ingester_bot_connector_nlu_duration_seconds",
      help: "Time one NLU request took",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),
  };
}
