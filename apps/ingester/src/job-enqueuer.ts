import { type AddedJob, type AnyPreparedJob, createJobAdder, QUEUES, type QueueName } from "@routing/jobs";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

export type { AnyPreparedJob };
/** `duplicate`: the job id was already in the queue, so this copy of the event added nothing. */
export type EnqueueResult = AddedJob;

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
}

export class EnqueueTimeoutError extends Error {
  override readonly name = "EnqueueTimeoutError";
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(`${what} got no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Adds catalog jobs to their BullMQ queues, telling new from duplicate (see `createJobAdder`), with a timeout. */
export function createJobEnqueuer(options: JobEnqueuerOptions): JobEnqueuer {
  const addJob = createJobAdder();
  const queues = new Map<QueueName, Queue>();
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
    queue.on("error", options.onQueueError);
    queues.set(name, queue);
  }

  const addAndCheck = async (job: AnyPreparedJob): Promise<EnqueueResult> => {
    const queue = queues.get(job.queueName);
    if (queue === undefined) throw new Error(`no queue "${job.queueName}"`);
    return addJob(queue, job);
  };

  return {
    enqueue: (job) => withTimeout(addAndCheck(job), options.attemptTimeoutMs, `adding ${job.name}`),
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
