/**
 * What the notification stream reports through `onError`, and what `start()` rejects with.
 *
 * - `start-failed`: the first connect of a channel failed permanently (`cause`: the Genesys error).
 * - `closed`: `close()` was called before `start()` finished.
 * - `connect-failed`: creating, subscribing or opening a channel failed; it is retried with capped backoff.
 * - `connect-rejected`: the same, with a 4xx (rejected credentials, a rejected topic...) after the stream had
 *   started: retried too (one bad answer never stops ingestion), but worth an alert.
 * - `channel-stopped`: a channel failed permanently before it first opened (start-up configuration error).
 * - `resubscribe-failed`: re-subscribing an open channel (no_longer_subscribed, renewal before `expires`)
 *   failed; the channel is replaced or the renewal retried.
 * - `socket-error`: the WebSocket reported an error; the close that follows is handled as a disconnect.
 * - `invalid-frame`: a frame was not JSON or had no `topicName`; it was skipped.
 * - `event-handler-failed`: `onEvent` threw or rejected; the stream went on with the next event.
 * - `callback-failed`: `onGap` or `onStateChange` threw or rejected.
 */
export type GenesysNotificationStreamErrorCode =
  | "start-failed"
  | "closed"
  | "connect-failed"
  | "connect-rejected"
  | "channel-stopped"
  | "resubscribe-failed"
  | "socket-error"
  | "invalid-frame"
  | "event-handler-failed"
  | "callback-failed";

export interface GenesysNotificationStreamErrorInit {
  readonly code: GenesysNotificationStreamErrorCode;
  readonly message: string;
  /** Position of the channel (topic chunk) in the stream, 0-based. */
  readonly channelIndex?: number | undefined;
  readonly channelId?: string | undefined;
  readonly cause?: unknown;
}

/**
 * Like the package's other errors it is plain data that is safe to log: it never copies a frame's content
 * (event bodies carry customer data), only its size.
 */
export class GenesysNotificationStreamError extends Error {
  override readonly name: string = "GenesysNotificationStreamError";
  readonly code: GenesysNotificationStreamErrorCode;
  readonly channelIndex: number | undefined;
  readonly channelId: string | undefined;

  constructor(init: GenesysNotificationStreamErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.channelIndex = init.channelIndex;
    this.channelId = init.channelId;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      channelIndex: this.channelIndex,
      channelId: this.channelId,
      ...(this.cause instanceof Error
        ? { cause: { name: this.cause.name, message: this.cause.message } }
        : {}),
    };
  }
}
