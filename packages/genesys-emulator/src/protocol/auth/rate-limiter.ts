/**
 * Per-token budget like Genesys' client-credentials limit: a fixed window that opens at the token's first
 * request in it (the inin-ratelimit-* headers Genesys sends fit that shape).
 */
export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window closes (at least 1), for Retry-After and inin-ratelimit-reset. */
  resetSeconds: number;
  headers: Record<string, string>;
}

export interface RateLimiter {
  /** Counts one request for the token at the given time. */
  take(tokenId: string, now: number): RateDecision;
  forget(tokenId: string): void;
}

interface Window {
  startedAt: number;
  count: number;
}

export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
  const windows = new Map<string, Window>();
  return {
    take(tokenId, now) {
      let window = windows.get(tokenId);
      if (window === undefined || now >= window.startedAt + settings.windowMs) {
        window = { startedAt: now, count: 0 };
        windows.set(tokenId, window);
      }
      window.count += 1;
      const resetSeconds = Math.max(1, Math.ceil((window.startedAt + settings.windowMs - now) / 1000));
      return {
        allowed: window.count <= settings.limit,
        resetSeconds,
        headers: {
          "inin-ratelimit-count": String(window.count),
          "inin-ratelimit-allowed": String(settings.limit),
          "inin-ratelimit-reset": String(resetSeconds),
        },
      };
    },
    forget(tokenId) {
      windows.delete(tokenId);
    },
  };
}
