import type { QueueStatus, StaleEpisode } from "@routing/roster";
import { WaitForOtherJobError } from "../errors.js";
import type { JobHandler } from "../handler-context.js";
import { confirmQueue } from "./confirm-queue.js";

/** How soon a seed looks again while a decision is listing its queue. */
const OTHER_LISTING_RECHECK_MS = 1_000;

/**
 * Seeds a queue's roster: one complete members listing (ceil(members / 100) requests on the `roster` lane),
 * applied with versioned writes, so a seed racing live events never rolls them back. The ingester asks for
 * one when it starts following a queue and after every gap in its notifications; a seed that began after
 * the gap ended also clears the stale mark.
 *
 * One complete read per staleness episode: a read that began at or after `toMs` (the gap's end, or when the
 * seed was asked for) has already done this seed's work, by the same rule that clears a stale mark, and a
 * seed of a queue made stale by a gap first claims the episode as a decision would
 * (`WORKER_ROSTER_ON_STALE=refresh`).
 * When a decision holds it (it is listing the queue now), the seed waits for that listing instead of
 * making a second one: delayed a second at a time (WaitForOtherJobError: no attempt spent, no slot held).
 */
export const seedRoster: JobHandler<"roster.seed"> = async (payload, context) => {
  const { store } = context.roster;
  const [status] = await store.readQueueStatus([payload.queueId]);
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
  // A never-seeded queue is left to whichever decision claims it: a decision lists on its own lane, while
  // the ingester's start-up seeds of every queue share the roster lane's cap, and a decision waits for the
  // listing it did not make. A gap's episode is claimed: decisions meanwhile decide on the roster as it is.
  const episode =
    status?.stale === true && status.staleReason !== "never-seeded" ? episodeOf(status) : undefined;
  if (episode !== undefined && !(await store.claimStaleRefresh(episode))) {
    // Delayed, not waiting in place: the maintenance slot stays free (a gap's recovery may be queued).
    // Once that listing is confirmed the check above finds it; if its job died, the claim expires.
    throw new WaitForOtherJobError(
      `queue ${payload.queueId} is being listed by the job that claimed its stale episode`,
      OTHER_LISTING_RECHECK_MS,
    );
  }
  try {
    const confirmed = await confirmQueue(context, payload.queueId, "seed", "roster", payload.toMs);
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
    if (episode !== undefined) await store.releaseStaleRefresh(episode).catch(() => undefined);
    throw error;
  }
};

function episodeOf(status: QueueStatus): StaleEpisode {
  return {
    queueId: status.queueId,
    stale: status.stale,
    staleReason: status.staleReason,
    staleUntilMs: status.meta.staleUntilMs ?? null,
    confirmedAtMs: status.meta.confirmedAtMs ?? null,
  };
}
