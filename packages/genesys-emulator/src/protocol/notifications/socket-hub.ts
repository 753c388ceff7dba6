import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { RandomStream } from "../../random/prng.js";
import type { Clock, TimerId } from "../../time/clock.js";
import type { Channel, ChannelCloseReason, ChannelRegistry } from "./channel-registry.js";
import { eventFrame, heartbeatFrame, pongFrame, socketClosingFrame, systemMessageFrame } from "./frames.js";
import { noLongerSubscribedTopic, tokenRevokedTopic } from "./system-topics.js";

/** Close codes the emulator uses (Genesys does not document its own). */
export const SOCKET_CLOSE_CODES = {
  /** Channel expired, or the server announced v2.system.socket_closing. */
  goingAway: 1001,
  /** A second connection to the same channel took over. */
  replaced: 4000,
  /**
   * The channel was evicted (21st channel) or its token was revoked (after v2.system.token_revoked). Not sent
   * when the token merely expires: Genesys documents no such close, so the channel lives on (24 h, resubscribing
   * extends it).
   */
  channelRemoved: 4001,
} as const;

export interface SocketHubOptions {
  clock: Clock;
  registry: ChannelRegistry;
  heartbeatIntervalMs: number;
  /** Correlation ids of event frames: seeded, so a replay sends identical frames. */
  correlationIds: RandomStream;
  /** Real milliseconds between v2.system.socket_closing and the close that follows it. */
  closingGraceMs: number;
  logger: Logger;
  /** Records the upgrade request in the request log. */
  logUpgrade: (path: string, status: number) => void;
}

export interface SocketHub {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends to every connected channel subscribed to the topic; nothing is kept for absent sockets. */
  publish(topic: string, eventBody: unknown): void;
  /** Abrupt network loss: no close frame. Channels survive and can be reconnected. */
  dropSockets(): void;
  /** Sends each text as it is to every connected socket (fuzzing a consumer); returns the sockets reached. */
  sendRaw(texts: readonly string[]): number;
  announceSocketClosing(): void;
  /**
   * Drops every subscription of the connected channels (or of the one named) and tells each socket with
   * `v2.system.no_longer_subscribed.{channelId}`; the sockets stay open. Returns the ids of the channels.
   */
  dropSubscriptions(channelId?: string): string[];
  close(): void;
}

interface Connection {
  socket: WebSocket;
  heartbeat: TimerId | undefined;
}

export function createSocketHub(options: SocketHubOptions): SocketHub {
  const { clock, registry, logger } = options;
  const server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const connections = new Map<string, Connection>();
  const graceTimers = new Set<NodeJS.Timeout>();

  const send = (socket: WebSocket, frame: unknown): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  };

  const detach = (channelId: string, socket: WebSocket): void => {
    const connection = connections.get(channelId);
    if (connection?.socket !== socket) return;
    clock.cancel(connection.heartbeat);
    connections.delete(channelId);
    const channel = registry.findById(channelId);
    if (channel !== undefined) registry.setConnected(channel, false);
  };

  const scheduleHeartbeat = (channelId: string, connection: Connection): void => {
    connection.heartbeat = clock.schedule(options.heartbeatIntervalMs, () => {
      if (connections.get(channelId) !== connection) return;
      send(connection.socket, heartbeatFrame());
      scheduleHeartbeat(channelId, connection);
    });
  };

  const onMessage = (socket: WebSocket, data: RawData): void => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      (parsed as { message?: unknown }).message === "ping"
    ) {
      send(socket, pongFrame());
    }
  };

  const attach = (channel: Channel, socket: WebSocket): void => {
    const previous = connections.get(channel.id);
    if (previous !== undefined) {
      clock.cancel(previous.heartbeat);
      connections.delete(channel.id);
      previous.socket.close(
        SOCKET_CLOSE_CODES.replaced,
        "Another connection to this channel replaced this one",
      );
    }
    const connection: Connection = { socket, heartbeat: undefined };
    connections.set(channel.id, connection);
    registry.setConnected(channel, true);
    scheduleHeartbeat(channel.id, connection);
    socket.on("message", (data) => onMessage(socket, data));
    socket.on("close", () => detach(channel.id, socket));
    socket.on("error", (error) =>
      logger.debug({ err: error, channelId: channel.id }, "notification socket error"),
    );
  };

  const systemMessage = (channel: Channel, topicName: string, reason: string, message: string) =>
    systemMessageFrame(topicName, {
      channelId: channel.id,
      systemTopicType: topicName.split(".")[2] ?? topicName,
      correlationId: options.correlationIds.uuid(),
      oauthClientId: channel.clientId,
      reason,
      message,
    });

  const closeForChannel = (channel: Channel, reason: ChannelCloseReason): void => {
    const connection = connections.get(channel.id);
    if (connection === undefined) return;
    clock.cancel(connection.heartbeat);
    connections.delete(channel.id);
    const { socket } = connection;
    // What ends a channel, by the docs (no other cause is modelled; in particular not the expiry of the token
    // that created it, which no Genesys page mentions):
    // - "expired": "Channels remain active for 24 hours. To maintain a channel for longer than 24 hours,
    //   resubscribe to topics." (Notification Service guide, Usage limitations,
    //   https://developer.genesys.cloud/notificationsalerts/notifications/).
    // - "evicted": "There is a limit of 20 channels per user/app combination. Creating a 21st channel will remove
    //   the channel with oldest last used date. Channels without an active connection will be removed first."
    //   (POST /api/v2/notifications/channels; platform-client-sdk-javascript docs/NotificationsApi.md).
    // - "token-revoked": the v2.system.token_revoked.{id} system topic (the SDK's notificationMappings.json).
    switch (reason) {
      case "expired":
        send(socket, socketClosingFrame(options.correlationIds.uuid()));
        socket.close(SOCKET_CLOSE_CODES.goingAway, "Channel expired");
        break;
      case "token-revoked":
        // Genesys tells the socket why before it goes (v2.system.token_revoked.{id}, notificationMappings.json).
        send(socket, systemMessage(channel, tokenRevokedTopic(channel.id), "revoked", "Token revoked"));
        socket.close(SOCKET_CLOSE_CODES.channelRemoved, "Channel removed: token-revoked");
        break;
      case "evicted":
        socket.close(SOCKET_CLOSE_CODES.channelRemoved, `Channel removed: ${reason}`);
        break;
      case "shutdown":
        socket.terminate();
        break;
    }
  };
  registry.onClosed(closeForChannel);

  const rejectUpgrade = (socket: Duplex, status: number, text: string): void => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  return {
    handleUpgrade(request, socket, head) {
      socket.on("error", (error) => logger.debug({ err: error }, "upgrade socket error"));
      let path: string;
      try {
        path = new URL(request.url ?? "/", "http://emulator").pathname;
      } catch {
        rejectUpgrade(socket, 400, "Bad Request");
        return;
      }
      const match = /^\/channels\/([^/]+)\/?$/.exec(path);
      const channel = match?.[1] === undefined ? undefined : registry.findById(match[1]);
      if (channel === undefined) {
        options.logUpgrade(path, 404);
        rejectUpgrade(socket, 404, "Not Found");
        return;
      }
      server.handleUpgrade(request, socket, head, (webSocket) => {
        options.logUpgrade(path, 101);
        // The channel may have gone while the handshake ran.
        if (registry.findById(channel.id) === undefined) {
          webSocket.close(SOCKET_CLOSE_CODES.channelRemoved, "Channel removed");
          return;
        }
        attach(channel, webSocket);
      });
    },
    publish(topic, eventBody) {
      const subscribers = registry.subscribers(topic);
      // Drawn once per event whoever listens, so the seeded sequence does not depend on the audience.
      const frame = eventFrame(topic, eventBody, options.correlationIds.uuid());
      if (subscribers.length === 0) return;
      const text = JSON.stringify(frame);
      for (const channel of subscribers) {
        const socket = connections.get(channel.id)?.socket;
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      }
    },
    sendRaw(texts) {
      let reached = 0;
      for (const [, connection] of connections) {
        if (connection.socket.readyState !== WebSocket.OPEN) continue;
        reached++;
        for (const text of texts) connection.socket.send(text);
      }
      return reached;
    },
    dropSockets() {
      for (const [channelId, connection] of [...connections]) {
        detach(channelId, connection.socket);
        connection.socket.terminate();
      }
    },
    announceSocketClosing() {
      const closing = [...connections];
      const frame = socketClosingFrame(options.correlationIds.uuid());
      for (const [, connection] of closing) send(connection.socket, frame);
      const timer = setTimeout(() => {
        graceTimers.delete(timer);
        for (const [channelId, connection] of closing) {
          detach(channelId, connection.socket);
          connection.socket.close(SOCKET_CLOSE_CODES.goingAway, "Socket closing for maintenance");
        }
      }, options.closingGraceMs);
      graceTimers.add(timer);
    },
    dropSubscriptions(channelId) {
      const targets =
        channelId === undefined
          ? [...connections.keys()].map((id) => registry.findById(id))
          : [registry.findById(channelId)];
      const dropped: string[] = [];
      for (const channel of targets) {
        if (channel === undefined) continue;
        registry.clearTopics(channel);
        dropped.push(channel.id);
        const socket = connections.get(channel.id)?.socket;
        if (socket === undefined) continue;
        send(
          socket,
          systemMessage(
            channel,
            noLongerSubscribedTopic(channel.id),
            "unsubscribed",
            "The channel is no longer subscribed to its topics",
          ),
        );
      }
      return dropped;
    },
    close() {
      for (const timer of graceTimers) clearTimeout(timer);
      graceTimers.clear();
      for (const [channelId, connection] of [...connections]) {
        detach(channelId, connection.socket);
        connection.socket.terminate();
      }
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}
