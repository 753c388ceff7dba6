import type { z } from "zod";

/**
 * A job's data does not match its schema. Retrying cannot fix that, so consumers fail the job for good
 * (BullMQ `UnrecoverableError`) and keep it for inspection; producers refuse to enqueue it at all.
 */
export class JobPayloadError extends Error {
  override readonly name = "JobPayloadError";
  /** Dotted path of the first bad field ("skillIds.2"), or "" for the payload as a whole. */
  readonly field: string;
  readonly jobName: string;
  readonly issues: readonly { readonly field: string; readonly message: string }[];

  constructor(jobName: string, error: z.ZodError) {
    const issues = error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    const first = issues[0] ?? { field: "", message: "invalid" };
    super(
      `job "${jobName}": ${first.field === "" ? "payload" : `field "${first.field}"`} ${first.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""),
    );
    this.field = first.field;
    this.jobName = jobName;
    this.issues = issues;
  }
}

/** The job name is not in the catalog (a producer from a newer release, or a typo). */
export class UnknownJobError extends Error {
  override readonly name = "UnknownJobError";
  constructor(readonly jobName: string) {
    super(`unknown job "${jobName}"`);
  }
}
