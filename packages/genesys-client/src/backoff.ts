export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  readonly baseDelayMs: number;
  /** No delay ever exceeds this. */
  readonly maxDelayMs: number;
}

/** `min(cap, base * 2^attempt)` where attempt 0 is the first retry. */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
}

/**
 * "Full jitter": a uniform delay in [0, ceiling]. Spreading retries over the whole range keeps many
 * clients that failed together from retrying together.
 */
export function fullJitterDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}
