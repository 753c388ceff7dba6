import type { Route } from "../http/route.js";
import type { BotConnector } from "./bot-connector.js";

/** Where Genesys reaches the Bot Connector: the integration's "Bot Connector URI" is `{ingester}/botconnector`. */
export const BOT_CONNECTOR_BASE_PATH = "/botconnector";

/**
 * The Bot Connector's HTTP surface. The bot's own id is part of the path (we serve one bot), so every
 * other `GET /botconnector/bots/{botId}` is a 404 "bot not found", as the spec expects of a logical error.
 */
export function botConnectorRoutes(connector: BotConnector): readonly Route[] {
  return [
    { method: "POST", path: `${BOT_CONNECTOR_BASE_PATH}/messages`, body: "raw", handler: connector.message },
    { method: "GET", path: `${BOT_CONNECTOR_BASE_PATH}/bots`, handler: connector.listBots },
    {
      method: "GET",
      path: `${BOT_CONNECTOR_BASE_PATH}/bots/${encodeURIComponent(connector.botId)}`,
      handler: connector.getBot,
    },
  ];
}
