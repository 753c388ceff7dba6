import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import type { JobName } from "./catalog.js";
import type { PreparedJob } from "./prepare.js";

export type AnyPreparedJob = { [Name in JobName]: PreparedJob<Name> }[JobName];

export interface AddedJob {
  readonly jobId: string;
  /** The job id was already in the queue (an earlier copy of the event made it): nothing was added. */
  readonly duplicate: boolean;
  /**
   * A duplicate whose stored job had already finished (completed or failed): when, epoch ms. A copy of an
   * event that arrives after its job ran; or a new event that the earlier job's id swallows (see
   * `queuedAtMs` of the decision payloads).
   */
  readonly finishedAtMs?: number;
}

/** The few Queue members adding needs (a BullMQ `Queue` satisfies it). */
export type JobQueue = Pick<Queue, "add" | "toKey" | "getBackend">;

/** The one Redis command the claim needs (BullMQ's client type does not declare it; ioredis has it). */
interface EvalClient {
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}

/** The hash field of a stored job that names the adder which created it (BullMQ ignores unknown fields). */
export const ADDED_BY_FIELD = "addedBy";

/**
 * Claims the job hash for this adder, once, and answers { claimed, finishedOn }: claimed 1 = ours, 0 = not
 * ours: an earlier add stored it with another creation timestamp, or another adder stamping the same
 * millisecond claimed it first; -1 = the job is not there (removed between the add and the claim; no key is
 * created for it). finishedOn: the stored job's (BullMQ's field), nil while it has not finished.
 */
const CLAIM_SCRIPT = `
if redis.call("EXISTS", KEYS[1]) == 0 then return {-1} end
local finishedOn = redis.call("HGET", KEYS[1], "finishedOn")
if redis.call("HGET", KEYS[1], "timestamp") ~= ARGV[3] then return {0, finishedOn} end
return {redis.call("HSETNX", KEYS[1], ARGV[1], ARGV[2]), finishedOn}`;

/**
 * Adds prepared catalog jobs and tells a new job from a duplicate.
 *
 * BullMQ answers `add` with an existing job id by keeping the stored job and returning the id, exactly as
 * for a new one. So every add carries a creation timestamp (each later than the adder's previous one), and
 * one script then claims the stored job for this adder: only if its stored timestamp is the one this add
 * sent (else an earlier add made it) and nobody claimed it yet (`HSETNX addedBy <token>`, one token per
 * adder). Two producers receiving the same events in the same order stamp them alike (two ingesters);
 * the claim still lets exactly one of them count the job as new. A producer that dies between its add
 * and its claim leaves its job unclaimed, so a copy stamped alike may count it (a metric off by one,
 * never a lost or doubled job).
 */
export function createJobAdder(
  now: () => number = Date.now,
): (queue: JobQueue, job: AnyPreparedJob) => Promise<AddedJob> {
  const token = randomUUID();
  let lastStamp = 0;
  return async (queue, job) => {
    lastStamp = Math.max(now(), lastStamp + 1);
    const timestamp = lastStamp;
    const added = await queue.add(job.name, job.data, { ...job.opts, timestamp });
    const jobId = added.id ?? String(job.opts.jobId);
    const client = (await queue.getBackend().client) as unknown as EvalClient;
    const [claimed, finishedOn] = (await client.eval(
      CLAIM_SCRIPT,
      1,
      queue.toKey(jobId),
      ADDED_BY_FIELD,
      token,
      String(timestamp),
    )) as [number, string | null | undefined];
    if (claimed === 1) return { jobId, duplicate: false };
    const finishedAtMs = Number(finishedOn ?? Number.NaN);
    return Number.isFinite(finishedAtMs)
      ? { jobId, duplicate: true, finishedAtMs }
      : { jobId, duplicate: true };
  };
}
