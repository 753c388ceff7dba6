import type { Logger } from "@routing/service-kit";
import { type Processor, Worker } from "bullmq";
import type { Redis } from "ioredis";

/**
 * BullMQ only honours a queue-wide rate limit (`queue.rateLimit` after a Genesys 429) in workers that have
 * a limiter: without one, no worker ever reads the limiter key, and only the worker that met the 429 would
 * wait. Pacing is not BullMQ's job here (its limiter is a fixed window that bursts at its edges; the
 * shared sliding Genesys budget paces every request), so this limiter lets everything through and only
 * switches the queue-wide pause on.
 */
const QUEUE_WIDE_PAUSE_ONLY = { max: Number.MAX_SAFE_INTEGER, duration: 1_000 } as const;

export interface QueueWorkerOptions {
  readonly queueName: string;
  readonly processor: Processor;
  readonly connection: Redis;
  readonly prefix: string;
  readonly concurrency: number;
  /** Stored on each job as "processed by" (Bull Board shows it). */
  readonly workerName: string;
  readonly logger: Logger;
}

/** One BullMQ Worker, created stopped: `run()` starts it. */
export function createQueueWorker(options: QueueWorkerOptions): Worker {
  const worker = new Worker(options.queueName, options.processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    limiter: QUEUE_WIDE_PAUSE_ONLY,
    name: options.workerName,
    autorun: false,
  });
  // An EventEmitter 'error' without a listener would crash the process; Redis hiccups must not.
  worker.on("error", (error) =>
    options.logger.error({ err: error, queue: options.queueName }, "worker error"),
  );
  return worker;
}
