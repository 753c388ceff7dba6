import { QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { firstQueue } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, waitFor, waitForFinished } from "./support/worker-harness.js";

const RETRY_AFTER_MS = 4_000;
/** Requests already on the wire when the 429 came back may still arrive just after it. */
const IN_FLIGHT_GRACE_MS = 1_000;
const TIMER_TOLERANCE_MS = 100;

// Conversations wait for our decision and agents do not answer during the test, so every PATCH is valid.
const test = createWorkerTest({
  contactCentre: { arrivalsPerMinute: 0, routingDelayMs: 600_000, meanAnswerDelayMs: 600_000 },
});

describe("a Genesys 429 pauses every worker (two worker apps, one Redis)", () => {
  test("the rate-limited jobs go back without spending an attempt, nobody calls Genesys until Retry-After has passed, and all complete", async ({
    emulator,
    harness,
  }) => {
    const workers = [await harness.startWorker(), await harness.startWorker()];
    const queue = firstQueue(emulator.control.snapshot());
    const conversationIds = Array.from({ length: 6 }, () =>
      emulator.control.createConversation({ queueId: queue.id, mediaType: "call" }),
    );
    emulator.control.injectFaults({
      status: 429,
      times: 2,
      method: "PATCH",
      pathPrefix: "/api/v2/routing/conversations",
      retryAfterSeconds: RETRY_AFTER_MS / 1000,
    });

    const score = (conversationId: string) =>
      harness.add("conversation.score", {
        conversationId,
        queueId: queue.id,
        mediaType: "call",
        observedAtMs: Date.now(),
      });
    const decisions = harness.queue(QUEUES.decisions);
    const jobs = await Promise.all(conversationIds.map(score));
    // Once the pause is on, one more job arrives: adding it wakes every idle worker, so only the queue-wide
    // pause can keep them from taking it before Retry-After has passed.
    await waitFor(
      async () => ((await decisions.getRateLimitTtl(Number.MAX_SAFE_INTEGER)) > 0 ? true : undefined),
      "the queue-wide pause",
    );
    // The shared budget is paused for every process, so calls of jobs already running elsewhere wait too.
    for (const worker of workers) {
      expect(await worker.dependencies.genesys.budget.pausedForMs()).toBeGreaterThan(0);
    }
    const lateJob = await score(
      emulator.control.createConversation({ queueId: queue.id, mediaType: "call" }),
    );
    const finished = await Promise.all(
      [...jobs, lateJob].map((job) => waitForFinished(decisions, job.id ?? "", 25_000)),
    );

    // Not failed, and no attempt spent: each job made one attempt; the 429 only started one more.
    for (const job of finished) {
      expect(await job.getState()).toBe("completed");
      expect(job.attemptsMade).toBe(1);
      expect(job.returnvalue).toMatchObject({
        status: expect.stringMatching(/^(scored|no-eligible-agent)$/),
      });
    }
    // Each 429 put one job back: it started once more than it was attempted.
    const rateLimited = finished.filter((job) => job.attemptsStarted > job.attemptsMade);
    const putBack = finished.reduce((sum, job) => sum + job.attemptsStarted - job.attemptsMade, 0);
    expect(putBack).toBe(2);

    const log = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
    const tooManyRequests = log.filter((entry) => entry.status === 429);
    expect(tooManyRequests).toHaveLength(2);
    // The shared budget was paused: no process sent Genesys anything inside any pause window.
    for (const { at } of tooManyRequests) {
      const during = log.filter(
        (entry) => entry.at > at + IN_FLIGHT_GRACE_MS && entry.at < at + RETRY_AFTER_MS - TIMER_TOLERANCE_MS,
      );
      expect(during).toEqual([]);
    }
    // The queue was paused too: neither worker took a job (a rate-limited one, or the one added during the
    // pause) before Retry-After had passed.
    const firstRateLimitAt = Math.min(...tooManyRequests.map((entry) => entry.at));
    const late = finished.find((job) => job.id === lateJob.id);
    for (const job of [...rateLimited, ...(late === undefined ? [] : [late])]) {
      expect(job.processedOn ?? 0).toBeGreaterThanOrEqual(
        firstRateLimitAt + RETRY_AFTER_MS - TIMER_TOLERANCE_MS,
      );
    }

    const registries = workers.map((worker) => worker.dependencies.registry);
    expect(await sumMetric(registries, "worker_queue_pauses_total")).toBe(2);
    expect(await sumMetric(registries, "worker_jobs_processed_total", { outcome: "rate-limited" })).toBe(2);
    expect(await sumMetric(registries, "worker_jobs_processed_total", { outcome: "completed" })).toBe(7);
    expect(await sumMetric(registries, "worker_jobs_processed_total", { outcome: "failed" })).toBe(0);
    expect(await sumMetric(registries, "worker_jobs_processed_total", { outcome: "unrecoverable" })).toBe(0);
  });
});
