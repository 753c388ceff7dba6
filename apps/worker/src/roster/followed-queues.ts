import { FOLLOWED_WITHIN_MS, type QueueStatus } from "@routing/roster";
import type { HandlerContext } from "../handler-context.js";

/** The queues a scheduled run considers: the one the job names, else every followed queue. */
export async function queuesToConsider(
  context: HandlerContext,
  queueId: string | undefined,
): Promise<QueueStatus[]> {
  const queueIds =
    queueId === undefined ? await context.roster.store.followedQueues(FOLLOWED_WITHIN_MS) : [queueId];
  return context.roster.store.readQueueStatus(queueIds);
}

/** Oldest first by `at` (never-done first), ties by id: every queue gets its turn. */
export function oldestFirst(
  statuses: readonly QueueStatus[],
  at: (status: QueueStatus) => number | undefined,
): QueueStatus[] {
  return [...statuses].sort(
    (a, b) => (at(a) ?? -1) - (at(b) ?? -1) || (a.queueId < b.queueId ? -1 : a.queueId > b.queueId ? 1 : 0),
  );
}
