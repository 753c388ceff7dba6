/** Counters since the stream was created; the apps export them as Prometheus counters. */
export interface NotificationStreamCounters {
  /** Frames handed to `onEvent` (whether it then succeeded or not). */
  events: number;
  /** `onEvent` calls that threw or rejected. */
  eventHandlerErrors: number;
  heartbeats: number;
  pingsSent: number;
  pongs: number;
  /** Sockets re-established after an unplanned loss (each also reported as a gap). */
  reconnects: number;
  gaps: number;
  /**
   * `v2.system.socket_closing` handovers in which the new socket opened while the old one still looked
   * open. One whose old socket then could not be shown to have overlapped also counts a gap.
   */
  handovers: number;
  invalidFrames: number;
  /** Second copies of an event received on both sockets during a handover, not delivered again. */
  duplicatesDropped: number;
  /**
   * Failures to create, subscribe or open a channel once it had been open (each retried with capped
   * backoff), rejections included.
   */
  connectFailures: number;
  /**
   * Of those, the 4xx answers (401 from /oauth/token, 400 on channel creation or subscription...) that would
   * stop a stream at start-up: after it, they are retried too, and this counter is what to alert on.
   */
  connectRejections: number;
  /** `v2.system.token_revoked.{id}` received: the token was dropped and the channel replaced. */
  tokenRevocations: number;
  /** `v2.system.no_longer_subscribed.{id}` received on the current channel. */
  noLongerSubscribed: number;
  /** Subscriptions PUT again on an open channel: after no_longer_subscribed, and before the channel expires. */
  resubscriptions: number;
  /** Channels moved to a new token ahead of the old one's expiry (make-before-break). */
  tokenHandovers: number;
}

export type NotificationChannelStatus = "connecting" | "open" | "reconnecting" | "stopped" | "closed";

export interface NotificationChannelStats {
  readonly index: number;
  readonly topicCount: number;
  /** The Genesys channel currently in use. */
  readonly channelId: string | undefined;
  readonly status: NotificationChannelStatus;
  /** Failed connects since the channel last worked (0 while it works). */
  readonly consecutiveFailures: number;
  /** Epoch ms of the first of those failures; undefined while the channel works. */
  readonly failingSince: number | undefined;
  /** Epoch ms the current channel expires unless its subscriptions are renewed (Genesys' `expires`). */
  readonly expiresAt: number | undefined;
}

export interface NotificationStreamStats extends Readonly<NotificationStreamCounters> {
  readonly channels: readonly NotificationChannelStats[];
}

export function createCounters(): NotificationStreamCounters {
  return {
    events: 0,
    eventHandlerErrors: 0,
    heartbeats: 0,
    pingsSent: 0,
    pongs: 0,
    reconnects: 0,
    gaps: 0,
    handovers: 0,
    invalidFrames: 0,
    duplicatesDropped: 0,
    connectFailures: 0,
    connectRejections: 0,
    tokenRevocations: 0,
    noLongerSubscribed: 0,
    resubscriptions: 0,
    tokenHandovers: 0,
  };
}
