/**
 * Errors the worker raises itself. Each says what the queue should do with the job: a PermanentJobError
 * can never succeed by retrying (the job fails for good and stays in the failed set for replay); a
 * WaitForOtherJobError waits without spending an attempt; anything else a handler throws is retried with
 * the catalog's backoff (see job-errors.ts).
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

/**
 * Another job is doing this job's work right now (a queue's complete read that a decision claimed): the
 * job waits `retryAfterMs` (delayed, no attempt spent, no worker slot held) and then looks again.
 */
export class WaitForOtherJobError extends Error {
  override readonly name = "WaitForOtherJobError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
