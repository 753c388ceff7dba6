import type { HandlerContext } from "../handler-context.js";
import { describeError } from "../job-errors.js";

/**
 * Runs a run's write step (apply, rollback) and, when it fails, says so in the run's audit trail before the
 * failure goes on to the queue: the run keeps its state (`applying`, `rolling-back`), and without this the
 * console would show it stuck there with nothing said. The job retries, or waits in the failed set for a
 * replay, which resumes from what the run recorded.
 */
export async function auditedStep<T>(
  context: HandlerContext,
  runId: string,
  step: "apply" | "rollback",
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    try {
      await context.adjustmentRuns.audit([
        {
          atMs: context.nowMs(),
          runId,
          action: "attempt-failed",
          actor: "worker",
          note: `${step} failed: ${describeError(error)} (retried by the job; a job that failed for good resumes when replayed)`,
        },
      ]);
    } catch (auditError) {
      context.logger.warn({ err: auditError, runId }, "could not audit a failed skill run step");
    }
    throw error;
  }
}
