import { type JobName, type PreparedJob, QUEUES, type QueueName } from "@routing/jobs";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

export type AnyPreparedJob = { [Name in JobName]: PreparedJob<Name> }[JobName];

export interface EnqueueResult {
  readonly jobId: string;
  /** The job id was already in the queue: this copy of the event added nothing. */
  readonly duplicate: boolean;
}

export interface JobEnqueuer {
  /** One attempt. Rejects when Redis fails or does not answer within `attemptTimeoutMs`. */
  enqueue(job: AnyPreparedJob): Promise<EnqueueResult>;
  close(): Promise<void>;
}

export interface JobEnqueuerOptions {
  /** ioredis connection, shared by the queues; the caller owns (and quits) it. */
  readonly connection: Redis;
  /** BullMQ key prefix (BULLMQ_PREFIX). */
  readonly prefix: string;
  /** A command stuck on a dead connection must not hold its event forever: the caller retries. */
  readonly attemptTimeoutMs: number;
  /** Connection errors the queues report (they would otherwise be unhandled 'error' events). */
  readonly onQueueError: (error: Error) => void;
  readonly now?: () => number;
}

export class EnqueueTimeoutError extends Error {
  override readonly name = "EnqueueTimeoutError";
}

/**
 * Creation timestamps that are unique within this process: each is later than the one before, even within
 * one millisecond. That makes the stored timestamp say whether this very call created the job.
 */
function createStamps(now: () => number): () => number {
  let last = 0;
  return () => {
    last = Math.max(now(), last + 1);
    return last;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(`${what} got no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Adds catalog jobs to their BullMQ queues and tells a new job from a duplicate.
 *
 * BullMQ answers `add` with an existing job id by keeping the stored job and returning the id, exactly as
 * for a new one. So every add carries a creation timestamp unique to this process, and the job is read
 * back: if the stored timestamp is not ours, an earlier add created it. Unlike checking for the id before
 * adding, nothing can slip in between, because the add itself decided; only two processes adding the same
 * id in the same millisecond could both count it as new (a metric off by one, never a lost or doubled job).
 */
export function createJobEnqueuer(options: JobEnqueuerOptions): JobEnqueuer {
  const nextStamp = createStamps(options.now ?? Date.now);
  const queues = new Map<QueueName, Queue>();
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
    queue.on("error", options.onQueueError);
    queues.set(name, queue);
  }

  const addAndCheck = async (job: AnyPreparedJob): Promise<EnqueueResult> => {
    const queue = queues.get(job.queueName);
    if (queue === undefined) throw new Error(`no queue "${job.queueName}"`);
    const timestamp = nextStamp();
    const added = await queue.add(job.name, job.data, { ...job.opts, timestamp });
    const jobId = added.id ?? String(job.opts.jobId);
    const stored = await queue.getJob(jobId);
    return { jobId, duplicate: stored !== undefined && stored.timestamp !== timestamp };
  };

  return {
    enqueue: (job) => withTimeout(addAndCheck(job), options.attemptTimeoutMs, `adding ${job.name}`),
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
