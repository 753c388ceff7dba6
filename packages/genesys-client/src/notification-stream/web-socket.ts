import { type RawData, WebSocket } from "ws";

/** What the stream needs to hear from a socket. `onClose` comes exactly once, also after a failed connect. */
export interface NotificationSocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(code: number): void;
  onError(error: Error): void;
}

/** The few socket operations the stream uses, so tests and proxies can supply their own socket. */
export interface NotificationSocket {
  send(text: string): void;
  /** Close handshake; `onClose` follows once the server answered (or the connection died). */
  close(code: number, reason: string): void;
  /** Drop the connection without a handshake (a dead peer would never answer one). */
  terminate(): void;
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}

export type CreateNotificationSocket = (
  url: string,
  handlers: NotificationSocketHandlers,
) => NotificationSocket;

/** The default `createWebSocket`: the `ws` package. */
export const createWsNotificationSocket: CreateNotificationSocket = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.on("open", () => handlers.onOpen());
  // Genesys sends text frames; a binary one is handed on as text and then fails JSON parsing visibly.
  socket.on("message", (data) => handlers.onMessage(rawToText(data)));
  socket.on("close", (code) => handlers.onClose(code));
  // Without a listener ws would rethrow socket errors as uncaught exceptions.
  socket.on("error", (error) => handlers.onError(error));
  return {
    send(text) {
      // ws throws when sending while still connecting; a ping that cannot go out is simply skipped.
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close(code, reason) {
      socket.close(code, reason);
    },
    terminate() {
      socket.terminate();
    },
  };
};
