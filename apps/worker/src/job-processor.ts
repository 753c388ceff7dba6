import { isJobName, parseJob } from "@routing/jobs";
import type { Logger } from "@routing/service-kit";
import type { Job } from "bullmq";
import type { DecisionRecording } from "./decision-record/decision-recording.js";
import { collectGenesysCalls } from "./decision-record/genesys-call-capture.js";
import { UNRECORDED_DECISION } from "./decision-record/job-decision.js";
import { type DispatchTable, dispatchJob } from "./dispatch.js";
import type { HandlerContext } from "./handler-context.js";
import type { JobAttempts } from "./job-attempts.js";
import { describeError, type JobErrorEffects, resolveJobError } from "./job-errors.js";
import type { JobOutcome } from "./job-outcome.js";
import type { JobAttemptResult, WorkerMetrics } from "./metrics.js";
import { jobWrites, type WriteJournal } from "./write-journal.js";

export interface JobProcessorOptions {
  readonly queueName: string;
  readonly dispatch: DispatchTable;
  /** Everything a handler gets except what is specific to one job. */
  readonly services: Omit<
    HandlerContext,
    "logger" | "job" | "signal" | "writes" | "decision" | "observeGenesys"
  >;
  /** Scoped to each job (its id is half of every write's key). */
  readonly writeJournal: WriteJournal;
  readonly errorEffects: JobErrorEffects;
  /** The job's log and failure fields, as Bull Board shows them. */
  readonly attempts: JobAttempts;
  /** Decision jobs: their record in the decision log, shadow mode. */
  readonly decisions: DecisionRecording;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
}

export type JobProcessor = (job: Job, token?: string, signal?: AbortSignal) => Promise<JobOutcome>;

/** What happens after a failed attempt, for the job's log. */
function nextStep(result: string, attempt: number, attempts: number): string {
  if (result === "rate-limited")
    return "Genesys rate limit: the queue is paused, the job runs again (no attempt spent)";
  if (result === "delayed") return "Genesys circuit open: the job waits out the cool-down (no attempt spent)";
  if (result === "unrecoverable") return "failed for good (retrying cannot help)";
  return attempt < attempts ? "retried with the catalog's backoff" : "failed for good (no attempt left)";
}

/**
 * The BullMQ processor of one queue: validates the job against the catalog, runs its handler, and hands
 * any failure to job-errors, which decides what BullMQ does with it. Every attempt is counted and timed,
 * and a failed one is written to the job's log.
 */
export function createJobProcessor(options: JobProcessorOptions): JobProcessor {
  const { queueName, metrics, attempts } = options;
  return async (job, token, signal) => {
    const jobId = job.id ?? "unknown";
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const logger = options.logger.child({ jobId, job: job.name, attempt });
    // The job's own record must never turn a decision into a failure: a Redis hiccup here is logged only.
    const record = async (write: () => Promise<void>): Promise<void> => {
      try {
        await write();
      } catch (error) {
        logger.warn({ err: error }, "could not update the job's log or failure fields");
      }
    };
    const succeeded = async (): Promise<void> => {
      if (job.attemptsMade === 0) return;
      await record(() => attempts.clearFailure(job));
      await record(() =>
        attempts.log(job, `attempt ${attempt}/${maxAttempts} succeeded (the failed attempts are above)`),
      );
    };
    // Anyone who can write to Redis can name a job anything: labels come from the catalog's names only.
    const name = isJobName(job.name) ? job.name : "unknown";
    const stopTimer = metrics.jobDuration.startTimer({ name });
    const count = (outcome: JobAttemptResult) =>
      metrics.jobsProcessed.inc({ queue: queueName, name, outcome });
    try {
      const parsed = parseJob(job.name, job.data);
      const decision = options.decisions.start(parsed, { jobId, attempt: job.attemptsMade + 1 });
      const writes = jobWrites(options.writeJournal, jobId);
      // Only a logged decision lists its Genesys calls.
      const calls = decision === undefined ? undefined : collectGenesysCalls();
      const handled = await dispatchJob(options.dispatch, parsed, {
        ...options.services,
        logger,
        job: { id: jobId, queueName },
        writes: decision?.writes(writes) ?? writes,
        decision: decision?.notes ?? UNRECORDED_DECISION,
        signal,
        ...(calls === undefined ? {} : { observeGenesys: calls.observer }),
      });
      const outcome =
        decision === undefined || calls === undefined
          ? handled
          : await options.decisions.complete(decision, handled, calls.calls(), logger);
      count("completed");
      metrics.countOutcome(job.name, outcome.status);
      await succeeded();
      return outcome;
    } catch (error) {
      const resolution = await resolveJobError(error, options.errorEffects, {
        delay: (ms) => job.moveToDelayed(Date.now() + ms, token),
      });
      count(resolution.result);
      if (resolution.result === "completed") {
        metrics.countOutcome(job.name, resolution.outcome.status);
        if (resolution.outcome.status === "too-late") {
          metrics.decisionsTooLate.inc({ name });
          logger.info(
            { outcome: resolution.outcome },
            "the conversation has left the queue: decision too late",
          );
        } else {
          metrics.conversationsGone.inc({ name });
          logger.info({ outcome: resolution.outcome }, "conversation has ended; nothing to do");
        }
        await succeeded();
        return resolution.outcome;
      }
      await record(() =>
        attempts.log(
          job,
          `attempt ${attempt}/${maxAttempts} failed, ${nextStep(resolution.result, attempt, maxAttempts)}: ${describeError(error)}`,
        ),
      );
      if (resolution.result === "delayed") {
        logger.warn({ err: error }, "Genesys circuit open: job delayed until its cool-down is over");
      } else if (resolution.result === "rate-limited") {
        metrics.queuePauses.inc({ queue: queueName });
        logger.warn({ err: error }, "Genesys rate limit: every worker and Genesys call paused");
      } else {
        const willRetry = resolution.result === "failed" && attempt < maxAttempts;
        logger[willRetry ? "warn" : "error"]({ err: error, willRetry }, "job attempt failed");
      }
      throw resolution.error;
    } finally {
      stopTimer();
    }
  };
}
