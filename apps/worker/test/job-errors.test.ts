import { AlertDeliveryError } from "@routing/alert-channels";
import { InvalidInputError, PolicyConfigError } from "@routing/core";
import {
  GenesysApiError,
  GenesysAuthError,
  GenesysCircuitOpenError,
  GenesysNetworkError,
  GenesysRateLimitError,
  GenesysTokenRejectedError,
  GenesysValidationError,
} from "@routing/genesys-client";
import { HandoffStateContentionError, HandoffStateCorruptError } from "@routing/handoff-sessions";
import { JobPayloadError, parseJob, UnknownJobError } from "@routing/jobs";
import { DelayedError, UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { SkillAdjustmentNotConfiguredError, WaitForOtherJobError } from "../src/errors.js";
import { classifyJobError, resolveJobError, toRetryable, toUnrecoverable } from "../src/job-errors.js";

function apiError(status: number, pathTemplate: string, code = `http.${status}`): GenesysApiError {
  return new GenesysApiError({
    message: `failed with ${status}`,
    status,
    code,
    method: "PATCH",
    pathTemplate,
  });
}

function payloadError(): JobPayloadError {
  try {
    parseJob("handoff.turn", { conversationId: "nope" });
  } catch (error) {
    if (error instanceof JobPayloadError) return error;
  }
  throw new Error("expected a JobPayloadError");
}

const CONVERSATION_PATH = "/api/v2/routing/conversations/{conversationId}";

describe("classifyJobError: the one mapping from a failure to a queue action", () => {
  it("a 429 pauses the queue for Retry-After, never for 0 ms", () => {
    const limited = (retryAfterMs: number) =>
      new GenesysRateLimitError({
        message: "Rate limit exceeded",
        status: 429,
        code: "too.many.requests.retry.after",
        method: "GET",
        pathTemplate: "/api/v2/routing/queues/{queueId}/members",
        retryAfterMs,
      });
    expect(classifyJobError(limited(2_500))).toEqual({ kind: "pause-queue", retryAfterMs: 2_500 });
    expect(classifyJobError(limited(0))).toEqual({ kind: "pause-queue", retryAfterMs: 1 });
  });

  it("a 404 on a conversation completes the job as conversation-gone", () => {
    expect(classifyJobError(apiError(404, CONVERSATION_PATH, "not.found"))).toEqual({
      kind: "complete",
      outcome: { status: "conversation-gone", call: `PATCH ${CONVERSATION_PATH}`, code: "not.found" },
    });
  });

  it("a write refused because the conversation left the queue completes the job as too-late", () => {
    expect(classifyJobError(apiError(400, CONVERSATION_PATH, "invalid.status"))).toEqual({
      kind: "complete",
      outcome: { status: "too-late", call: `PATCH ${CONVERSATION_PATH}`, code: "invalid.status" },
    });
    const replace = new GenesysApiError({
      message: "not connected",
      status: 400,
      code: "conversations.error.transfer.not.connected",
      method: "POST",
      pathTemplate: "/api/v2/conversations/{conversationId}/participants/{participantId}/replace/queue",
    });
    expect(classifyJobError(replace)).toMatchObject({ kind: "complete", outcome: { status: "too-late" } });
    // The same code on another call, or another 400 on this one, is not "too late".
    expect(
      classifyJobError(apiError(400, "/api/v2/users/{userId}/routingskills/bulk", "invalid.status")),
    ).toEqual({
      kind: "fail-permanently",
    });
  });

  it.each([
    ["a 404 on anything but a conversation", apiError(404, "/api/v2/routing/queues/{queueId}/members")],
    ["a 400", apiError(400, CONVERSATION_PATH, "bad.request")],
    ["a 403", apiError(403, CONVERSATION_PATH)],
    [
      "rejected client credentials (the login host's 401)",
      new GenesysAuthError({
        message: "authentication failed",
        status: 401,
        code: "invalid_client",
        method: "POST",
        pathTemplate: "/oauth/token",
      }),
    ],
    ["a request the client refused to send", new GenesysValidationError("requestScoredAgents", "too long")],
    ["bad job data", payloadError()],
    ["an unknown job", new UnknownJobError("conversation.teleport")],
    ["a broken policy configuration", new PolicyConfigError("topN", "must be positive")],
    ["malformed data from Genesys", new InvalidInputError("agents[a].routingStatus.startTime", "not a time")],
    ["a queue without adjustment targets", new SkillAdjustmentNotConfiguredError("no skill")],
    ["an error already marked unrecoverable", new UnrecoverableError("no")],
    ["a handoff state this release did not write", new HandoffStateCorruptError("unreadable")],
  ])("%s fails the job for good", (_label, error) => {
    expect(classifyJobError(error)).toEqual({ kind: "fail-permanently" });
  });

  it.each([
    ["a 409 conflict (re-read and try again)", apiError(409, "/api/v2/users/{userId}/routingskills/bulk")],
    ["a 503", apiError(503, CONVERSATION_PATH)],
    ["a 408", apiError(408, CONVERSATION_PATH)],
    [
      "no response at all",
      new GenesysNetworkError({
        message: "reset",
        status: 0,
        code: "ECONNRESET",
        method: "GET",
        pathTemplate: "/api/v2/routing/queues/{queueId}/members",
      }),
    ],
    [
      "a 401 that outlasted the client's token replays (a new token can still be had)",
      new GenesysTokenRejectedError({
        message: "Invalid login credentials.",
        status: 401,
        code: "bad.credentials",
        method: "PATCH",
        pathTemplate: CONVERSATION_PATH,
      }),
    ],
    ["concurrent writers on a handoff state", new HandoffStateContentionError("c-1")],
    [
      "an alert receiver that kept failing",
      new AlertDeliveryError("webhook down", { permanent: false, attempts: 3, status: 503 }),
    ],
    ["anything unexpected", new Error("Redis went away")],
  ])("%s is retried with the catalog's backoff", (_label, error) => {
    expect(classifyJobError(error)).toEqual({ kind: "retry" });
  });
});

describe("classifyJobError: Genesys resilience errors", () => {
  const circuitOpen = (retryAfterMs: number) =>
    new GenesysCircuitOpenError({
      method: "PATCH",
      pathTemplate: CONVERSATION_PATH,
      retryAfterMs,
      consecutiveFailures: 5,
    });
  const rateLimited = new GenesysRateLimitError({
    message: "Rate limit exceeded",
    status: 429,
    code: "too.many.requests.retry.after",
    method: "GET",
    pathTemplate: "/api/v2/routing/queues/{queueId}/members",
    retryAfterMs: 4_000,
  });
  const tokenRejected = new GenesysTokenRejectedError({
    message: "Invalid login credentials.",
    status: 401,
    code: "bad.credentials",
    method: "PATCH",
    pathTemplate: CONVERSATION_PATH,
  });

  // Every error the client's resilience produces, and what the queue does with it: none of them may fail a
  // job for good, since each says "not now", not "never".
  it.each([
    ["an open circuit: waits out the cool-down", circuitOpen(12_345.2), { kind: "delay", delayMs: 12_346 }],
    ["an open circuit about to close: never a 0 ms delay", circuitOpen(0), { kind: "delay", delayMs: 1 }],
    ["a 429: the queue pauses", rateLimited, { kind: "pause-queue", retryAfterMs: 4_000 }],
    [
      "another job doing the work: waits, attempt not spent",
      new WaitForOtherJobError("queue being read by a decision", 1_000),
      { kind: "delay", delayMs: 1_000 },
    ],
    ["401s that outlasted the token replays: retried", tokenRejected, { kind: "retry" }],
    [
      "a plain 401 on an API call (not one the client gave up curing): permanent",
      apiError(401, CONVERSATION_PATH, "bad.credentials"),
      { kind: "fail-permanently" },
    ],
  ])("%s", (_label, error, action) => {
    expect(classifyJobError(error)).toEqual(action);
  });

  it("resolves an open circuit as a delayed job: the job is moved, nothing is paused, BullMQ is told", async () => {
    const calls: string[] = [];
    const resolution = await resolveJobError(
      circuitOpen(2_000),
      {
        budget: { pauseFor: async (ms) => void calls.push(`budget.pauseFor ${ms}`) },
        queue: { rateLimit: async (ms) => void calls.push(`queue.rateLimit ${ms}`) },
      },
      { delay: async (ms) => void calls.push(`job.delay ${ms}`) },
    );
    expect(calls).toEqual(["job.delay 2000"]);
    expect(resolution.result).toBe("delayed");
    expect(resolution).toMatchObject({ error: expect.any(DelayedError) });
  });
});

describe("toUnrecoverable", () => {
  it("keeps the original error as the cause and says what failed, without request data", () => {
    const original = apiError(400, CONVERSATION_PATH, "bad.request");
    const unrecoverable = toUnrecoverable(original);
    expect(unrecoverable).toBeInstanceOf(UnrecoverableError);
    expect(unrecoverable.cause).toBe(original);
    expect(unrecoverable.message).toBe(
      `GenesysApiError 400 bad.request on PATCH ${CONVERSATION_PATH}: failed with 400`,
    );
  });

  it("names the bad field of a payload", () => {
    expect(toUnrecoverable(payloadError()).message).toContain('field "conversationId"');
  });
});

describe("toRetryable", () => {
  it("says what describeError says, correlation id included, keeping the original's stack and cause", () => {
    const original = new GenesysApiError({
      message: "Service Unavailable",
      status: 503,
      code: "service.unavailable",
      method: "GET",
      pathTemplate: "/api/v2/routing/queues/{queueId}",
      correlationId: "c0ffee00-0000-4000-8000-000000000001",
    });
    const retryable = toRetryable(original);
    const expected =
      "GenesysApiError 503 service.unavailable on GET /api/v2/routing/queues/{queueId} (correlationId c0ffee00-0000-4000-8000-000000000001): Service Unavailable";
    expect(retryable.message).toBe(expected);
    expect(retryable.cause).toBe(original);
    expect(retryable.stack?.split("\n")[0]).toBe(`GenesysApiError: ${expected}`);
    expect(retryable.stack?.split("\n").slice(1)).toEqual(original.stack?.split("\n").slice(1));
  });

  it("names any error's kind, and leaves alone an error that already says it all", () => {
    const once = toRetryable(new TypeError("boom"));
    expect(once.message).toBe("TypeError: boom");
    expect(once.name).toBe("TypeError");
    expect(toRetryable(once).message).toBe("TypeError: boom");
  });
});
