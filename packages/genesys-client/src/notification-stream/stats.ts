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
  /** Transient failures to create, subscribe or open a channel (each retried). */
  connectFailures: number;
}

export type NotificationChannelStatus = "connecting" | "open" | "reconnecting" | "stopped" | "closed";

export interface NotificationChannelStats {
  readonly index: number;
  readonly topicCount: number;
  /** The Genesys channel currently in use. */
  readonly channelId: string | undefined;
  readonly status: NotificationChannelStatus;
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
  };
}
