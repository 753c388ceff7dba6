import { badRequest, type Handler, HttpError, json } from "@routing/http-kit";
import {
  type AnyPreparedJob,
  createJobAdder,
  isJobName,
  JOB_CATALOG,
  type JobInput,
  type JobName,
  JobPayloadError,
  prepareJob,
} from "@routing/jobs";
import type { DashboardServices } from "../services.js";

// One per process: its creation timestamps are what tells this request's job from an earlier one.
const addJob = createJobAdder();

/**
 * POST /api/jobs/:name: enqueues one catalog job by hand (ops trigger a dry-run `skills.adjust` this way).
 * The body is the job's payload, validated by the catalog, and the job gets the catalog's options and
 * dedupe id, exactly as a producer app would enqueue it. `duplicate: true` means a job with that id is
 * still kept by BullMQ, so nothing new will run.
 */
export const enqueueJobHandler: Handler<DashboardServices, unknown> = async (request, services) => {
  const name = request.params.name ?? "";
  if (!isJobName(name)) {
    throw new HttpError(
      404,
      "unknown-job",
      `unknown job "${name.slice(0, 100)}" (catalog: ${Object.keys(JOB_CATALOG).join(", ")})`,
      { field: "name" },
    );
  }
  const prepared = prepare(name, request.body);
  const queue = services.queues.byName.get(prepared.queueName);
  if (queue === undefined) throw new Error(`catalog job "${name}" has no queue`);
  const { jobId, duplicate } = await addJob(queue, prepared as AnyPreparedJob);
  services.metrics.jobsEnqueued.inc({ job_name: name, duplicate: String(duplicate) });
  services.logger.info({ job: name, jobId, queue: prepared.queueName, duplicate }, "job enqueued by hand");
  return json(202, { jobId, queue: prepared.queueName, name, duplicate });
};

function prepare(name: JobName, body: unknown) {
  try {
    return prepareJob(name, body as JobInput<JobName>);
  } catch (error) {
    if (error instanceof JobPayloadError) {
      throw badRequest("invalid-job-payload", error.message, {
        field: error.field === "" ? "body" : error.field,
      });
    }
    throw error;
  }
}
