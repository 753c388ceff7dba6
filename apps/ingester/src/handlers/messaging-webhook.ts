import type { Logger } from "@routing/service-kit";
import { errorResult, type HttpResult, jsonResult } from "../http/http-result.js";
import type { Handler } from "../http/route.js";
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
export function createMessagingWebhookHandler(options: MessagingWebhookOptions): Handler {
  const { metrics, logger } = options;
  const retryAfterSeconds = String(Math.max(1, Math.ceil(options.enqueueDeadlineMs / 1000)));

  return async ({ headers, rawBody }): Promise<HttpResult> => {
    // The signature covers the bytes sent. A compressed body would be inflated before the handler sees it,
    // and a signature over the inflated bytes is one an attacker can make fit: compressed bodies are refused.
    const encoding = headers["content-encoding"]?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
      return errorResult(415, {
        code: "unsupported-content-encoding",
        field: "Content-Encoding",
        message:
          "send the body uncompressed (Content-Encoding: identity): the signature is over the bytes sent",
      });
    }
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
      (duplicate ? metrics.duplicates : metrics.jobsEnqueued).inc({ job: job.name, source: "webhook" });
      logger.debug({ job: job.name, jobId, duplicate }, "webhook turn accepted");
      return jsonResult(202, { jobId, duplicate });
    } catch (error) {
      if (!(error instanceof EnqueueAbandonedError)) throw error;
      metrics.enqueueFailures.inc({ job: job.name, source: "webhook" });
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
