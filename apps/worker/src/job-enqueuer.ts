import type { JobName, PreparedJob, QueueName } from "@routing/jobs";
import type { Queue } from "bullmq";

export type AnyPreparedJob = { [Name in JobName]: PreparedJob<Name> }[JobName];

export interface EnqueueResult {
  readonly jobId: string;
  /** The job id was already in the queue (the ingester, or an earlier recovery, made it): nothing added. */
  readonly duplicate: boolean;
}

/** Adds catalog jobs from inside a handler (a recovery turns what it finds into decision jobs). */
export interface JobEnqueuer {
  enqueue(job: AnyPreparedJob): Promise<EnqueueResult>;
}

/**
 * Creation timestamps unique within this process: each is later than the one before, even within one
 * millisecond, so the stored timestamp says whether this very call created the job.
 */
function createStamps(now: () => number): () => number {
  let last = 0;
  return () => {
    last = Math.max(now(), last + 1);
    return last;
  };
}

/**
 * BullMQ answers `add` with an existing job id by keeping the stored job and returning the id, exactly as
 * for a new one. So every add carries a creation timestamp unique to this process and the job is read
 * back: a stored timestamp that is not ours means an earlier add created it. The add itself decides, so
 * nothing slips in between a check and the add (the ingester counts its duplicates the same way).
 */
export function createJobEnqueuer(
  queues: ReadonlyMap<QueueName, Queue>,
  now: () => number = Date.now,
): JobEnqueuer {
  const nextStamp = createStamps(now);
  return {
    async enqueue(job) {
      const queue = queues.get(job.queueName);
      if (queue === undefined) throw new Error(`no queue "${job.queueName}" in this worker`);
      const timestamp = nextStamp();
      const added = await queue.add(job.name, job.data, { ...job.opts, timestamp });
      const jobId = added.id ?? String(job.opts.jobId);
      const stored = await queue.getJob(jobId);
      return { jobId, duplicate: stored !== undefined && stored.timestamp !== timestamp };
    },
  };
}
