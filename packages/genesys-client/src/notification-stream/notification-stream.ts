import { type ChannelSlot, createChannelSlot } from "./channel-slot.js";
import { callSafely } from "./safe-call.js";
import { createCounters, type NotificationStreamStats } from "./stats.js";
import { GenesysNotificationStreamError } from "./stream-error.js";
import {
  type NotificationStreamOptions,
  type NotificationStreamState,
  resolveStreamOptions,
} from "./stream-options.js";
import { chunkTopics } from "./topic-chunks.js";

/**
 * Genesys notifications for a list of topics over as many channels as the 1,000-topic limit needs, kept
 * alive (pings, dead-socket detection, reconnects with backoff, make-before-break on socket_closing) so
 * that every event reaches `onEvent` at least once, or its loss is reported through `onGap`.
 */
export interface NotificationStream {
  /**
   * Connects every channel; resolves once all are open and subscribed. Transient failures are retried
   * meanwhile. Rejects with `GenesysNotificationStreamError` `start-failed` (cause: the Genesys error) when
   * a channel fails permanently, after closing everything, or `closed` when `close()` came first. Calling
   * it again returns the same promise while the stream is not closed.
   */
  start(): Promise<void>;
  /** Stops timers and retries, closes every socket with code 1000, and waits for deliveries in progress. */
  close(): Promise<void>;
  stats(): NotificationStreamStats;
  state(): NotificationStreamState;
}

type Phase = "idle" | "started" | "closing" | "closed";

function stateOf(phase: Phase, slots: readonly ChannelSlot[]): NotificationStreamState {
  if (phase !== "started") return phase;
  const statuses = new Set(slots.map((slot) => slot.status));
  if (statuses.has("stopped")) return "degraded";
  if (statuses.has("connecting")) return "connecting";
  if (statuses.has("reconnecting")) return "reconnecting";
  return "open";
}

/** Validates the options (GenesysClientOptionsError naming the option); connects nothing until `start()`. */
export function createNotificationStream(options: NotificationStreamOptions): NotificationStream {
  const settings = resolveStreamOptions(options);
  const counters = createCounters();
  let phase: Phase = "idle";
  let state: NotificationStreamState = "idle";
  let started: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  const report = (error: GenesysNotificationStreamError): void => {
    const { onError } = settings;
    if (onError !== undefined)
      callSafely(
        () => onError(error),
        () => {},
      );
  };

  const refreshState = (): void => {
    const next = stateOf(phase, slots);
    if (next === state) return;
    state = next;
    const { onStateChange } = settings;
    if (onStateChange === undefined) return;
    callSafely(
      () => onStateChange(next),
      (error) =>
        report(
          new GenesysNotificationStreamError({
            code: "callback-failed",
            message: `onStateChange failed: ${error instanceof Error ? error.message : String(error)}`,
            cause: error,
          }),
        ),
    );
  };

  const slots: ChannelSlot[] = chunkTopics(settings.topics).map((topics, index) =>
    createChannelSlot({ index, topics, options: settings, counters, report, onStatusChange: refreshState }),
  );

  const close = (): Promise<void> => {
    closed ??= (async () => {
      phase = "closing";
      refreshState();
      await Promise.all(slots.map((slot) => slot.close()));
      phase = "closed";
      refreshState();
    })();
    return closed;
  };

  const asStartError = (error: unknown): GenesysNotificationStreamError => {
    if (error instanceof GenesysNotificationStreamError && error.code === "closed") return error;
    const stopped = error instanceof GenesysNotificationStreamError ? error : undefined;
    const cause = stopped?.cause ?? error;
    return new GenesysNotificationStreamError({
      code: "start-failed",
      message: `Notification stream could not start: ${cause instanceof Error ? cause.message : String(cause)}`,
      channelIndex: stopped?.channelIndex,
      channelId: stopped?.channelId,
      cause,
    });
  };

  return {
    start() {
      if (phase === "closing" || phase === "closed") {
        return Promise.reject(
          new GenesysNotificationStreamError({
            code: "closed",
            message: "The notification stream is closed",
          }),
        );
      }
      if (started !== undefined) return started;
      phase = "started";
      refreshState();
      started = Promise.all(slots.map((slot) => slot.start())).then(
        () => undefined,
        async (error: unknown) => {
          // Half a stream is no stream: whatever did connect is closed before the caller hears of it.
          await close();
          throw asStartError(error);
        },
      );
      return started;
    },
    close,
    stats() {
      return {
        ...counters,
        channels: slots.map((slot) => ({
          index: slot.index,
          topicCount: slot.topicCount,
          channelId: slot.channelId,
          status: slot.status,
          consecutiveFailures: slot.consecutiveFailures,
          failingSince: slot.failingSince,
          expiresAt: slot.expiresAt,
        })),
      };
    },
    state: () => state,
  };
}
