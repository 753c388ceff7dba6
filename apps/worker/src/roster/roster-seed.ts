import type { JobHandler } from "../handler-context.js";
import { confirmQueue } from "./confirm-queue.js";

/**
 * Seeds a queue's roster: one complete members listing (ceil(members / 100) requests on the `roster` lane),
 * applied with versioned writes, so a seed racing live events never rolls them back. The ingester asks for
 * one when it starts following a queue and after every gap in its notifications; a seed that began after
 * the gap ended also clears the stale mark.
 */
export const seedRoster: JobHandler<"roster.seed"> = async (payload, context) => {
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
