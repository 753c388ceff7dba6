/**
 * Genesys sends a conversation again on every change, and a notification may be delivered twice: with the
 * emulator publishing every conversation event twice, the ingester still queues each decision once and
 * counts the rest as duplicates. A scheduled callback is seen but queues nothing until it is due.
 */
import { describe, expect } from "vitest";
import { ingesterTest, until } from "./support/ingester-harness.js";

const test = ingesterTest({
  clock: "manual",
  contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0, duplicateConversationEvents: true },
});

describe("ingester: duplicated and repeated events", () => {
  test("every event twice: one job per decision, the copies counted as duplicates", async ({ harness }) => {
    const { emulator } = harness;
    const running = await harness.startIngester();
    const [queueId = ""] = harness.queueIds();

    const conversationId = emulator.control.createConversation({ queueId, mediaType: "chat" });
    await until("the score job", async () => (await harness.jobs("conversation.score")).length === 1);
    await until(
      "the copy counted",
      async () =>
        (await running.metric("ingester_job_duplicates_total", { job_name: "conversation.score" })) === 1,
    );
    await emulator.control.advance(2000);
    await until("the check job", async () => (await harness.jobs("assignment.check")).length === 1);
    await until(
      "its copy counted",
      async () =>
        (await running.metric("ingester_job_duplicates_total", { job_name: "assignment.check" })) === 1,
    );

    expect((await harness.jobs("conversation.score")).map((job) => job.id)).toEqual([
      `score_${conversationId}_${queueId}_0`,
    ]);
    expect(await running.metric("ingester_jobs_enqueued_total")).toBe(2);
  });

  test("a scheduled callback queues nothing until it is due, then one score", async ({ harness }) => {
    const { emulator } = harness;
    const running = await harness.startIngester();
    const [queueId = ""] = harness.queueIds();

    const conversationId = emulator.control.createConversation({
      queueId,
      mediaType: "callback",
      callbackScheduledTime: new Date(emulator.control.now() + 60_000).toISOString(),
    });
    await until(
      "the booking seen",
      async () =>
        (await running.metric("ingester_events_without_job_total", { reason: "not-waiting" })) === 2,
    );
    expect(await harness.jobs("conversation.score")).toEqual([]);

    await emulator.control.advance(60_000);
    await until("the score job", async () => (await harness.jobs("conversation.score")).length === 1);
    const [score] = await harness.jobs("conversation.score");
    expect(score?.data).toMatchObject({ conversationId, mediaType: "callback", round: 0 });
  });
});
