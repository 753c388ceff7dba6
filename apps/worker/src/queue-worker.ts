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

/**
 * How fast a dead worker's jobs run again. A worker renews the lock of each job it runs every
 * `lockDurationMs / 2`; when it dies, the lock expires within `lockDurationMs`, and the next stalled-job
 * check (every `stalledIntervalMs`, by any live worker) puts the job back: a re-run within about
 * `lockDurationMs + stalledIntervalMs`. BullMQ's defaults (30 s, 30 s) make that up to a minute, while a
 * Genesys offer times out in about 30 s.
 */
export interface StallSettings {
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  /** Stalls a job may survive before it fails ("job stalled more than allowable limit"). */
  readonly maxStalledCount: number;
}

export interface QueueWorkerOptions {
  readonly queueName: string;
  readonly processor: Processor;
  readonly connection: Redis;
  readonly prefix: string;
  readonly concurrency: number;
  /** Stored on each job as "processed by" (Bull Board shows it). */
  readonly workerName: string;
  readonly logger: Logger;
  /** Undefined: BullMQ's defaults (30 s lock, 30 s check, 1 stall). */
  readonly stall?: StallSettings | undefined;
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
    ...(options.stall === undefined
      ? {}
      : {
          lockDuration: options.stall.lockDurationMs,
          stalledInterval: options.stall.stalledIntervalMs,
          maxStalledCount: options.stall.maxStalledCount,
        }),
  });
  // An EventEmitter 'error' without a listener would crash the process; Redis hiccups must not.
  worker.on("error", (error) =>
    options.logger.error({ err: error, queue: options.queueName }, "worker error"),
  );
  // A job whose worker died (or stopped renewing its lock) was put back to run again: worth a line.
  worker.on("stalled", (jobId) =>
    options.logger.warn(
      { jobId, queue: options.queueName },
      "job stalled (its worker stopped renewing the lock): run again",
    ),
  );
  return worker;
}
