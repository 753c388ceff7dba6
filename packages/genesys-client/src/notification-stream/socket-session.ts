import type { NotificationChannel } from "../models.js";
import { PING_FRAME } from "./frames.js";
import type { CreateNotificationSocket, NotificationSocket } from "./web-socket.js";

/** A normal closure: the code the stream closes its own sockets with. */
export const NORMAL_CLOSURE = 1000;

export interface SessionEnding {
  readonly reason: "socket-closed" | "silence-timeout";
  readonly code: number;
  /** The stream closed it on purpose (handover done, `close()`); nothing was lost. */
  readonly requested: boolean;
}

/** One WebSocket to one channel, from connect to close, with its keep-alive and dead-socket timers. */
export interface SocketSession {
  readonly channelId: string;
  /** Resolves when the socket opens; rejects if it closes or stays silent before that. */
  readonly opened: Promise<void>;
  /** Resolves once the socket is closed and none of its timers is left. */
  readonly closed: Promise<void>;
  readonly isOpen: boolean;
  /** Wall-clock ms of the latest sign of life: the opening, then every frame. */
  readonly lastAliveAt: number;
  /** Wall-clock ms of the opening; undefined until then. */
  readonly openedAt: number | undefined;
  /** Pings sent so far; the server answers pings in order, so the n-th pong answers the n-th ping. */
  readonly pingsSent: number;
  /** Sends a ping now (besides the regular ones). */
  ping(): void;
  /** Closes with a handshake (code 1000), dropping the connection if the server does not answer in time. */
  close(): Promise<void>;
}

export interface SocketSessionOptions {
  readonly channel: NotificationChannel;
  readonly createWebSocket: CreateNotificationSocket;
  readonly pingIntervalMs: number;
  readonly silenceTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly now: () => number;
  readonly onText: (session: SocketSession, text: string) => void;
  readonly onPingSent: () => void;
  /** Errors after the socket opened (before that, `opened` rejects with them). */
  readonly onSocketError: (session: SocketSession, error: Error) => void;
  /** Called once when a socket that had opened is closed, for whatever reason. */
  readonly onEnd: (session: SocketSession, ending: SessionEnding) => void;
}

export function createSocketSession(options: SocketSessionOptions): SocketSession {
  const { channel, now } = options;
  let socket: NotificationSocket | undefined;
  let isOpen = false;
  let ended = false;
  let requested = false;
  let silent = false;
  let lastAliveAt = now();
  let openedAt: number | undefined;
  let lastError: Error | undefined;
  let pingsSent = 0;
  let pingTimer: NodeJS.Timeout | undefined;
  let closeFallbackTimer: NodeJS.Timeout | undefined;

  let resolveOpened: () => void = () => {};
  let rejectOpened: (error: Error) => void = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  // The caller may stop waiting (closing); a failed open must not become an unhandled rejection then.
  opened.catch(() => {});
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });

  const dropConnection = (): void => {
    try {
      socket?.terminate();
    } catch {
      // Already gone.
    }
  };

  // Armed before the handshake, so a connect that hangs is given up like a socket that went quiet.
  const silenceTimer = setTimeout(() => {
    silent = true;
    dropConnection();
  }, options.silenceTimeoutMs);

  const sendPing = (): void => {
    if (!isOpen || requested) return;
    try {
      socket?.send(PING_FRAME);
      pingsSent++;
      options.onPingSent();
    } catch {
      // The socket is going away; its close is handled like any other.
    }
  };

  const stopTimers = (): void => {
    clearTimeout(silenceTimer);
    clearInterval(pingTimer);
    clearTimeout(closeFallbackTimer);
  };

  const session: SocketSession = {
    channelId: channel.id,
    opened,
    closed,
    get isOpen() {
      return isOpen;
    },
    get lastAliveAt() {
      return lastAliveAt;
    },
    get openedAt() {
      return openedAt;
    },
    get pingsSent() {
      return pingsSent;
    },
    ping: sendPing,
    close() {
      if (ended) return closed;
      requested = true;
      clearTimeout(silenceTimer);
      clearInterval(pingTimer);
      if (!isOpen) {
        dropConnection();
        return closed;
      }
      try {
        socket?.close(NORMAL_CLOSURE, "Client closing");
      } catch {
        dropConnection();
      }
      closeFallbackTimer ??= setTimeout(dropConnection, options.closeTimeoutMs);
      return closed;
    },
  };

  const onClose = (code: number): void => {
    if (ended) return;
    ended = true;
    stopTimers();
    const wasOpen = isOpen;
    isOpen = false;
    resolveClosed();
    if (!wasOpen) {
      const why = silent
        ? "opened nothing within silenceTimeoutMs"
        : `closed before it opened (code ${code})`;
      rejectOpened(new Error(`WebSocket to channel ${channel.id} ${why}`, { cause: lastError }));
      return;
    }
    options.onEnd(session, { reason: silent ? "silence-timeout" : "socket-closed", code, requested });
  };

  try {
    socket = options.createWebSocket(channel.connectUri, {
      onOpen() {
        if (ended || requested) return;
        isOpen = true;
        openedAt = now();
        lastAliveAt = openedAt;
        silenceTimer.refresh();
        if (options.pingIntervalMs > 0) {
          pingTimer = setInterval(sendPing, options.pingIntervalMs);
        }
        resolveOpened();
      },
      onMessage(text) {
        if (ended) return;
        lastAliveAt = now();
        if (!requested) silenceTimer.refresh();
        options.onText(session, text);
      },
      onClose,
      onError(error) {
        lastError = error;
        if (isOpen && !ended) options.onSocketError(session, error);
      },
    });
  } catch (error) {
    lastError = error instanceof Error ? error : new Error(String(error));
    onClose(1006);
  }
  return session;
}
