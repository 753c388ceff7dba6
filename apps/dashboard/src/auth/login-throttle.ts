import type { Redis } from "ioredis";

export interface LoginThrottleSettings {
  /** DASHBOARD_LOGIN_MAX_FAILURES: failed logins one address may make within the window. */
  readonly maxFailures: number;
  /** DASHBOARD_LOGIN_WINDOW_SECONDS: the window, counted from an address's first failure. */
  readonly windowSeconds: number;
}

export interface LoginThrottle {
  /** Seconds until `address` may try again; undefined when it may try now. */
  blockedFor(address: string): Promise<number | undefined>;
  recordFailure(address: string): Promise<void>;
  /** A successful login clears the address's count. */
  reset(address: string): Promise<void>;
}

// INCR and set the window on the first failure only: later failures do not extend it, so a locked-out
// operator knows when the window ends (Retry-After).
const RECORD_SCRIPT = `
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
return count`;

/**
 * Failed logins counted per caller address in Redis, so every dashboard instance enforces the same limit
 * and a restart does not reset it. Past the limit, logins from that address are refused (429) until the
 * window ends, whether the password is right or not: guessing gets no answer to learn from.
 */
export function createLoginThrottle(
  redis: Redis,
  prefix: string,
  settings: LoginThrottleSettings,
): LoginThrottle {
  const key = (address: string) => `${prefix}:dashboard:login-failures:${address}`;
  return {
    async blockedFor(address) {
      // One round trip: Basic-authenticated API calls ask on every request.
      const replies = (await redis.multi().get(key(address)).ttl(key(address)).exec()) ?? [];
      const [[countError, count] = [null, null], [ttlError, ttl] = [null, -2]] = replies;
      if (countError !== null) throw countError;
      if (ttlError !== null) throw ttlError;
      if (count === null || Number(count) < settings.maxFailures) return undefined;
      return Math.max(1, Number(ttl));
    },
    async recordFailure(address) {
      await redis.eval(RECORD_SCRIPT, 1, key(address), settings.windowSeconds);
    },
    async reset(address) {
      await redis.del(key(address));
    },
  };
}
