import type { NotificationGap, NotificationGapReason } from "@routing/genesys-client";
import { type JobInput, type PreparedJob, prepareJob } from "@routing/jobs";

export type RecoverReason = JobInput<"notifications.recover">["reason"];

/**
 * The stream's words for a lost socket, in the catalog's. A handover that was too slow is a socket that
 * closed before its replacement opened: to the recovery it is a dropped socket like any other.
 */
const RECOVER_REASONS: Record<NotificationGapReason, RecoverReason> = {
  "socket-closed": "socket-dropped",
  "silence-timeout": "silence",
  "handover-too-slow": "socket-dropped",
  // Genesys dropped the channel's subscriptions (v2.system.no_longer_subscribed) until they were PUT again.
  "no-longer-subscribed": "channel-expired",
};

export function recoverReasonFor(reason: string): RecoverReason {
  return Object.hasOwn(RECOVER_REASONS, reason)
    ? RECOVER_REASONS[reason as NotificationGapReason]
    : "unknown";
}

/**
 * A window in which events of `topics` may have been missed, as a `notifications.recover` job: Genesys
 * never replays events, so the window is recorded (visible in Bull Board, replayable) for a worker to
 * recover from the REST API. Jobs of one topic set merge while one waits (the catalog's `coalesce`), so
 * every ingester may report what it saw: one recovery runs.
 */
export function recoverJobForWindow(
  topics: readonly string[],
  fromMs: number,
  toMs: number,
  reason: RecoverReason,
): PreparedJob<"notifications.recover"> {
  return prepareJob("notifications.recover", {
    topics: [...new Set(topics)].sort(),
    fromMs,
    // Should a clock step back, the window is still recorded.
    toMs: Math.max(fromMs, toMs),
    reason,
  });
}

/** A lost socket: the stream's gap (`from` = the lost socket's last sign of life, `to` = its replacement). */
export function recoverJobForGap(gap: NotificationGap): PreparedJob<"notifications.recover"> {
  return recoverJobForWindow(gap.topics, gap.from.getTime(), gap.to.getTime(), recoverReasonFor(gap.reason));
}
