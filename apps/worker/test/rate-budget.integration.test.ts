import { QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { createWorkerTest, waitForFinished } from "./support/worker-harness.js";

const EMULATOR_LIMIT = 10;
const EMULATOR_WINDOW_MS = 500;

// Genesys' budget scaled down: 10 requests per 500 ms per token. Conversations wait for our decision.
const test = createWorkerTest({
  rateLimit: { limit: EMULATOR_LIMIT, windowMs: EMULATOR_WINDOW_MS },
  contactCentre: { arrivalsPerMinute: 0, routingDelayMs: 600_000, meanAnswerDelayMs: 600_000 },
});

describe("one Genesys rate budget shared by every worker process", () => {
  test("a backlog worked by two worker apps never earns a 429: no sliding window at Genesys holds more than its limit", async ({
    emulator,
    harness,
  }) => {
    // A budget under the emulator's: fewer grants in a longer window. A grant is not an arrival: two
    // windows' grants bunched by a stalled event loop still fit the emulator's limit.
    const budget = { GENESYS_RATE_LIMIT: "5", GENESYS_RATE_WINDOW_MS: "600" };
    await harness.startWorker(budget);
    await harness.startWorker(budget);
    const queues = emulator.control.snapshot().queues;

    const jobs = await Promise.all(
      queues.flatMap((queue) =>
        Array.from({ length: 8 }, () =>
          harness.add("conversation.score", {
            conversationId: emulator.control.createConversation({ queueId: queue.id, mediaType: "call" }),
            queueId: queue.id,
            mediaType: "call",
            observedAtMs: Date.now(),
          }),
        ),
      ),
    );
    const decisions = harness.queue(QUEUES.decisions);
    const finished = await Promise.all(jobs.map((job) => waitForFinished(decisions, job.id ?? "", 25_000)));

    for (const job of finished) {
      expect(await job.getState()).toBe("completed");
      expect(job.attemptsStarted).toBe(1);
    }
    const requests = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
    // Several windows' worth of requests, so the budget had to hold some back.
    expect(requests.length).toBeGreaterThan(2 * EMULATOR_LIMIT);
    expect(requests.filter((entry) => entry.status === 429)).toEqual([]);
    const busiestWindow = Math.max(
      ...requests.map(
        ({ at }) => requests.filter((other) => other.at >= at && other.at < at + EMULATOR_WINDOW_MS).length,
      ),
    );
    expect(busiestWindow).toBeLessThanOrEqual(EMULATOR_LIMIT);
  });
});
