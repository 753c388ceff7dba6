import type { Queue } from "bullmq";
import type { JobName } from "./catalog.js";
import type { PreparedJob } from "./prepare.js";

export type AnyPreparedJob = { [Name in JobName]: PreparedJob<Name> }[JobName];

export interface AddedJob {
  readonly jobId: string;
  /** The job id was already in the queue (an earlier copy of the event made it): nothing was added. */
  readonly duplicate: boolean;
}

/** The few Queue methods adding needs (a BullMQ `Queue` satisfies it). */
export type JobQueue = Pick<Queue, "add" | "getJob">;

/**
 * Adds prepared catalog jobs and tells a new job from a duplicate.
 *
 * BullMQ answers `add` with an existing job id by keeping the stored job and returning the id, exactly as
 * for a new one. So every add carries a creation timestamp unique to this adder (each later than the one
 * before, even within one millisecond) and the job is read back: a stored timestamp that is not ours means
 * an earlier add created it. The add itself decides, so nothing slips in between a check and the add;
 * only two processes adding the same id in the same millisecond could both count it as new (a metric off by
 * one, never a lost or doubled job).
 */
export function createJobAdder(
  now: () => number = Date.now,
): (queue: JobQueue, job: AnyPreparedJob) => Promise<AddedJob> {
  let lastStamp = 0;
  return async (queue, job) => {
    lastStamp = Math.max(now(), lastStamp + 1);
    const timestamp = lastStamp;
    const added = await queue.add(job.name, job.data, { ...job.opts, timestamp });
    const jobId = added.id ?? String(job.opts.jobId);
    const stored = await queue.getJob(jobId);
    return { jobId, duplicate: stored !== undefined && stored.timestamp !== timestamp };
  };
}
