import { setTimeout as sleep } from "node:timers/promises";
import { fullJitterDelayMs } from "@routing/genesys-client";
import type { Logger } from "@routing/service-kit";
import type { AnyPreparedJob, EnqueueResult, JobEnqueuer } from "./job-enqueuer.js";
import type { IngesterMetrics } from "./metrics.js";

/** The job was not added: its signal (shutdown, or a webhook's deadline) ended the retries first. */
export class EnqueueAbandonedError extends Error {
  override readonly name = "EnqueueAbandonedError";
  constructor(
    readonly jobName: string,
    readonly jobId: string,
    readonly attempts: number,
  ) {
    super(`job ${jobName} ${jobId} was not enqueued after ${attempts} attempt(s)`);
  }
}

export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface RetryingEnqueueOptions {
  readonly enqueuer: JobEnqueuer;
  readonly metrics: IngesterMetrics;
  readonly logger: Logger;
  readonly policy: RetryPolicy;
  readonly random?: () => number;
}

/** Adds a job, retrying until it is in Redis or `signal` aborts (then EnqueueAbandonedError). */
export type RetryingEnqueue = (job: AnyPreparedJob, signal: AbortSignal) => Promise<EnqueueResult>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Redis being away is a wait, not a loss: the job is tried again with full-jitter backoff for as long as
 * the caller lets it. A notification's caller is awaited by the stream, so a waiting job holds back its
 * channel (natural backpressure) rather than piling events up in memory.
 */
export function createRetryingEnqueue(options: RetryingEnqueueOptions): RetryingEnqueue {
  const { enqueuer, metrics, logger, policy } = options;
  const random = options.random ?? Math.random;

  return async (job, signal) => {
    const jobId = String(job.opts.jobId);
    let attempts = 0;
    metrics.enqueuesWaiting.inc();
    try {
      while (!signal.aborted) {
        try {
          attempts++;
          const result = await enqueuer.enqueue(job);
          if (attempts > 1) logger.info({ job: job.name, jobId, attempts }, "job enqueued after retries");
          return result;
        } catch (error) {
          if (signal.aborted) break;
          // Never 0: a Redis that refuses at once would otherwise be hammered in a tight loop.
          const retryInMs = Math.max(policy.baseDelayMs / 4, fullJitterDelayMs(attempts - 1, policy, random));
          metrics.enqueueRetries.inc({ job_name: job.name });
          logger.warn(
            { job: job.name, jobId, attempt: attempts, retryInMs, error: messageOf(error) },
            "enqueue failed; retrying",
          );
          await sleep(retryInMs, undefined, { signal }).catch(() => {});
        }
      }
      throw new EnqueueAbandonedError(job.name, jobId, attempts);
    } finally {
      metrics.enqueuesWaiting.dec();
    }
  };
}
