/**
 * Errors the worker raises itself. Each says what the queue should do with the job: a PermanentJobError
 * can never succeed by retrying (the job fails for good and stays in the failed set for replay); anything
 * else a handler throws is retried with the catalog's backoff (see job-errors.ts).
 */
export class PermanentJobError extends Error {
  override readonly name: string = "PermanentJobError";
}

/** A skills.adjust job names a queue this worker has no skill mapping for (WORKER_SKILL_ADJUSTMENT_TARGETS). */
export class SkillAdjustmentNotConfiguredError extends PermanentJobError {
  override readonly name = "SkillAdjustmentNotConfiguredError";
}

/** A skills.run-action job names a run that does not exist (expired, or never created). */
export class SkillRunNotFoundError extends PermanentJobError {
  override readonly name = "SkillRunNotFoundError";
}
