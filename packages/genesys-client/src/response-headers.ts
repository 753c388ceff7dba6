/** The rate-limit headers Genesys sends on API responses. */
export interface RateLimitHeaders {
  /** `inin-ratelimit-count`: requests counted in the current window. */
  readonly count?: number;
  /** `inin-ratelimit-allowed`: requests allowed per window. */
  readonly allowed?: number;
  /** `inin-ratelimit-reset`: seconds until the window resets. */
  readonly resetSeconds?: number;
}

export type HeaderReader = (name: string) => string | undefined;

/** Reads headers case-insensitively from whatever object the HTTP layer produced. */
export function createHeaderReader(headers: unknown): HeaderReader {
  if (headers === null || typeof headers !== "object") return () => undefined;
  const entries = Object.entries(headers);
  return (name) => {
    const wanted = name.toLowerCase();
    for (const [key, value] of entries) {
      if (key.toLowerCase() !== wanted) continue;
      if (typeof value === "string") return value;
      if (typeof value === "number") return String(value);
      if (Array.isArray(value) && typeof value[0] === "string") return value[0];
    }
    return undefined;
  };
}

function parseNonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

export function readRateLimitHeaders(read: HeaderReader): RateLimitHeaders | undefined {
  const count = parseNonNegativeNumber(read("inin-ratelimit-count"));
  const allowed = parseNonNegativeNumber(read("inin-ratelimit-allowed"));
  const resetSeconds = parseNonNegativeNumber(read("inin-ratelimit-reset"));
  if (count === undefined && allowed === undefined && resetSeconds === undefined) return undefined;
  return {
    ...(count === undefined ? {} : { count }),
    ...(allowed === undefined ? {} : { allowed }),
    ...(resetSeconds === undefined ? {} : { resetSeconds }),
  };
}

export function readCorrelationId(read: HeaderReader): string | undefined {
  const value = read("inin-correlation-id");
  return value === undefined || value === "" ? undefined : value;
}

/** `Retry-After` is delta-seconds or an HTTP date (RFC 9110 §10.2.3); returns milliseconds from `nowMs`. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  // Date.parse accepts bare numbers ("-5" is year -5), so numbers never fall through to the date branch.
  if (/^[+-]?\d+(\.\d+)?$/.test(trimmed)) {
    const seconds = parseNonNegativeNumber(trimmed);
    return seconds === undefined ? undefined : Math.round(seconds * 1000);
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * How long to wait after a 429: `Retry-After`, else `inin-ratelimit-reset`, else the computed fallback.
 * Genesys normalised 429s to carry Retry-After in 2021, but older paths only send the reset header.
 */
export function rateLimitWaitMs(read: HeaderReader, nowMs: number, fallbackMs: number): number {
  const retryAfter = parseRetryAfterMs(read("retry-after"), nowMs);
  if (retryAfter !== undefined) return retryAfter;
  const resetSeconds = parseNonNegativeNumber(read("inin-ratelimit-reset"));
  if (resetSeconds !== undefined) return Math.round(resetSeconds * 1000);
  return fallbackMs;
}
