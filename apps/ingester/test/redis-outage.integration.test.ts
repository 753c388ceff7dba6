/**
 * Redis going away under the ingester: its queue connection runs through a relay the test cuts (the
 * client, Redis and BullMQ are all real). Events keep arriving from the emulator meanwhile.
 */
import { describe, expect } from "vitest";
import { ingesterTest, until } from "./support/ingester-harness.js";

const test = ingesterTest({
  contactCentre: { arrivalsPerMinute: 0, routingDelayMs: 3_600_000, meanPatienceMs: 0 },
});

describe("ingester: Redis unavailable", () => {
  test("an event is retried until Redis is back, then enqueued: never dropped", async ({ harness }) => {
    const { emulator } = harness;
    const [queueId = ""] = harness.queueIds();
    const { connection, proxy } = await harness.unreliableRedis();
    const running = await harness.startIngester({ queueConnection: connection });

    proxy.down();
    const conversationId = emulator.control.createConversation({ queueId });
    await until(
      "failed attempts to be retried",
      async () =>
        (await running.metric("ingester_enqueue_retries_total", { job_name: "conversation.score" })) >= 3,
    );
    expect(await running.metric("ingester_enqueues_waiting")).toBe(1);
    expect(await harness.jobs("conversation.score")).toEqual([]);
    expect(running.logs().some((line) => line.msg === "enqueue failed; retrying")).toBe(true);

    proxy.up();
    await until(
      "the job once Redis is back",
      async () => (await harness.jobs("conversation.score")).length === 1,
    );
    const [job] = await harness.jobs("conversation.score");
    expect(job?.data).toMatchObject({ conversationId, queueId });
    await until(
      "the retry to be over",
      async () => (await running.metric("ingester_enqueues_waiting")) === 0,
    );
    // Every failed attempt failed visibly (none was replayed behind the ingester's back): one new job.
    expect(await running.metric("ingester_jobs_enqueued_total", { job_name: "conversation.score" })).toBe(1);
    expect(await running.metric("ingester_job_duplicates_total")).toBe(0);
    expect(await running.metric("ingester_enqueue_failures_total")).toBe(0);
    expect(running.logs().some((line) => line.msg === "job enqueued after retries")).toBe(true);
  });

  test("events still waiting for Redis at shutdown are given up loudly: counted and logged", async ({
    harness,
  }) => {
    const { emulator } = harness;
    const [queueId = ""] = harness.queueIds();
    const { connection, proxy } = await harness.unreliableRedis();
    const running = await harness.startIngester({
      queueConnection: connection,
      tuning: { shutdownDrainTimeoutMs: 300 },
    });

    proxy.down();
    // Both on one queue topic, so one channel: the second waits behind the first (backpressure).
    emulator.control.createConversation({ queueId });
    emulator.control.createConversation({ queueId });
    // The first is being retried; the second was sent right after it, so its frame precedes the close
    // handshake on the wire and is delivered (then given up) while the stream closes.
    await until(
      "the first event to be retried",
      async () => (await running.metric("ingester_enqueue_retries_total")) >= 1,
    );

    await running.close();
    expect(running.ingester.state()).toBe("closed");
    expect(
      await running.metric("ingester_enqueue_failures_total", {
        job_name: "conversation.score",
        source: "notification",
      }),
    ).toBe(2);
    const summary = running.logs().find((line) => line.notEnqueued !== undefined);
    expect(summary).toMatchObject({ level: 50, notEnqueued: 2 });
    expect(summary?.jobIds).toHaveLength(2);
    expect(await harness.jobs("conversation.score")).toEqual([]);
  });
});
