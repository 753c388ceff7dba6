/**
 * End to end: the emulator's contact centre publishes conversations on the real notification WebSockets,
 * the ingester (in process, real HTTP/WebSocket, real BullMQ on an isolated Redis prefix) turns them into
 * jobs. The emulator's clock is manual, so conversations move only when the test says so.
 */
import type { RunningEmulator } from "@routing/genesys-emulator";
import { describe, expect } from "vitest";
import { ingesterTest, until } from "./support/ingester-harness.js";

const test = ingesterTest({
  clock: "manual",
  // Customers never abandon: every conversation stays until an agent takes it.
  contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0 },
});

/** A routing request one idle member of the queue certainly satisfies, so the offer is sure to come. */
function satisfiableRouting(emulator: RunningEmulator, queueId: string) {
  for (const agent of emulator.control.snapshot().agents) {
    if (!agent.queueIds.includes(queueId) || agent.routingStatus.status !== "IDLE") continue;
    const skill = agent.skills.find((candidate) => candidate.state === "active");
    const language = agent.languages.find((candidate) => candidate.state === "active");
    if (skill !== undefined && language !== undefined)
      return { skillIds: [skill.id], languageId: language.id };
  }
  throw new Error(`no idle agent with an active skill and language in queue ${queueId}`);
}

function agentParticipants(emulator: RunningEmulator, conversationId: string) {
  const conversation = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
  return (conversation?.participants ?? []).filter((participant) => participant.purpose === "agent");
}

describe("ingester: notifications to jobs", () => {
  test("a waiting customer gets one score job, an offer one assignment check; repeats add nothing", async ({
    harness,
  }) => {
    const { emulator } = harness;
    const running = await harness.startIngester();
    expect(running.ingester.topics()).toHaveLength(harness.queueIds().length);
    const [queueA = "", queueB = ""] = harness.queueIds();
    const routingA = satisfiableRouting(emulator, queueA);

    const startedAt = Date.now();
    const callId = emulator.control.createConversation({
      queueId: queueA,
      mediaType: "call",
      skillIds: routingA.skillIds,
      languageId: routingA.languageId,
    });
    // No requirements: any idle member of queue B takes it, whoever took the call.
    const messageId = emulator.control.createConversation({
      queueId: queueB,
      mediaType: "message",
    });

    await until(
      "a score job for each waiting conversation",
      async () => (await harness.jobs("conversation.score")).length === 2,
    );
    const scores = await harness.jobs("conversation.score");
    const scoreOf = (id: string) => scores.find((job) => job.data.conversationId === id);
    expect(scoreOf(callId)?.data).toEqual({
      conversationId: callId,
      queueId: queueA,
      mediaType: "call",
      skillIds: routingA.skillIds,
      languageId: routingA.languageId,
      round: 0,
      observedAtMs: expect.any(Number),
      queuedAtMs: expect.any(Number),
    });
    expect(scoreOf(messageId)?.data).toEqual({
      conversationId: messageId,
      queueId: queueB,
      mediaType: "message",
      skillIds: [],
      round: 0,
      observedAtMs: expect.any(Number),
      queuedAtMs: expect.any(Number),
    });
    expect(scoreOf(callId)?.data.observedAtMs).toBeGreaterThanOrEqual(startedAt);
    expect(scoreOf(callId)?.id).toBe(`score_${callId}_${queueA}_0`);

    // Genesys sends the conversation again on every change: a PATCH (what a worker's decision does) makes
    // the emulator publish it again, still waiting. Same job id, so nothing is added.
    await harness.genesysClient().routing.patchRoutingConversation(callId, { priority: 10 });
    await until(
      "the repeat counted as a duplicate",
      async () =>
        (await running.metric("ingester_job_duplicates_total", { job_name: "conversation.score" })) === 1,
    );

    // The routing delay passes: both are offered (alerting), then answered (connected).
    await emulator.control.advance(2_000);
    await until(
      "an assignment check per offer",
      async () => (await harness.jobs("assignment.check")).length === 2,
    );
    await emulator.control.advance(10_000);
    await until(
      "the answers to be seen",
      async () =>
        (await running.metric("ingester_events_without_job_total", { reason: "agent-connected" })) >= 2,
    );

    const checks = await harness.jobs("assignment.check");
    for (const [conversationId, queueId] of [
      [callId, queueA],
      [messageId, queueB],
    ] as const) {
      const [offer, ...others] = agentParticipants(emulator, conversationId);
      expect(others).toEqual([]);
      const check = checks.find((job) => job.data.conversationId === conversationId);
      expect(check?.data).toMatchObject({
        conversationId,
        queueId,
        userId: offer?.userId,
        participantId: offer?.id,
        round: 0,
      });
      expect(check?.id).toBe(`assign_${conversationId}_${offer?.id}_0`);
    }
    expect(checks.find((job) => job.data.conversationId === callId)?.data).toMatchObject({
      skillIds: routingA.skillIds,
      languageId: routingA.languageId,
    });

    // Each conversation was published at least three times (arrival, offer, answer; the call once more
    // after the PATCH): still exactly one job of each kind per conversation.
    expect(await harness.jobs("conversation.score")).toHaveLength(2);
    expect(await harness.jobs("assignment.check")).toHaveLength(2);
    expect(
      await running.metric("ingester_notification_events_total", {
        topic_kind: "v2.routing.queues.{id}.conversations",
      }),
    ).toBeGreaterThanOrEqual(7);
    expect(await running.metric("ingester_jobs_enqueued_total")).toBe(4);
    expect(await running.metric("ingester_job_duplicates_total")).toBe(1);
    expect(await running.metric("ingester_enqueue_retries_total")).toBe(0);

    const health = await fetch(running.url("/healthz"));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "ok",
      checks: { "notification-stream": { status: "ok", state: "open" }, redis: { status: "ok" } },
    });
    const metrics = await (await fetch(running.url("/metrics"))).text();
    expect(metrics).toMatch(
      /ingester_jobs_enqueued_total\{job_name="conversation.score",source="notification"[^}]*\} 2/,
    );
    expect(metrics).toMatch(/ingester_stream_channels\{status="open"[^}]*\} 1/);
    expect(metrics).toMatch(
      /genesys_requests_total\{method="PUT",path="\/api\/v2\/notifications\/channels\/\{channelId\}\/subscriptions",status="200"/,
    );
  });

  test("arrivals on a manual clock: every conversation scored once, every offer checked once", async ({
    harness,
  }) => {
    const { emulator } = harness;
    const running = await harness.startIngester();

    emulator.control.setArrivalRate(40);
    await emulator.control.advance(45_000);
    emulator.control.setArrivalRate(0);
    await emulator.control.advance(5_000);

    const { conversations } = emulator.control.snapshot();
    expect(conversations.length).toBeGreaterThan(5);
    const expectedScores = conversations.map((c) => `score_${c.id}_${c.queueId}_0`).sort();
    const expectedChecks = conversations
      .flatMap((c) =>
        c.participants.filter((p) => p.purpose === "agent").map((p) => `assign_${c.id}_${p.id}_0`),
      )
      .sort();
    expect(expectedChecks.length).toBeGreaterThan(0);

    const ids = async (name: "conversation.score" | "assignment.check") =>
      (await harness.jobs(name)).map((job) => job.id ?? "").sort();
    await until(
      "every score and check",
      async () =>
        (await ids("conversation.score")).length === expectedScores.length &&
        (await ids("assignment.check")).length === expectedChecks.length,
    );
    expect(await ids("conversation.score")).toEqual(expectedScores);
    expect(await ids("assignment.check")).toEqual(expectedChecks);
    expect(await running.metric("ingester_jobs_enqueued_total")).toBe(
      expectedScores.length + expectedChecks.length,
    );
    expect(await harness.jobs("notifications.recover")).toEqual([]);
  });

  test("follows only the configured queues", async ({ harness }) => {
    const { emulator } = harness;
    const [queueA = "", queueB = ""] = harness.queueIds();
    const running = await harness.startIngester({ queueIds: [queueB] });
    expect(running.ingester.topics()).toEqual([`v2.routing.queues.${queueB}.conversations`]);

    emulator.control.createConversation({ queueId: queueA });
    const followed = emulator.control.createConversation({ queueId: queueB });
    await until(
      "the followed queue's job",
      async () => (await harness.jobs("conversation.score")).length >= 1,
    );
    // Both were published in order on the emulator; the one in queue B arrived, so A's would have too.
    expect((await harness.jobs("conversation.score")).map((job) => job.data.conversationId)).toEqual([
      followed,
    ]);
    expect(emulator.control.requestLog().filter((entry) => entry.path === "/api/v2/routing/queues")).toEqual(
      [],
    );
  });
});
