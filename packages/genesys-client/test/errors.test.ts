import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { toGenesysError } from "../src/error-mapping.js";
import { HttpFailure } from "../src/http-executor.js";
import {
  GenesysApiError,
  GenesysAuthError,
  GenesysNetworkError,
  GenesysRateLimitError,
  GenesysValidationError,
  isPermanentGenesysError,
} from "../src/index.js";
import { createRedactor } from "../src/redaction.js";
import { createHeaderReader } from "../src/response-headers.js";
import type { RetryPolicy } from "../src/retry-policy.js";

const SECRET = "s3cr3t-client-secret";
const TOKEN = "eyJhbGciOi.access-token.value";
const policy: RetryPolicy = {
  maxRetries: 3,
  backoff: { baseDelayMs: 100, maxDelayMs: 1_000 },
  rateLimitMode: "surface",
  rateLimitMaxRetries: 2,
  rateLimitMaxWaitMs: 180_000,
  rateLimitFallbackDelayMs: 3_000,
};
const redactor = createRedactor([SECRET]);
redactor.remember(TOKEN);
const context = {
  method: "GET",
  pathTemplate: "/api/v2/users/{userId}/routingskills",
  redactor,
  retryPolicy: policy,
  now: () => Date.parse("2024-05-01T12:00:00Z"),
};
const noRetries = { transientRetries: 0, rateLimitRetries: 0 };

function statusFailure(status: number, body: unknown, headers: Record<string, string> = {}): HttpFailure {
  return new HttpFailure({ kind: "status", status, header: createHeaderReader(headers) }, body, noRetries);
}

describe("toGenesysError", () => {
  it("builds a GenesysApiError from the ErrorBody and headers", () => {
    const error = toGenesysError(
      statusFailure(
        404,
        {
          message: "User not found",
          code: "not.found",
          status: 404,
          contextId: "ctx-1",
          details: [{ errorCode: "user.missing", entityId: "u-1", ignored: true }],
        },
        { "inin-correlation-id": "corr-1" },
      ),
      context,
    );
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).not.toBeInstanceOf(GenesysRateLimitError);
    expect(error).toMatchObject({
      name: "GenesysApiError",
      message: "User not found",
      status: 404,
      code: "not.found",
      correlationId: "corr-1",
      contextId: "ctx-1",
      method: "GET",
      pathTemplate: "/api/v2/users/{userId}/routingskills",
      retryable: false,
      details: [{ errorCode: "user.missing", entityId: "u-1" }],
    });
  });

  it("falls back to the status when the body is not an ErrorBody", () => {
    const error = toGenesysError(statusFailure(503, "<html>Service Unavailable</html>"), context);
    expect(error).toMatchObject({ status: 503, code: "http.503", retryable: true });
    expect(error.message).toBe("GET /api/v2/users/{userId}/routingskills failed with HTTP 503");
  });

  it("turns a 429 into a GenesysRateLimitError whose wait comes from Retry-After, reset, or the fallback", () => {
    const withRetryAfter = toGenesysError(
      statusFailure(
        429,
        { code: "too.many.requests.retry.after", message: "Rate limit exceeded" },
        {
          "retry-after": "7",
          "inin-ratelimit-reset": "40",
          "inin-ratelimit-allowed": "300",
          "inin-ratelimit-count": "301",
        },
      ),
      context,
    );
    expect(withRetryAfter).toBeInstanceOf(GenesysRateLimitError);
    expect(withRetryAfter).toMatchObject({
      retryAfterMs: 7_000,
      limit: 300,
      count: 301,
      retryable: true,
      status: 429,
    });
    expect(toGenesysError(statusFailure(429, {}, { "inin-ratelimit-reset": "12" }), context)).toMatchObject({
      retryAfterMs: 12_000,
    });
    const bare = toGenesysError(statusFailure(429, {}), context);
    expect(bare).toMatchObject({ retryAfterMs: 3_000, limit: undefined, count: undefined });
  });

  it("makes token failures GenesysAuthErrors, reading OAuth's error fields", () => {
    const error = toGenesysError(
      statusFailure(401, { error: "invalid_client", description: "client not found" }),
      { ...context, method: "POST", pathTemplate: "/oauth/token" },
      true,
    );
    expect(error).toBeInstanceOf(GenesysAuthError);
    expect(error).toMatchObject({ status: 401, code: "invalid_client", message: "client not found" });
  });

  it("makes a missing response a GenesysNetworkError with a sanitised cause", () => {
    const failure = new HttpFailure({ kind: "network" }, undefined, noRetries, {
      code: "ECONNREFUSED",
      message: `connect ECONNREFUSED while sending Bearer ${TOKEN}`,
    });
    const error = toGenesysError(failure, context);
    expect(error).toBeInstanceOf(GenesysNetworkError);
    expect(error).toMatchObject({ status: 0, code: "ECONNREFUSED", retryable: true });
    expect(error.cause).toBeInstanceOf(Error);
    expect(String(error.cause)).not.toContain(TOKEN);
    const timeout = toGenesysError(new HttpFailure({ kind: "timeout" }, undefined, noRetries), context);
    expect(timeout).toMatchObject({ code: "request.timeout", status: 0 });
  });

  it("scrubs secrets and tokens echoed by a server from every output", () => {
    const error = toGenesysError(
      statusFailure(400, {
        message: `bad header Authorization: Basic ${Buffer.from(`id:${SECRET}`).toString("base64")} and ${SECRET} and ${TOKEN}`,
        code: `weird.${SECRET}`,
      }),
      context,
    );
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), error.code]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(Buffer.from(`id:${SECRET}`).toString("base64"));
    }
    expect(error.message).toContain("[REDACTED]");
  });
});

describe("GenesysApiError serialisation", () => {
  it("toJSON carries the fields, including the rate-limit ones", () => {
    const error = new GenesysRateLimitError({
      message: "slow down",
      status: 429,
      code: "too.many.requests",
      method: "POST",
      pathTemplate: "/api/v2/routing/conversations/{conversationId}",
      correlationId: "c",
      retryAfterMs: 5_000,
      limit: 300,
      count: 300,
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "GenesysRateLimitError",
      message: "slow down",
      status: 429,
      code: "too.many.requests",
      method: "POST",
      pathTemplate: "/api/v2/routing/conversations/{conversationId}",
      correlationId: "c",
      retryable: true,
      details: [],
      retryAfterMs: 5_000,
      limit: 300,
      count: 300,
    });
  });
});

describe("isPermanentGenesysError", () => {
  const make = (status: number) =>
    new GenesysApiError({ message: "m", status, code: "c", method: "GET", pathTemplate: "/p" });

  it("is true for 4xx other than 408/409/429, and for validation errors", () => {
    for (const status of [400, 401, 403, 404, 410, 422])
      expect(isPermanentGenesysError(make(status))).toBe(true);
    expect(isPermanentGenesysError(new GenesysValidationError("userId", "must be a non-empty string"))).toBe(
      true,
    );
  });

  it("is false for 408, 409, 429, 5xx, network errors and foreign errors", () => {
    for (const status of [408, 409, 429, 500, 503]) expect(isPermanentGenesysError(make(status))).toBe(false);
    const network = new GenesysNetworkError({
      message: "m",
      status: 0,
      code: "ECONNRESET",
      method: "GET",
      pathTemplate: "/p",
    });
    expect(isPermanentGenesysError(network)).toBe(false);
    expect(isPermanentGenesysError(new Error("boom"))).toBe(false);
    expect(isPermanentGenesysError("404")).toBe(false);
  });
});
