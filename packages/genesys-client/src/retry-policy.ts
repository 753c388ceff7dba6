import { type BackoffPolicy, backoffCeilingMs, fullJitterDelayMs } from "./backoff.js";
import { type HeaderReader, rateLimitWaitMs } from "./response-headers.js";

export type RateLimitMode = "surface" | "retry-in-process";

export interface RetryPolicy {
  /** Retries after network errors, timeouts, 408 and 500/502/503/504 (idempotent calls only). */
  readonly maxRetries: number;
  readonly backoff: BackoffPolicy;
  readonly rateLimitMode: RateLimitMode;
  /** In "retry-in-process" mode: how many 429s one call may absorb. */
  readonly rateLimitMaxRetries: number;
  /** In "retry-in-process" mode: the longest wait honoured; a longer Retry-After surfaces the 429. */
  readonly rateLimitMaxWaitMs: number;
  /** Wait after a 429 that carries neither Retry-After nor inin-ratelimit-reset (doubles per 429). */
  readonly rateLimitFallbackDelayMs: number;
}

export type RequestFailure =
  | { readonly kind: "network" }
  | { readonly kind: "timeout" }
  | { readonly kind: "canceled" }
  | { readonly kind: "status"; readonly status: number; readonly header: HeaderReader };

export interface RetryState {
  readonly transientRetries: number;
  readonly rateLimitRetries: number;
}

export type RetryDecision =
  | { readonly retry: false }
  | { readonly retry: true; readonly reason: "transient" | "rate-limit"; readonly delayMs: number };

const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/** The wait a 429 asks for, with the fallback growing with each 429 the call already absorbed. */
export function rateLimitDelayMs(
  header: HeaderReader,
  state: RetryState,
  policy: RetryPolicy,
  nowMs: number,
): number {
  const fallback = backoffCeilingMs(state.rateLimitRetries, {
    baseDelayMs: policy.rateLimitFallbackDelayMs,
    maxDelayMs: policy.rateLimitMaxWaitMs,
  });
  return rateLimitWaitMs(header, nowMs, fallback);
}

/**
 * Decides whether a failed attempt is repeated. A 429 means the request was not processed, so it may be
 * repeated whatever the method; anything else only when the call is safe to repeat.
 */
export function decideRetry(
  failure: RequestFailure,
  call: { readonly idempotent: boolean },
  state: RetryState,
  policy: RetryPolicy,
  nowMs: number,
  random: () => number,
): RetryDecision {
  if (failure.kind === "canceled") return { retry: false };
  if (failure.kind === "status" && failure.status === 429) {
    if (policy.rateLimitMode !== "retry-in-process") return { retry: false };
    if (state.rateLimitRetries >= policy.rateLimitMaxRetries) return { retry: false };
    const delayMs = rateLimitDelayMs(failure.header, state, policy, nowMs);
    if (delayMs > policy.rateLimitMaxWaitMs) return { retry: false };
    return { retry: true, reason: "rate-limit", delayMs };
  }
  if (!call.idempotent || state.transientRetries >= policy.maxRetries) return { retry: false };
  if (failure.kind === "status" && !TRANSIENT_STATUSES.has(failure.status)) return { retry: false };
  return {
    retry: true,
    reason: "transient",
    delayMs: fullJitterDelayMs(state.transientRetries, policy.backoff, random),
  };
}
