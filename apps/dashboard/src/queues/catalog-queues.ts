import { QUEUES, type QueueName } from "@routing/jobs";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueErrorLog } from "./queue-error-log.js";

/** How long close() waits for a queue still starting up (Redis may be the reason it is slow). */
const STARTUP_WAIT_MS = 2_000;

/** One BullMQ Queue per catalog queue, keyed by its name, all on the deployment's prefix. */
export interface CatalogQueues {
  readonly byName: ReadonlyMap<QueueName, Queue>;
  readonly all: readonly Queue[];
  close(): Promise<void>;
}

/**
 * The queues the dashboard shows, measures and enqueues into. They share the caller's connection (a
 * Queue never blocks on Redis), so closing them leaves the connection to its owner.
 */
export function openCatalogQueues(connection: Redis, prefix: string, errors: QueueErrorLog): CatalogQueues {
  const byName = new Map<QueueName, Queue>(
    Object.values(QUEUES).map((name) => {
      const queue = new Queue(name, { connection, prefix });
      // Without a listener BullMQ prints each error's stack: hundreds of lines in a short outage.
      queue.on("error", (error) => errors.report(name, error));
      return [name, queue];
    }),
  );
  const all = [...byName.values()];
  return {
    byName,
    all,
    close: async () => {
      // A Queue closed while it is still starting sends its start-up INFO afterwards, on a shared
      // connection its owner may have closed by then: let the start-up finish first (bounded).
      await settleWithin(Promise.allSettled(all.map((queue) => queue.waitUntilReady())), STARTUP_WAIT_MS);
      await Promise.all(all.map((queue) => queue.close()));
    },
  };
}

async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work, deadline]);
  clearTimeout(timer);
}
