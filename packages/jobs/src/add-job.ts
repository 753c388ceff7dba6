import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import type { JobName } from "./catalog.js";
import type { PreparedJob } from "./prepare.js";

export type AnyPreparedJob = { [Name in JobName]: PreparedJob<Name> }[JobName];

export interface AddedJob {
  readonly jobId: string;
  /** The job id was already in the queue (an earlier copy of the event made it): nothing was added. */
  readonly duplicate: boolean;
}

/** The few Queue members adding needs (a BullMQ `Queue` satisfies it). */
export type JobQueue = Pick<Queue, "add" | "toKey" | "getBackend">;

/** The hash field of a stored job that names the adder which created it (BullMQ ignores unknown fields). */
export const ADDED_BY_FIELD = "addedBy";

/**
 * Claims the job hash for this adder, once: 1 = ours (the first claim), 0 = another adder's, -1 = the job is
 * not there (removed between the add and the claim: never created by us, and no key is created for it).
 */
const CLAIM_SCRIPT = `
if redis.call("EXISTS", KEYS[1]) == 0 then return -1 end
return redis.call("HSETNX", KEYS[1], ARGV[1], ARGV[2])`;

/**
 * Adds prepared catalog jobs and tells a new job from a duplicate.
 *
 * BullMQ answers `add` with an existing job id by keeping the stored job and returning the id, exactly as
 * for a new one. So after the add, the adder claims the stored job hash with `HSETNX addedBy <token>`
 * (token unique to this adder): exactly one claim per stored job succeeds, whichever process or clock made
 * it, so a job is counted as new exactly once across every producer of the deployment (two ingesters
 * receive every event). A producer that dies between its add and its claim leaves the job unclaimed: the
 * next copy's adder then counts it as new (a metric off by one, never a lost or doubled job).
 */
export function createJobAdder(): (queue: JobQueue, job: AnyPreparedJob) => Promise<AddedJob> {
  const token = randomUUID();
  return async (queue, job) => {
    const added = await queue.add(job.name, job.data, job.opts);
    const jobId = added.id ?? String(job.opts.jobId);
    const client = await queue.getBackend().client;
    const claimed = await client.eval(CLAIM_SCRIPT, 1, queue.toKey(jobId), ADDED_BY_FIELD, token);
    return { jobId, duplicate: claimed !== 1 };
  };
}
