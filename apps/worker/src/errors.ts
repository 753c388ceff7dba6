/**
 * Errors the worker raises itself. Each says what the queue should do with the job: a PermanentJobError
 * can never succeed by retrying (the job fails for good and stays in the failed set for replay), a
 * RetryableJobError is worth another attempt with the catalog's backoff.
 */
export class PermanentJobError extends Error {
  override readonly name: string = "PermanentJobError";
}

export class RetryableJobError extends Error {
  override readonly name: string = "RetryableJobError";
}

/** A skills.adjust job names a queue this worker has no skill mapping for (WORKER_SKILL_ADJUSTMENT_TARGETS). */
export class SkillAdjustmentNotConfiguredError extends PermanentJobError {
  override readonly name = "SkillAdjustmentNotConfiguredError";
}
