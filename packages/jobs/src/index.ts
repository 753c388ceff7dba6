export { type AddedJob, type AnyPreparedJob, createJobAdder, type JobQueue } from "./add-job.js";
export {
  JOB_CATALOG,
  type JobCatalog,
  type JobDefinition,
  type JobInput,
  type JobName,
  type JobPayload,
  jobOptionsFor,
  RETENTION,
} from "./catalog.js";
export * from "./decisions/index.js";
export { buildJobId } from "./job-id.js";
export { JobPayloadError, UnknownJobError } from "./payload-error.js";
export { isJobName, type PreparedJob, parseJob, prepareJob } from "./prepare.js";
export { QUEUES, type QueueKey, type QueueName } from "./queues.js";
