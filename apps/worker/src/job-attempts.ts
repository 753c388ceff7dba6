import type { Job, Queue } from "bullmq";

/**
 * What an engineer reads about a job's attempts in Bull Board. Each failed attempt leaves a line in the
 * job's log (the Logs tab keeps every attempt; failedReason only the last). A job that succeeds after
 * failed attempts loses their failedReason and stacktrace: BullMQ leaves both on the completed job, and
 * Bull Board shows a job with either as failed (`isFailed`, @bull-board/api `handlers/queues`).
 */
export interface JobAttempts {
  /** Appends one line to the job's log. */
  log(job: Job, line: string): Promise<void>;
  /** Removes the failure of earlier attempts from a job that is about to complete. */
  clearFailure(job: Job): Promise<void>;
}

/** The two Queue members the record needs (a BullMQ `Queue` satisfies it). */
export type AttemptsQueue = Pick<Queue, "toKey" | "getBackend">;

/** The one Redis command clearing needs (BullMQ's client type does not declare it; ioredis has it). */
interface HdelClient {
  hdel(key: string, ...fields: string[]): Promise<number>;
}

export function createJobAttempts(queue: AttemptsQueue): JobAttempts {
  return {
    async log(job, line) {
      await job.log(line);
    },
    async clearFailure(job) {
      if (job.id === undefined) return;
      const client = (await queue.getBackend().client) as unknown as HdelClient;
      // The job is still active and locked by this worker: nothing else writes these fields meanwhile.
      await client.hdel(queue.toKey(job.id), "failedReason", "stacktrace");
    },
  };
}
