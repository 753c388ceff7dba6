import type { NotificationsApi } from "../api/notifications.js";
import type { BackoffPolicy } from "../backoff.js";
import type { GenesysClient } from "../client.js";
import { GenesysClientOptionsError } from "../errors.js";
import type { NotificationEvent } from "./frames.js";
import type { GenesysNotificationStreamError } from "./stream-error.js";
import { type CreateNotificationSocket, createWsNotificationSocket } from "./web-socket.js";

/**
 * - `idle`: created, `start()` not called. `connecting`: some channel has not opened yet.
 * - `open`: every channel is open. `reconnecting`: some channel lost its socket and is getting a new one.
 * - `degraded`: some channel stopped for good: only a permanent error before it first opened (start-up), after
 *   which `start()` rejects and the stream closes. Once running, channels are retried, never stopped.
 * - `closing`, `closed`: after `close()` (or a failed `start()`).
 */
export type NotificationStreamState =
  | "idle"
  | "connecting"
  | "open"
  | "reconnecting"
  | "degraded"
  | "closing"
  | "closed";

/**
 * - `socket-closed`: the socket closed without being asked to (network drop, server close code).
 * - `silence-timeout`: nothing at all arrived for `silenceTimeoutMs`, so the socket was given up as dead.
 * - `handover-too-slow`: after `v2.system.socket_closing` (or a token revocation, or a move to a new token)
 *   the old socket closed before the new one was open, or could not be shown to have still worked once it
 *   was (it never answered the ping sent then).
 * - `no-longer-subscribed`: Genesys dropped the channel's subscriptions (`v2.system.no_longer_subscribed`)
 *   until they were PUT again.
 */
export type NotificationGapReason =
  | "socket-closed"
  | "silence-timeout"
  | "handover-too-slow"
  | "no-longer-subscribed";

/**
 * Events on `topics` published between `from` and `to` may never have arrived: recover them over REST. Both
 * times are this host's clock and only as exact as the network is fast: widen the window a little.
 */
export interface NotificationGap {
  readonly topics: readonly string[];
  /** The last moment the lost socket was known to work: its last frame, or its opening. */
  readonly from: Date;
  /** When the replacement socket opened; events from then on arrive again. */
  readonly to: Date;
  readonly reason: NotificationGapReason;
  readonly channelIndex: number;
  /** WebSocket close code of the lost socket (1006: the connection died without a close frame). */
  readonly closeCode: number | undefined;
}

export interface NotificationStreamOptions {
  /** `client.notifications` of a Genesys client (only channel creation and PUT subscriptions are used). */
  readonly notifications: Pick<NotificationsApi, "createChannel" | "putSubscriptions">;
  /** Split into channels of at most 1,000 topics (Genesys' limit per channel). No duplicates. */
  readonly topics: readonly string[];
  /** Called for every event, awaited: a channel's events are delivered one at a time in arrival order. */
  readonly onEvent: (event: NotificationEvent) => unknown;
  /** Called (awaited, in order with the channel's events) after a socket was lost and replaced. */
  readonly onGap?: (gap: NotificationGap) => unknown;
  /** Everything that went wrong without stopping the stream, and channels that stopped for good. */
  readonly onError?: (error: GenesysNotificationStreamError) => void;
  readonly onStateChange?: (state: NotificationStreamState) => void;
  /** Genesys closes idle sockets, so clients ping. Default 14 000 ms; 0 sends no pings. */
  readonly pingIntervalMs?: number;
  /**
   * No frame at all (event, heartbeat, pong) for this long means the socket is dead: it is dropped and
   * replaced. Genesys sends a heartbeat every 30 s. Also bounds how long opening a socket may take.
   * Default 90 000 ms.
   */
  readonly silenceTimeoutMs?: number;
  /** Full-jitter reconnect backoff: attempt n waits random(0, min(max, base × 2^n)). Default 500 ms. */
  readonly reconnectBaseDelayMs?: number;
  /** Default 30 000 ms. */
  readonly reconnectMaxDelayMs?: number;
  /** How long `close()` waits for the server to answer a close frame before dropping the socket. Default 5 000 ms. */
  readonly closeTimeoutMs?: number;
  /** Uniform random in [0, 1) for the backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Wall clock in epoch ms, for gap times. Default `Date.now`. */
  readonly now?: () => number;
  /** Opens a channel's `connectUri`. Default: the `ws` package. */
  readonly createWebSocket?: CreateNotificationSocket;
  /**
   * The Genesys client itself (its token functions). With it, `v2.system.token_revoked` drops the shared
   * token at once (instead of on the next call's 401), and each channel moves to a new token
   * `tokenHandoverAheadMs` before the token it was created with expires, since an expired token closes its
   * channels. Without it, those closes are handled as any loss (with a gap).
   */
  readonly tokens?: Pick<GenesysClient, "accessTokenExpiresAt" | "invalidateAccessToken">;
  /**
   * A channel lives 24 h unless its subscriptions are PUT again (shared/genesys-api.md, Genesys Notification
   * Service guide). They are renewed this long before the `expires` Genesys gave, but never earlier than
   * half-way through the channel's life.
   * @defaultValue 3 600 000 ms (1 h)
   */
  readonly subscriptionRenewAheadMs?: number;
  /**
   * How long before its token expires a channel is moved to a new one (needs `tokens`), at most a quarter
   * of the token's remaining life when the channel was created.
   * @defaultValue 60 000 ms
   */
  readonly tokenHandoverAheadMs?: number;
}

export const NOTIFICATION_STREAM_DEFAULTS = {
  pingIntervalMs: 14_000,
  silenceTimeoutMs: 90_000,
  reconnectBaseDelayMs: 500,
  reconnectMaxDelayMs: 30_000,
  closeTimeoutMs: 5_000,
  subscriptionRenewAheadMs: 3_600_000,
  tokenHandoverAheadMs: 60_000,
} as const;

export interface ResolvedStreamOptions {
  readonly notifications: Pick<NotificationsApi, "createChannel" | "putSubscriptions">;
  readonly topics: readonly string[];
  readonly onEvent: (event: NotificationEvent) => unknown;
  readonly onGap: ((gap: NotificationGap) => unknown) | undefined;
  readonly onError: ((error: GenesysNotificationStreamError) => void) | undefined;
  readonly onStateChange: ((state: NotificationStreamState) => void) | undefined;
  readonly pingIntervalMs: number;
  readonly silenceTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly closeTimeoutMs: number;
  readonly random: () => number;
  readonly now: () => number;
  readonly createWebSocket: CreateNotificationSocket;
  readonly tokens: Pick<GenesysClient, "accessTokenExpiresAt" | "invalidateAccessToken"> | undefined;
  readonly subscriptionRenewAheadMs: number;
  readonly tokenHandoverAheadMs: number;
}

/** setTimeout fires at once for delays above this, which would turn a long timeout into a busy loop. */
const MAX_TIMER_MS = 2_147_483_647;

function milliseconds(
  option: string,
  value: number | undefined,
  fallback: number,
  { allowZero }: { allowZero: boolean },
): number {
  if (value === undefined) return fallback;
  const valid =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (allowZero ? value >= 0 : value > 0) &&
    value <= MAX_TIMER_MS;
  if (!valid) {
    throw new GenesysClientOptionsError(
      option,
      `must be a number of milliseconds ${allowZero ? ">= 0" : "> 0"} and <= ${MAX_TIMER_MS}`,
    );
  }
  return value;
}

function requiredFunction<T>(option: string, value: T | undefined): T {
  if (typeof value !== "function") throw new GenesysClientOptionsError(option, "must be a function");
  return value;
}

function optionalFunction<T>(option: string, value: T | undefined): T | undefined {
  return value === undefined ? undefined : requiredFunction(option, value);
}

function validTopics(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new GenesysClientOptionsError("topics", "must be a non-empty array of topic names");
  }
  const seen = new Set<string>();
  value.forEach((topic: unknown, index) => {
    if (typeof topic !== "string" || topic.trim() === "") {
      throw new GenesysClientOptionsError(`topics[${index}]`, "must be a non-empty string");
    }
    // Genesys rejects a subscription list that repeats a topic, and it would cost a place in a channel.
    if (seen.has(topic)) throw new GenesysClientOptionsError(`topics[${index}]`, `repeats "${topic}"`);
    seen.add(topic);
  });
  return [...seen];
}

function validTokens(tokens: NotificationStreamOptions["tokens"]): ResolvedStreamOptions["tokens"] {
  if (tokens === undefined) return undefined;
  if (
    typeof tokens !== "object" ||
    tokens === null ||
    typeof tokens.accessTokenExpiresAt !== "function" ||
    typeof tokens.invalidateAccessToken !== "function"
  ) {
    throw new GenesysClientOptionsError(
      "tokens",
      "must be the Genesys client (accessTokenExpiresAt, invalidateAccessToken)",
    );
  }
  return tokens;
}

/** Applies the documented defaults; a bad option throws GenesysClientOptionsError naming it. */
export function resolveStreamOptions(options: NotificationStreamOptions): ResolvedStreamOptions {
  if (typeof options !== "object" || options === null) {
    throw new GenesysClientOptionsError("options", "must be an object");
  }
  const { notifications } = options;
  if (
    typeof notifications !== "object" ||
    notifications === null ||
    typeof notifications.createChannel !== "function" ||
    typeof notifications.putSubscriptions !== "function"
  ) {
    throw new GenesysClientOptionsError(
      "notifications",
      "must be the client's notifications API (createChannel, putSubscriptions)",
    );
  }
  const defaults = NOTIFICATION_STREAM_DEFAULTS;
  const reconnectBaseDelayMs = milliseconds(
    "reconnectBaseDelayMs",
    options.reconnectBaseDelayMs,
    defaults.reconnectBaseDelayMs,
    { allowZero: false },
  );
  const reconnectMaxDelayMs = milliseconds(
    "reconnectMaxDelayMs",
    options.reconnectMaxDelayMs,
    Math.max(defaults.reconnectMaxDelayMs, reconnectBaseDelayMs),
    { allowZero: false },
  );
  if (reconnectMaxDelayMs < reconnectBaseDelayMs) {
    throw new GenesysClientOptionsError("reconnectMaxDelayMs", "must not be below reconnectBaseDelayMs");
  }
  return {
    notifications,
    topics: validTopics(options.topics),
    onEvent: requiredFunction("onEvent", options.onEvent),
    onGap: optionalFunction("onGap", options.onGap),
    onError: optionalFunction("onError", options.onError),
    onStateChange: optionalFunction("onStateChange", options.onStateChange),
    pingIntervalMs: milliseconds("pingIntervalMs", options.pingIntervalMs, defaults.pingIntervalMs, {
      allowZero: true,
    }),
    silenceTimeoutMs: milliseconds("silenceTimeoutMs", options.silenceTimeoutMs, defaults.silenceTimeoutMs, {
      allowZero: false,
    }),
    backoff: { baseDelayMs: reconnectBaseDelayMs, maxDelayMs: reconnectMaxDelayMs },
    closeTimeoutMs: milliseconds("closeTimeoutMs", options.closeTimeoutMs, defaults.closeTimeoutMs, {
      allowZero: false,
    }),
    random: optionalFunction("random", options.random) ?? Math.random,
    now: optionalFunction("now", options.now) ?? Date.now,
    createWebSocket:
      optionalFunction("createWebSocket", options.createWebSocket) ?? createWsNotificationSocket,
    tokens: validTokens(options.tokens),
    subscriptionRenewAheadMs: milliseconds(
      "subscriptionRenewAheadMs",
      options.subscriptionRenewAheadMs,
      defaults.subscriptionRenewAheadMs,
      { allowZero: false },
    ),
    tokenHandoverAheadMs: milliseconds(
      "tokenHandoverAheadMs",
      options.tokenHandoverAheadMs,
      defaults.tokenHandoverAheadMs,
      { allowZero: false },
    ),
  };
}
