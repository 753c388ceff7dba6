import type { JobHandler } from "../handler-context.js";
import { confirmQueue } from "./confirm-queue.js";

/**
 * Seeds a queue's roster: one complete members listing (ceil(members / 100) requests on the `roster` lane),
 * applied with versioned writes, so a seed racing live events never rolls them back. The ingester asks for
 * one when it starts following a queue and after every gap in its notifications; a seed that began after
 * the gap ended also clears the stale mark.
 *
 * A complete read that began at or after `toMs` (the gap's end, or when the seed was asked for) has already
 * done this seed's work, by the same rule that clears a stale mark: typically the decision that won the
 * gap's stale episode (`WORKER_ROSTER_ON_STALE=refresh`) listed the queue first. Then nothing is
 * listed again.
 */
export const seedRoster: JobHandler<"roster.seed"> = async (payload, context) => {
  const [status] = await context.roster.store.readQueueStatus([payload.queueId]);
  const confirmedAtMs = status?.meta.confirmedAtMs;
  if (confirmedAtMs !== undefined && confirmedAtMs >= payload.toMs) {
    context.roster.metrics.reads.inc({ kind: "seed", result: "already-confirmed" });
    context.logger.info(
      { queueId: payload.queueId, reason: payload.reason, confirmedAtMs, toMs: payload.toMs },
      "roster already confirmed by a read begun after the seed was asked for; not listed again",
    );
    return {
      status: "already-confirmed",
      queueId: payload.queueId,
      reason: payload.reason,
      confirmedAtMs,
      requests: 0,
    };
  }
  try {
    const confirmed = await confirmQueue(context, payload.queueId, "seed", "roster");
    context.roster.metrics.reads.inc({ kind: "seed", result: "done" });
    context.logger.info(
      {
        queueId: payload.queueId,
        reason: payload.reason,
        listed: confirmed.listed.length,
        left: confirmed.left,
      },
      "roster seeded",
    );
    return {
      status: "seeded",
      queueId: payload.queueId,
      reason: payload.reason,
      listed: confirmed.listed.length,
      left: confirmed.left,
      usersChanged: confirmed.usersChanged,
      unreadable: confirmed.unreadable,
      requests: confirmed.pages,
    };
  } catch (error) {
    context.roster.metrics.reads.inc({ kind: "seed", result: "failed" });
    throw error;
  }
};
