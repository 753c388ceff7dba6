import { randomUUID } from "node:crypto";
import { JOB_CATALOG, prepareJob, QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { firstQueue } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, waitForFinished } from "./support/worker-harness.js";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const test = createWorkerTest({
  contactCentre: { arrivalsPerMinute: 0, routingDelayMs: 600_000, meanAnswerDelayMs: 600_000 },
});

describe("what a failing job costs", () => {
  test("a permanent Genesys error (400) fails the job once, for good, and keeps it for replay", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    emulator.control.injectFaults({
      status: 400,
      times: 5,
      method: "PATCH",
      pathPrefix: "/api/v2/routing/conversations",
      code: "bad.request",
    });
    const started = await harness.startWorker();

    const job = await harness.add("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: Date.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(await finished.getState()).toBe("failed");
    expect(finished.opts.attempts).toBe(JOB_CATALOG["conversation.score"].attempts);
    expect(finished.attemptsMade).toBe(1);
    // What an engineer acts on: status, code, the call and the correlation id Genesys support asks for,
    // in failedReason and in the job's log (both shown by Bull Board).
    const call = "400 bad.request on PATCH /api/v2/routing/conversations/{conversationId}";
    expect(finished.failedReason).toMatch(new RegExp(`${escapeRegExp(call)} \\(correlationId ${UUID}\\)`));
    const { logs } = await harness.queue(QUEUES.decisions).getJobLogs(finished.id ?? "");
    expect(logs).toEqual([expect.stringMatching(/^attempt 1\/5 failed, failed for good/)]);
    expect(logs[0]).toContain(finished.failedReason);
    expect(emulator.control.writeLog().filter((entry) => entry.method === "PATCH")).toHaveLength(1);
    const registry = started.dependencies.registry;
    expect(await sumMetric([registry], "worker_jobs_processed_total", { outcome: "unrecoverable" })).toBe(1);
  });

  test("a 404 that is not a gone conversation (an unknown queue) is permanent too", async ({
    emulator,
    harness,
  }) => {
    await harness.startWorker();
    const job = await harness.add("conversation.score", {
      conversationId: emulator.control.createConversation({
        queueId: firstQueue(emulator.control.snapshot()).id,
      }),
      queueId: randomUUID(),
      mediaType: "call",
      observedAtMs: Date.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(await finished.getState()).toBe("failed");
    expect(finished.attemptsMade).toBe(1);
    expect(finished.failedReason).toContain("404");
    // The first call for an unknown queue is now its configuration (GET /api/v2/routing/queues/{queueId}).
    expect(finished.failedReason).toContain("/api/v2/routing/queues/{queueId}");
  });

  test("bad job data fails once, naming the field; an unknown job name fails once", async ({ harness }) => {
    await harness.startWorker();
    const decisions = harness.queue(QUEUES.decisions);
    // Written by hand, as an old release or a manual replay might: the catalog would refuse both.
    const badData = await decisions.add(
      "conversation.score",
      { conversationId: "not-a-uuid", queueId: randomUUID(), mediaType: "call", observedAtMs: 1 },
      { attempts: 5 },
    );
    const unknown = await decisions.add(
      "conversation.teleport",
      { conversationId: randomUUID() },
      { attempts: 5 },
    );

    const failedData = await waitForFinished(decisions, badData.id ?? "");
    expect(await failedData.getState()).toBe("failed");
    expect(failedData.attemptsMade).toBe(1);
    expect(failedData.failedReason).toContain('field "conversationId"');
    const failedName = await waitForFinished(decisions, unknown.id ?? "");
    expect(await failedName.getState()).toBe("failed");
    expect(failedName.attemptsMade).toBe(1);
    expect(failedName.failedReason).toContain('unknown job "conversation.teleport"');
  });

  test("a transient failure (503 after the client's own retries) is retried with the catalog's backoff", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    // The client retries a GET once itself (maxRetries 1: the queue's backoff does the rest); the second 503
    // fails the first job attempt.
    emulator.control.injectFaults({
      status: 503,
      times: 2,
      method: "GET",
      pathPrefix: "/api/v2/routing/queues",
    });
    const started = await harness.startWorker();

    const job = await harness.add("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: Date.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "", 20_000);

    expect(await finished.getState()).toBe("completed");
    expect(finished.attemptsMade).toBe(2);
    expect(finished.returnvalue).toMatchObject({ status: "scored" });
    const registry = started.dependencies.registry;
    expect(await sumMetric([registry], "worker_jobs_processed_total", { outcome: "failed" })).toBe(1);
    // Succeeded on retry: nothing left that Bull Board reads as a failure (failedReason, stacktrace)...
    const stored = await harness.queue(QUEUES.decisions).getJob(job.id ?? "");
    expect(stored?.failedReason).toBeUndefined();
    expect(stored?.stacktrace).toEqual([]);
    // ... and the failed attempt is in the job's log, with what to act on.
    const { logs } = await harness.queue(QUEUES.decisions).getJobLogs(job.id ?? "");
    expect(logs).toEqual([
      expect.stringMatching(
        new RegExp(
          `^attempt 1/5 failed, retried with the catalog's backoff: GenesysApiError 503 \\S+ on GET /api/v2/routing/queues/\\{queueId\\} \\(correlationId ${UUID}\\)`,
        ),
      ),
      "attempt 2/5 succeeded (the failed attempts are above)",
    ]);
  });

  test("a job out of attempts keeps the last Genesys error, with its call and correlation id, as failedReason", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    emulator.control.injectFaults({
      status: 503,
      times: 4,
      method: "GET",
      pathPrefix: "/api/v2/routing/queues",
    });
    await harness.startWorker();
    const prepared = prepareJob("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: Date.now(),
    });
    const decisions = harness.queue(QUEUES.decisions);
    const job = await decisions.add(prepared.name, prepared.data, { ...prepared.opts, attempts: 2 });
    const finished = await waitForFinished(decisions, job.id ?? "", 20_000);

    expect(await finished.getState()).toBe("failed");
    expect(finished.attemptsMade).toBe(2);
    const call = new RegExp(
      `503 \\S+ on GET /api/v2/routing/queues/\\{queueId\\} \\(correlationId ${UUID}\\)`,
    );
    expect(finished.failedReason).toMatch(call);
    const { logs } = await decisions.getJobLogs(job.id ?? "");
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^attempt 1\/2 failed, retried with the catalog's backoff: /);
    expect(logs[1]).toMatch(/^attempt 2\/2 failed, failed for good \(no attempt left\): /);
    for (const line of logs) expect(line).toMatch(call);
  });

  test("a recovery whose detail query Genesys refuses (403) fails once, for good, kept and counted", async ({
    emulator,
    harness,
  }) => {
    emulator.control.injectFaults({
      status: 403,
      times: 5,
      method: "POST",
      pathPrefix: "/api/v2/analytics/conversations/details/query",
      code: "missing.permissions",
    });
    const started = await harness.startWorker();
    const job = await harness.add("notifications.recover", {
      topics: [`v2.routing.queues.${firstQueue(emulator.control.snapshot()).id}.conversations`],
      fromMs: Date.now() - 30_000,
      toMs: Date.now(),
      reason: "socket-dropped",
    });
    const maintenance = harness.queue(QUEUES.maintenance);
    const finished = await waitForFinished(maintenance, job.id ?? "");

    expect(await finished.getState()).toBe("failed");
    expect(finished.attemptsMade).toBe(1);
    expect(finished.failedReason).toContain("403");
    expect(finished.failedReason).toContain("/api/v2/analytics/conversations/details/query");
    expect(await maintenance.getFailedCount()).toBe(1);
    expect(
      await sumMetric([started.dependencies.registry], "worker_notification_recoveries_total", {
        result: "failed",
      }),
    ).toBe(1);
  });
});
