/**
 * The restart trap: an emulator restarted with the same seed and run id hands out the conversation ids of
 * its previous run, whose decision jobs (job id from the conversation id) are still kept as completed. The
 * new conversation's score job is then a "duplicate"; the ingester must say so rather than swallow it.
 */

import { QUEUES } from "@routing/jobs";
import { startTestEmulator } from "@routing/test-utils";
import { Queue, QueueEvents, Worker } from "bullmq";
import { describe, expect } from "vitest";
import { ingesterTest, until } from "./support/ingester-harness.js";

const EMULATOR = { runId: "restart-trap", contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0 } };
const test = ingesterTest(EMULATOR);

describe("ingester: a job id taken by a job that finished before the customer queued", () => {
  test("counts it and logs a warning naming the job; a conversation of this run is decided", async ({
    harness,
  }) => {
    const { emulator, redis } = harness;
    const [queueId = ""] = harness.queueIds();
    // The previous run: the same seed and run id mint the same next conversation id.
    const previousRun = await startTestEmulator(EMULATOR);
    const reusedId = previousRun.control.createConversation({ queueId, mediaType: "chat" });
    await previousRun.close();
    const jobId = `score_${reusedId}_${queueId}_0`;

    // Its decision ran half an hour ago and is kept as completed (BullMQ keeps them an hour).
    const decisions = redis.track(new Queue(QUEUES.decisions, redis.bullmq));
    const events = redis.track(new QueueEvents(QUEUES.decisions, redis.bullmq));
    await events.waitUntilReady();
    const previous = await decisions.add(
      "conversation.score",
      { conversationId: reusedId, queueId, mediaType: "chat", observedAtMs: Date.now() - 1_800_000 },
      { jobId },
    );
    const worker = redis.track(new Worker(QUEUES.decisions, async () => undefined, redis.bullmq));
    await previous.waitUntilFinished(events, 10_000);
    await worker.close();
    await redis.connection.hset(decisions.toKey(jobId), "finishedOn", String(Date.now() - 1_800_000));

    const running = await harness.startIngester();
    expect(emulator.control.createConversation({ queueId, mediaType: "chat" })).toBe(reusedId);
    await until(
      "the taken job id counted",
      async () =>
        (await running.metric("ingester_job_ids_taken_total", { job_name: "conversation.score" })) === 1,
    );
    const warning = running.logs().find((line) => line.jobId === jobId && line.level === 40);
    expect(warning).toMatchObject({ job: "conversation.score", conversationId: reusedId });
    expect(String(warning?.msg)).toContain("EMULATOR_RUN_ID");

    // A conversation of this run: a new job, no taken id.
    emulator.control.createConversation({ queueId, mediaType: "chat" });
    await until("the new score job", async () => (await harness.jobs("conversation.score")).length === 2);
    expect(await running.metric("ingester_job_ids_taken_total")).toBe(1);
  });
});
