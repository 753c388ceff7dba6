import { endpoint, type Route, rawBody } from "@routing/http-kit";
import type { BotConnector } from "./bot-connector.js";

/** Where Genesys reaches the Bot Connector: the integration's "Bot Connector URI" is `{ingester}/botconnector`. */
export const BOT_CONNECTOR_BASE_PATH = "/botconnector";

/** A customer message is small; the spec's request carries one message plus session variables. */
const MESSAGE_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The Bot Connector's HTTP surface. The bot's own id is part of the path (we serve one bot), so every
 * other `GET /botconnector/bots/{botId}` is a 404 "bot not found", as the spec expects of a logical error.
 * Auth is the handler's: the integration's credential arrives in a configured header, compared in constant
 * time by the connector.
 */
export function botConnectorRoutes<Services>(connector: BotConnector): readonly Route<Services>[] {
  const empty = Buffer.alloc(0);
  return [
    endpoint({
      method: "POST",
      path: `${BOT_CONNECTOR_BASE_PATH}/messages`,
      auth: "handler",
      body: rawBody({ limitBytes: MESSAGE_BODY_LIMIT_BYTES }),
      summary:
        "Bot Connector: one customer turn -> MoreData (bot reply) or Complete (handoff intent); no Genesys call",
      handler: (request) => connector.message({ headers: request.headers, rawBody: request.body }),
    }),
    endpoint({
      method: "GET",
      path: `${BOT_CONNECTOR_BASE_PATH}/bots`,
      auth: "handler",
      summary: "Bot Connector: the bot list Architect shows",
      handler: (request) => connector.listBots({ headers: request.headers, rawBody: empty }),
    }),
    endpoint({
      method: "GET",
      path: `${BOT_CONNECTOR_BASE_PATH}/bots/${encodeURIComponent(connector.botId)}`,
      auth: "handler",
      summary: "Bot Connector: our bot's description",
      handler: (request) => connector.getBot({ headers: request.headers, rawBody: empty }),
    }),
  ];
}
