import { describe, expect, it } from "vitest";
import { parseRetryAfterMs } from "../src/index.js";
import { createHeaderReader, rateLimitWaitMs, readRateLimitHeaders } from "../src/response-headers.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

describe("Retry-After", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfterMs("7", NOW)).toBe(7_000);
    expect(parseRetryAfterMs(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfterMs("1.5", NOW)).toBe(1_500);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfterMs("Wed, 01 May 2024 12:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfterMs("Wed, 01 May 2024 11:00:00 GMT", NOW)).toBe(0);
  });

  it("ignores missing or garbage values", () => {
    expect(parseRetryAfterMs(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfterMs("", NOW)).toBeUndefined();
    expect(parseRetryAfterMs("soon", NOW)).toBeUndefined();
    expect(parseRetryAfterMs("-5", NOW)).toBeUndefined();
  });
});

describe("rate-limit headers", () => {
  it("prefers Retry-After, then inin-ratelimit-reset, then the fallback", () => {
    const both = createHeaderReader({ "retry-after": "7", "inin-ratelimit-reset": "42" });
    expect(rateLimitWaitMs(both, NOW, 3_000)).toBe(7_000);
    const resetOnly = createHeaderReader({ "Inin-RateLimit-Reset": "42" });
    expect(rateLimitWaitMs(resetOnly, NOW, 3_000)).toBe(42_000);
    expect(rateLimitWaitMs(createHeaderReader({}), NOW, 3_000)).toBe(3_000);
    const garbage = createHeaderReader({ "retry-after": "later", "inin-ratelimit-reset": "x" });
    expect(rateLimitWaitMs(garbage, NOW, 1_234)).toBe(1_234);
  });

  it("reads count, allowed and reset case-insensitively", () => {
    const read = createHeaderReader({
      "inin-ratelimit-count": "3",
      "ININ-RATELIMIT-ALLOWED": ["300"],
      "inin-ratelimit-reset": 58,
    });
    expect(readRateLimitHeaders(read)).toEqual({ count: 3, allowed: 300, resetSeconds: 58 });
    expect(readRateLimitHeaders(createHeaderReader({ "content-type": "application/json" }))).toBeUndefined();
    expect(readRateLimitHeaders(createHeaderReader(undefined))).toBeUndefined();
  });
});
