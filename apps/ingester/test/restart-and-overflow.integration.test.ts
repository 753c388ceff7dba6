/**
 * What a running process cannot see for itself: the window in which no ingester ran (recovered at the next
 * start from the deployment's watermark in Redis), and Redis away longer than the buffer lasts (bounded,
 * counted, recovered once Redis is back). Real Redis (through a relay the test can cut), real BullMQ, a
 * private emulator with a quiet contact centre.
 */
import { describe, expect } from "vitest";
import { ingesterTest, until } from "./support/ingester-harness.js";

const test = ingesterTest({
  contactCentre: { arrivalsPerMinute: 0, routingDelayMs: 3_600_000, meanPatienceMs: 0 },
});

/** Fast watermark ticks: the test waits for them. */
const FAST_WATERMARK = { watermarkIntervalMs: 50 };

describe("ingester: restarts and a full buffer", () => {
  test("a conversation that arrived while no ingester ran is recovered when one starts", async ({
    harness,
  }) => {
    const { emulator } = harness;
    const [queueId = ""] = harness.queueIds();
    const first = await harness.startIngester({ tuning: FAST_WATERMARK });
    const seen = emulator.control.createConversation({ queueId });
    await until("the first conversation's job", async () =>
      (await harness.jobs("conversation.score")).some((job) => job.data.conversationId === seen),
    );
    // The watermark has passed the first conversation: it is safely in Redis.
    const seenAt = Date.now();
    await until("the watermark to pass the first job", async () => {
      const marks = await harness.redis.connection.hvals(`${harness.redis.prefix}:ingester:delivered-until`);
      return marks.length > 0 && marks.every((mark) => Number(mark) >= seenAt);
    });
    await first.close();
    const stoppedAt = Date.now();

    // The only ingester is gone: this conversation's event goes nowhere.
    const unseen = emulator.control.createConversation({ queueId });
    const restartedAt = Date.now();
    const second = await harness.startIngester({ tuning: FAST_WATERMARK });

    await until("a recovery of the unwatched window", async () =>
      (await harness.jobs("notifications.recover")).some((job) => job.data.reason === "ingester-start"),
    );
    const [recover] = (await harness.jobs("notifications.recover")).filter(
      (job) => job.data.reason === "ingester-start",
    );
    expect([...(recover?.data.topics ?? [])].sort()).toEqual([...second.ingester.topics()].sort());
    // The window starts before the first ingester stopped and ends after the second one opened.
    expect(recover?.data.fromMs).toBeLessThanOrEqual(stoppedAt);
    expect(recover?.data.toMs).toBeGreaterThanOrEqual(restartedAt);
    expect(await second.metric("ingester_jobs_enqueued_total", { source: "start" })).toBe(1);
    // The unseen conversation has no job from the stream: the recovery (run by a worker) is what brings it.
    expect((await harness.jobs("conversation.score")).map((job) => job.data.conversationId)).not.toContain(
      unseen,
    );
  });

  test("a first start with no watermark recovers nothing", async ({ harness }) => {
    const running = await harness.startIngester({ tuning: FAST_WATERMARK });
    await until(
      "the watermark to be written",
      async () =>
        (await harness.redis.connection.exists(`${harness.redis.prefix}:ingester:delivered-until`)) === 1,
    );
    expect(await harness.jobs("notifications.recover")).toEqual([]);
    expect(running.logs().some((line) => line.msg?.toString().startsWith("no delivery watermark yet"))).toBe(
      true,
    );
  });

  test("Redis away with events arriving: memory bounded, overflow counted and recovered, /healthz 503", async ({
    harness,
  }) => {
    const { emulator } = harness;
    const queueIds = harness.queueIds();
    const { connection, proxy } = await harness.unreliableRedis();
    const running = await harness.startIngester({
      queueConnection: connection,
      tuning: { ...FAST_WATERMARK, bufferMaxJobs: 5, bufferMaxBytes: 1024 * 1024 },
    });
    expect((await fetch(running.url("/healthz"))).status).toBe(200);

    proxy.down();
    const created = Array.from({ length: 20 }, (_, index) =>
      emulator.control.createConversation({ queueId: queueIds[index % queueIds.length] ?? "" }),
    );
    await until(
      "every event to be received",
      async () => (await running.metric("ingester_notification_events_total")) >= created.length,
    );
    const health = await fetch(running.url("/healthz"));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: "unavailable",
      checks: { "notification-stream": { status: "ok", state: "open" }, redis: { status: "failing" } },
    });
    // Five held, fifteen dropped and counted; the buffer never grew past its bound.
    expect(await running.metric("ingester_buffered_jobs")).toBe(5);
    expect(await running.metric("ingester_buffer_overflows_total", { job_name: "conversation.score" })).toBe(
      15,
    );
    const overflowLogs = running.logs().filter((line) => String(line.msg).startsWith("enqueue buffer full"));
    expect(overflowLogs).toHaveLength(1);

    proxy.up();
    await until("the held jobs and the recovery to reach Redis", async () => {
      const recoveries = await harness.jobs("notifications.recover");
      return (
        (await harness.jobs("conversation.score")).length === 5 &&
        recoveries.some((job) => job.data.reason === "buffer-overflow")
      );
    });
    const [recover] = await harness.jobs("notifications.recover");
    expect(recover?.data.reason).toBe("buffer-overflow");
    expect([...(recover?.data.topics ?? [])].sort()).toEqual(
      [...new Set(queueIds.map((id) => `v2.routing.queues.${id}.conversations`))].sort(),
    );
    expect(await running.metric("ingester_jobs_enqueued_total", { source: "overflow" })).toBe(1);
    await until("the buffer to be empty", async () => (await running.metric("ingester_buffered_jobs")) === 0);
    expect((await fetch(running.url("/healthz"))).status).toBe(200);
  });

  test("two ingesters receiving the same events count each new job once between them", async ({
    harness,
  }) => {
    const { emulator } = harness;
    const queueIds = harness.queueIds();
    const ingesters = [await harness.startIngester(), await harness.startIngester()];
    const created = Array.from({ length: 12 }, (_, index) =>
      emulator.control.createConversation({ queueId: queueIds[index % queueIds.length] ?? "" }),
    );
    const enqueued = async () => {
      let total = 0;
      for (const running of ingesters) {
        total += await running.metric("ingester_jobs_enqueued_total", { job_name: "conversation.score" });
      }
      return total;
    };
    const seen = async () => {
      let total = 0;
      for (const running of ingesters) {
        total +=
          (await running.metric("ingester_jobs_enqueued_total", { job_name: "conversation.score" })) +
          (await running.metric("ingester_job_duplicates_total", { job_name: "conversation.score" }));
      }
      return total;
    };
    await until("both ingesters to add every job", async () => (await seen()) === 2 * created.length);
    expect(await harness.jobs("conversation.score")).toHaveLength(created.length);
    expect(await enqueued()).toBe(created.length);
  });
});
