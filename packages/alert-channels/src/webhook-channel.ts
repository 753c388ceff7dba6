import { setTimeout as sleep } from "node:timers/promises";
import { type Alert, type AlertChannel, AlertChannelOptionsError, AlertDeliveryError } from "./alert.js";
import { webhookAlertBody } from "./webhook-body.js";
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from "./webhook-signature.js";

export interface WebhookAlertChannelOptions {
  /** Where alerts are POSTed (http or https). Its path may hold a token (Slack, Teams): never logged. */
  readonly url: string;
  /** HMAC-SHA256 key of the `X-Signature-256` header; at least 32 characters. Never logged. */
  readonly secret: string;
  /**
   * How long one request may take before it counts as failed.
   * @defaultValue 5000
   */
  readonly timeoutMs?: number;
  /**
   * Requests per alert at most (the first included): network errors, timeouts, 408, 429 and 5xx are retried.
   * @defaultValue 3
   */
  readonly attempts?: number;
  /**
   * Backoff before the second attempt; doubles each time (a 429's Retry-After is honoured up to the cap).
   * @defaultValue 500
   */
  readonly retryBaseDelayMs?: number;
  /**
   * Longest wait between two attempts.
   * @defaultValue 5000
   */
  readonly retryMaxDelayMs?: number;
}

export const WEBHOOK_ALERT_CHANNEL_DEFAULTS = {
  timeoutMs: 5_000,
  attempts: 3,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 5_000,
} as const;

export const MIN_WEBHOOK_SECRET_LENGTH = 32;

function integerIn(option: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AlertChannelOptionsError(option, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AlertChannelOptionsError("url", "must be an absolute http(s) URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new AlertChannelOptionsError("url", "must be an http or https URL");
  }
  return parsed;
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/**
 * The default alert channel: each alert is POSTed as JSON (`webhookAlertBody`) that a Slack or Teams
 * incoming webhook displays as it is, signed for generic receivers with
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of the exact body bytes>` (the same convention as our own
 * inbound messaging webhook), plus `X-Alert-Id` to drop repeats. Every attempt sends the same bytes.
 */
export function createWebhookAlertChannel(options: WebhookAlertChannelOptions): AlertChannel {
  const url = parseUrl(options.url);
  if (typeof options.secret !== "string" || options.secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new AlertChannelOptionsError("secret", `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`);
  }
  const secret = options.secret;
  const timeoutMs = integerIn(
    "timeoutMs",
    options.timeoutMs ?? WEBHOOK_ALERT_CHANNEL_DEFAULTS.timeoutMs,
    1,
    120_000,
  );
  const attempts = integerIn("attempts", options.attempts ?? WEBHOOK_ALERT_CHANNEL_DEFAULTS.attempts, 1, 10);
  const baseDelayMs = integerIn(
    "retryBaseDelayMs",
    options.retryBaseDelayMs ?? WEBHOOK_ALERT_CHANNEL_DEFAULTS.retryBaseDelayMs,
    0,
    60_000,
  );
  const maxDelayMs = integerIn(
    "retryMaxDelayMs",
    options.retryMaxDelayMs ?? WEBHOOK_ALERT_CHANNEL_DEFAULTS.retryMaxDelayMs,
    0,
    300_000,
  );
  // The origin only: a Slack or Teams webhook URL carries its token in the path.
  const description = `webhook ${url.origin}`;

  return {
    description,
    async send(alert: Alert, sendOptions = {}) {
      const body = Buffer.from(JSON.stringify(webhookAlertBody(alert)), "utf8");
      const headers = {
        "content-type": "application/json",
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(secret, body),
        "X-Alert-Id": alert.id,
      };
      let lastProblem = "";
      let lastStatus: number | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        let waitMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        try {
          const signals = [
            AbortSignal.timeout(timeoutMs),
            ...(sendOptions.signal ? [sendOptions.signal] : []),
          ];
          const response = await fetch(url, {
            method: "POST",
            headers,
            body,
            signal: AbortSignal.any(signals),
          });
          // The answer's body is not ours to keep (and is not logged); read it so the socket is reused.
          await response.arrayBuffer().catch(() => undefined);
          if (response.ok) return { status: response.status, attempts: attempt };
          lastStatus = response.status;
          lastProblem = `HTTP ${response.status}`;
          if (!isRetryableStatus(response.status)) {
            throw new AlertDeliveryError(`${description} refused the alert with HTTP ${response.status}`, {
              permanent: true,
              attempts: attempt,
              status: response.status,
            });
          }
          const asked = response.status === 429 ? retryAfterMs(response) : undefined;
          if (asked !== undefined) waitMs = Math.min(maxDelayMs, asked);
        } catch (error) {
          if (error instanceof AlertDeliveryError) throw error;
          if (sendOptions.signal?.aborted) throw error;
          lastStatus = undefined;
          lastProblem =
            error instanceof Error && error.name === "TimeoutError"
              ? `no answer within ${timeoutMs} ms`
              : `connection failed (${error instanceof Error ? error.name : "error"})`;
        }
        if (attempt < attempts)
          await sleep(waitMs, undefined, sendOptions.signal ? { signal: sendOptions.signal } : {});
      }
      throw new AlertDeliveryError(
        `${description} did not take the alert after ${attempts} attempt(s): ${lastProblem}`,
        {
          permanent: false,
          attempts,
          ...(lastStatus === undefined ? {} : { status: lastStatus }),
        },
      );
    },
  };
}
