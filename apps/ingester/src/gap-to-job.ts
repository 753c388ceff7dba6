import type { NotificationGap, NotificationGapReason } from "@routing/genesys-client";
import { type JobInput, type PreparedJob, prepareJob } from "@routing/jobs";

type RecoverReason = JobInput<"notifications.recover">["reason"];

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
 * A gap becomes a `notifications.recover` job: Genesys never replays events sent while no socket was
 * connected, so the window is recorded (visible in Bull Board, replayable) for a worker to recover from the
 * REST API.
 */
export function recoverJobForGap(gap: NotificationGap): PreparedJob<"notifications.recover"> {
  const fromMs = gap.from.getTime();
  return prepareJob("notifications.recover", {
    topics: [...gap.topics],
    fromMs,
    // The stream promises to >= from; should a clock step back anyway, the gap is still recorded.
    toMs: Math.max(fromMs, gap.to.getTime()),
    reason: recoverReasonFor(gap.reason),
  });
}
