import type { JobsOptions } from "bullmq";
import { JOB_CATALOG, type JobInput, type JobName, type JobPayload, jobOptionsFor } from "./catalog.js";
import { JobPayloadError, UnknownJobError } from "./payload-error.js";
import { QUEUES, type QueueName } from "./queues.js";

export interface PreparedJob<Name extends JobName> {
  readonly queueName: QueueName;
  readonly name: Name;
  readonly data: JobPayload<Name>;
  readonly opts: JobsOptions;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_CATALOG, name);
}

function validate<Name extends JobName>(name: Name, data: unknown): JobPayload<Name> {
  const result = JOB_CATALOG[name].payload.safeParse(data);
  if (!result.success) throw new JobPayloadError(name, result.error);
  return result.data as JobPayload<Name>;
}

/**
 * Validates a payload and returns everything `queue.add(name, data, opts)` needs (`addBulk` takes the same
 * shape). Throws `JobPayloadError` naming the field: bad input is refused at the door, never enqueued.
 */
export function prepareJob<Name extends JobName>(name: Name, input: JobInput<Name>): PreparedJob<Name> {
  if (!isJobName(name)) throw new UnknownJobError(name);
  const data = validate(name, input);
  return { queueName: QUEUES[JOB_CATALOG[name].queue], name, data, opts: jobOptionsFor(name, data) };
}

/** For consumers: checks a job's name and data as they came out of Redis. */
export function parseJob(
  name: string,
  data: unknown,
): { [Name in JobName]: { name: Name; payload: JobPayload<Name> } }[JobName] {
  if (!isJobName(name)) throw new UnknownJobError(name);
  return { name, payload: validate(name, data) } as {
    [Name in JobName]: { name: Name; payload: JobPayload<Name> };
  }[JobName];
}
