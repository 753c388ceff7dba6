import { describe, expect, it } from "vitest";
import { createHeaderReader } from "../src/response-headers.js";
import { decideRetry, type RequestFailure, type RetryPolicy } from "../src/retry-policy.js";

const policy: RetryPolicy = {
  maxRetries: 3,
  backoff: { baseDelayMs: 100, maxDelayMs: 1_000 },
  rateLimitMode: "surface",
  rateLimitMaxRetries: 2,
  rateLimitMaxWaitMs: 180_000,
  rateLimitFallbackDelayMs: 3_000,
};
const inProcess: RetryPolicy = { ...policy, rateLimitMode: "retry-in-process" };
const fresh = { transientRetries: 0, rateLimitRetries: 0 };
const half = () => 0.5;
const status = (code: number, headers: Record<string, string> = {}): RequestFailure => ({
  kind: "status",
  status: code,
  header: createHeaderReader(headers),
});
const idempotent = { idempotent: true };
const creating = { idempotent: false };

describe("decideRetry", () => {
  it("retries network errors, timeouts, 408 and 500/502/503/504 on calls safe to repeat", () => {
    for (const failure of [
      { kind: "network" } as const,
      { kind: "timeout" } as const,
      status(408),
      status(500),
      status(502),
      status(503),
      status(504),
    ]) {
      expect(decideRetry(failure, idempotent, fresh, policy, 0, half)).toEqual({
        retry: true,
        reason: "transient",
        delayMs: 50,
      });
    }
  });

  it("never retries a call that is not safe to repeat, except after a 429", () => {
    for (const failure of [{ kind: "network" } as const, status(503), status(500)]) {
      expect(decideRetry(failure, creating, fresh, policy, 0, half)).toEqual({ retry: false });
    }
    expect(decideRetry(status(429, { "retry-after": "2" }), creating, fresh, inProcess, 0, half)).toEqual({
      retry: true,
      reason: "rate-limit",
      delayMs: 2_000,
    });
  });

  it("does not retry client errors, 501 or cancellations", () => {
    for (const failure of [
      status(400),
      status(401),
      status(404),
      status(409),
      status(501),
      { kind: "canceled" } as const,
    ]) {
      expect(decideRetry(failure, idempotent, fresh, policy, 0, half)).toEqual({ retry: false });
    }
  });

  it("bounds transient retries and grows the jitter window per retry", () => {
    const max = () => 0.999_999;
    const delays = [0, 1, 2].map((transientRetries) => {
      const decision = decideRetry(
        status(503),
        idempotent,
        { transientRetries, rateLimitRetries: 0 },
        policy,
        0,
        max,
      );
      return decision.retry ? decision.delayMs : -1;
    });
    expect(delays).toEqual([99, 199, 399]);
    expect(
      decideRetry(status(503), idempotent, { transientRetries: 3, rateLimitRetries: 0 }, policy, 0, max),
    ).toEqual({
      retry: false,
    });
  });

  it("surfaces 429s by default", () => {
    expect(decideRetry(status(429, { "retry-after": "1" }), idempotent, fresh, policy, 0, half)).toEqual({
      retry: false,
    });
  });

  it("in-process mode honours Retry-After up to the cap and a bounded number of 429s", () => {
    expect(decideRetry(status(429, { "retry-after": "180" }), idempotent, fresh, inProcess, 0, half)).toEqual(
      {
        retry: true,
        reason: "rate-limit",
        delayMs: 180_000,
      },
    );
    expect(decideRetry(status(429, { "retry-after": "181" }), idempotent, fresh, inProcess, 0, half)).toEqual(
      {
        retry: false,
      },
    );
    expect(
      decideRetry(status(429), idempotent, { transientRetries: 0, rateLimitRetries: 2 }, inProcess, 0, half),
    ).toEqual({ retry: false });
  });

  it("in-process mode falls back to inin-ratelimit-reset, then a doubling fallback", () => {
    expect(
      decideRetry(status(429, { "inin-ratelimit-reset": "4" }), idempotent, fresh, inProcess, 0, half),
    ).toEqual({
      retry: true,
      reason: "rate-limit",
      delayMs: 4_000,
    });
    const second = { transientRetries: 0, rateLimitRetries: 1 };
    expect(decideRetry(status(429), idempotent, second, inProcess, 0, half)).toEqual({
      retry: true,
      reason: "rate-limit",
      delayMs: 6_000,
    });
  });
});
