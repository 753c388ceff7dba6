import { InvalidInputError, PolicyConfigError } from "@routing/core";
import {
  GenesysApiError,
  GenesysCircuitOpenError,
  GenesysRateLimitError,
  isPermanentGenesysError,
} from "@routing/genesys-client";
import { HandoffStateCorruptError } from "@routing/handoff-sessions";
import { JobPayloadError, UnknownJobError } from "@routing/jobs";
import { DelayedError, UnrecoverableError, Worker } from "bullmq";
import { PermanentJobError, WaitForOtherJobError } from "./errors.js";
import type { JobOutcome } from "./job-outcome.js";
import type { JobAttemptResult } from "./metrics.js";

/**
 * THE place where a failed job attempt becomes a BullMQ action. Handlers just throw; this decides.
 *
 * - Genesys 429: pause the shared rate budget (every Genesys call of every process waits) and the queue
 *   (no worker takes a job), then put the job back without spending an attempt.
 * - Genesys 404 on a conversation: it has ended; the job is done, there is nothing left to decide.
 * - A write Genesys refuses because the conversation has moved on (answered, transferred: no longer in the
 *   queue the decision was for): too late; the job is done and counted, since a replay can only fail again.
 * - Bad job data, an unknown job, a permanent Genesys error (4xx but 408/409/429, or a request that failed
 *   validation), a broken policy configuration or malformed data: retrying cannot help, fail for good.
 * - A Genesys endpoint whose circuit is open (GenesysCircuitOpenError): the job waits (delayed) until the
 *   cool-down is over (`retryAfterMs`) without spending an attempt: nothing was sent, and the catalog's
 *   backoff (250 ms doubling for decisions) would burn every attempt within the 30 s cool-down and fail a
 *   job whose call never reached Genesys.
 * - Another job doing this job's work right now (WaitForOtherJobError: a queue's read a decision claimed):
 *   the job waits `retryAfterMs` (delayed), attempt not spent, worker slot free for other jobs.
 * - A 401 the client could not cure with new tokens (GenesysTokenRejectedError): retry; a new token can
 *   still be had, so it is never a permanent failure (issue #8.1).
 * - Anything else (network, 5xx, 409 conflict, Redis): retry with the catalog's backoff.
 */
export type JobErrorAction =
  | { readonly kind: "pause-queue"; readonly retryAfterMs: number }
  | { readonly kind: "complete"; readonly outcome: JobOutcome }
  | { readonly kind: "fail-permanently" }
  | { readonly kind: "delay"; readonly delayMs: number }
  | { readonly kind: "retry" };

/**
 * Writes Genesys refuses once the conversation has left the state the decision was for. `PATCH
 * /api/v2/routing/conversations/{conversationId}` is "Update attributes of an in-queue conversation"
 * (platform-client-sdk-javascript v259, `build/docs/RoutingApi.md`, `patchRoutingConversation`): once an agent
 * has answered, the conversation is no longer in queue. The SDK docs list no error code for that; the
 * platform's code for "the conversation's state does not allow this" is `invalid.status` (documented for
 * `POST /api/v2/conversations/{conversationId}/assign`, `shared/genesys-api.md`), which the emulator answers.
 * The handoff's `replace/queue` on a participant that is no longer connected answers 400
 * `conversations.error.transfer.not.connected` (same source).
 */
const TOO_LATE_WRITES: readonly {
  readonly method: string;
  readonly pathTemplate: string;
  readonly codes: readonly string[];
}[] = [
  {
    method: "PATCH",
    pathTemplate: "/api/v2/routing/conversations/{conversationId}",
    codes: ["invalid.status"],
  },
  {
    method: "POST",
    pathTemplate: "/api/v2/conversations/{conversationId}/participants/{participantId}/replace/queue",
    codes: ["conversations.error.transfer.not.connected"],
  },
];

function isTooLate(error: unknown): error is GenesysApiError {
  return (
    error instanceof GenesysApiError &&
    error.status === 400 &&
    TOO_LATE_WRITES.some(
      (write) =>
        write.method === error.method.toUpperCase() &&
        write.pathTemplate === error.pathTemplate &&
        write.codes.includes(error.code),
    )
  );
}

function isConversationGone(error: unknown): error is GenesysApiError {
  return (
    error instanceof GenesysApiError &&
    error.status === 404 &&
    error.pathTemplate.includes("{conversationId}")
  );
}

function isPermanent(error: unknown): boolean {
  return (
    error instanceof JobPayloadError ||
    error instanceof UnknownJobError ||
    error instanceof PermanentJobError ||
    error instanceof HandoffStateCorruptError ||
    error instanceof PolicyConfigError ||
    error instanceof InvalidInputError ||
    error instanceof UnrecoverableError ||
    isPermanentGenesysError(error)
  );
}

/** Pure: what to do about `error`. */
export function classifyJobError(error: unknown): JobErrorAction {
  if (error instanceof GenesysRateLimitError) {
    // Retry-After: 0 still means "back off"; the budget and BullMQ both need a positive duration.
    return { kind: "pause-queue", retryAfterMs: Math.max(1, Math.ceil(error.retryAfterMs)) };
  }
  if (isConversationGone(error) || isTooLate(error)) {
    return {
      kind: "complete",
      outcome: {
        status: isTooLate(error) ? "too-late" : "conversation-gone",
        call: `${error.method} ${error.pathTemplate}`,
        code: error.code,
      },
    };
  }
  if (error instanceof GenesysCircuitOpenError || error instanceof WaitForOtherJobError) {
    return { kind: "delay", delayMs: Math.max(1, Math.ceil(error.retryAfterMs)) };
  }
  return isPermanent(error) ? { kind: "fail-permanently" } : { kind: "retry" };
}

/**
 * A short, secret-free description for the job's failedReason and log (shown in Bull Board). A Genesys
 * error names the call, status and code, and the correlation id Genesys support asks for.
 */
export function describeError(error: unknown): string {
  if (error instanceof GenesysApiError) {
    const correlation = error.correlationId === undefined ? "" : ` (correlationId ${error.correlationId})`;
    return `${error.name} ${error.status} ${error.code} on ${error.method} ${error.pathTemplate}${correlation}: ${error.message}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The permanent failure BullMQ understands, with the original error kept as its cause. */
export function toUnrecoverable(error: unknown): UnrecoverableError {
  if (error instanceof UnrecoverableError) return error;
  const unrecoverable = new UnrecoverableError(describeError(error));
  unrecoverable.cause = error;
  return unrecoverable;
}

/** Named after the error it wraps (the name Bull Board shows); the class says it is wrapped already. */
class RetryableAttemptError extends Error {}

/**
 * The error a retried attempt fails with: BullMQ keeps its message as the job's failedReason, so it says
 * what `describeError` says; the stack stays the original's, the original error is the cause.
 */
export function toRetryable(error: unknown): Error {
  if (error instanceof RetryableAttemptError) return error;
  const description = describeError(error);
  const retryable = new RetryableAttemptError(description, { cause: error });
  if (error instanceof Error) {
    retryable.name = error.name;
    const frames = error.stack?.split("\n").filter((line) => /^\s+at /.test(line)) ?? [];
    retryable.stack = [`${error.name}: ${description}`, ...frames].join("\n");
  }
  return retryable;
}

/** What the processor does next: return this value, or throw this error. */
export type JobErrorResolution =
  | { readonly result: "completed"; readonly outcome: JobOutcome }
  | { readonly result: Exclude<JobAttemptResult, "completed">; readonly error: Error };

export interface JobErrorEffects {
  /** The shared Genesys budget: pausing it holds every process' Genesys calls. */
  readonly budget: { pauseFor(ms: number): Promise<void> };
  /** The job's queue: a rate limit on it stops every worker of the queue from taking jobs. */
  readonly queue: { rateLimit(ms: number): Promise<void> };
}

/** The failed attempt's own job (BullMQ: `job.moveToDelayed(Date.now() + ms, token)`, attempt not spent). */
export interface JobDelayEffect {
  delay(ms: number): Promise<void>;
}

export async function resolveJobError(
  error: unknown,
  effects: JobErrorEffects,
  job: JobDelayEffect,
): Promise<JobErrorResolution> {
  const action = classifyJobError(error);
  switch (action.kind) {
    case "pause-queue":
      await effects.budget.pauseFor(action.retryAfterMs);
      await effects.queue.rateLimit(action.retryAfterMs);
      return { result: "rate-limited", error: Worker.RateLimitError() };
    case "complete":
      return { result: "completed", outcome: action.outcome };
    case "fail-permanently":
      return { result: "unrecoverable", error: toUnrecoverable(error) };
    case "delay":
      await job.delay(action.delayMs);
      // BullMQ's signal that the processor moved the job itself: neither failed nor completed.
      return { result: "delayed", error: new DelayedError() };
    case "retry":
      return { result: "failed", error: toRetryable(error) };
  }
}
