import { type BackoffPolicy, fullJitterDelayMs } from "../backoff.js";
import { GenesysRateLimitError } from "../errors.js";

/**
 * Full-jitter backoff for attempt n (0-based), but never shorter than a 429's Retry-After: retrying a
 * throttled channel creation earlier only earns another 429.
 */
export function reconnectDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
  lastError?: unknown,
): number {
  const jittered = fullJitterDelayMs(attempt, policy, random);
  const throttled = lastError instanceof GenesysRateLimitError ? lastError.retryAfterMs : 0;
  return Math.max(jittered, throttled);
}

/** Resolves after `ms`, or at once when the signal aborts (closing must not wait out a 30 s backoff). */
export function waitMs(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
