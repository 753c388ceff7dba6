import { type AddedJob, type AnyPreparedJob, createJobAdder, type QueueName } from "@routing/jobs";
import type { Queue } from "bullmq";

export type { AnyPreparedJob };
export type EnqueueResult = AddedJob;

/** Adds catalog jobs from inside a handler (a recovery turns what it finds into decision jobs). */
export interface JobEnqueuer {
  /** `duplicate`: the job id was already in the queue (the ingester, or an earlier recovery, made it). */
  enqueue(job: AnyPreparedJob): Promise<EnqueueResult>;
}

export function createJobEnqueuer(queues: ReadonlyMap<QueueName, Queue>): JobEnqueuer {
  const addJob = createJobAdder();
  return {
    async enqueue(job) {
      const queue = queues.get(job.queueName);
      if (queue === undefined) throw new Error(`no queue "${job.queueName}" in this worker`);
      return addJob(queue, job);
    },
  };
}
