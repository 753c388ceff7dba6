import { errorResult, type Handler, type HttpResult, json } from "@routing/http-kit";
import type { Logger } from "@routing/service-kit";
import { handoffJobFromWebhook } from "../messaging-webhook-body.js";
import type { IngesterMetrics } from "../metrics.js";
import { EnqueueAbandonedError, type RetryingEnqueue } from "../retrying-enqueue.js";
import { checkSignature, SIGNATURE_HEADER } from "../webhook-signature.js";

export interface MessagingWebhookOptions {
  readonly secret: string;
  readonly enqueue: RetryingEnqueue;
  /** Aborted when the ingester stops: no more retries, the sender is told to come back. */
  readonly stopSignal: AbortSignal;
  /** How long one request may wait for Redis before the sender is told to retry (503). */
  readonly enqueueDeadlineMs: number;
  readonly metrics: IngesterMetrics;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * POST /webhooks/messaging: a bot turn, signed by the messaging platform, becomes a `handoff.turn` job.
 * A compressed body is refused (415); the signature is checked over the bytes received, before the body is
 * even parsed. 202 `{ jobId, duplicate }` once the job is in
 * Redis; 503 when Redis cannot take it in time, so the sender retries (the job id makes that safe).
 */
export function createMessagingWebhookHandler(options: MessagingWebhookOptions): Handler<unknown, Buffer> {
  const { metrics, logger } = options;
  const retryAfterSeconds = String(Math.max(1, Math.ceil(options.enqueueDeadlineMs / 1000)));

  return async ({ headers, body: rawBody }): Promise<HttpResult> => {
    const header = headers[SIGNATURE_HEADER.toLowerCase()];
    const signature = checkSignature(options.secret, rawBody, Array.isArray(header) ? header[0] : header);
    if (signature !== "valid") {
      return errorResult(401, {
        code: signature === "missing" ? "signature-missing" : "signature-mismatch",
        field: SIGNATURE_HEADER,
        message:
          signature === "missing"
            ? `${SIGNATURE_HEADER} is required: sha256=<hex HMAC-SHA256 of the body>`
            : `${SIGNATURE_HEADER} does not match the body`,
      });
    }

    const parsed = handoffJobFromWebhook(rawBody, options.now());
    if (!parsed.ok) {
      return errorResult(400, { code: parsed.code, field: parsed.field, message: parsed.message });
    }

    const { job } = parsed;
    try {
      const signal = AbortSignal.any([options.stopSignal, AbortSignal.timeout(options.enqueueDeadlineMs)]);
      const { jobId, duplicate } = await options.enqueue(job, signal);
      (duplicate ? metrics.duplicates : metrics.jobsEnqueued).inc({ job_name: job.name, source: "webhook" });
      logger.debug({ job: job.name, jobId, duplicate }, "webhook turn accepted");
      return json(202, { jobId, duplicate });
    } catch (error) {
      if (!(error instanceof EnqueueAbandonedError)) throw error;
      metrics.enqueueFailures.inc({ job_name: job.name, source: "webhook" });
      logger.warn(
        { job: job.name, jobId: error.jobId, attempts: error.attempts },
        "webhook turn not enqueued",
      );
      return errorResult(
        503,
        { code: "enqueue-unavailable", field: null, message: "the job queue is unavailable; retry later" },
        { "Retry-After": retryAfterSeconds },
      );
    }
  };
}
