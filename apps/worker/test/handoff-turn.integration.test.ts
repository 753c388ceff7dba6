import { randomUUID } from "node:crypto";
import { QUEUES } from "@routing/jobs";
import type { Job } from "bullmq";
import { describe, expect } from "vitest";
import { DISPATCH_TABLE } from "../src/dispatch.js";
import { decideBotTurn } from "../src/handlers/handoff-turn.js";
import { createHandoffSessions } from "../src/handoff/handoff-sessions.js";
import { firstQueue } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });

/** In core's low band [0.75, 0.85): continues the bot, but the third such turn in a row hands off. */
const LOW_CONFIDENCE = 0.8;

function turn(
  harness: WorkerHarness,
  conversationId: string,
  confidence = LOW_CONFIDENCE,
  intent = "billing",
) {
  return harness.add("handoff.turn", {
    conversationId,
    turnId: `msg-${randomUUID()}`,
    intent,
    confidence,
    receivedAtMs: Date.now(),
  });
}

async function outcomes(harness: WorkerHarness, jobs: readonly Job[]): Promise<Record<string, unknown>[]> {
  const decisions = harness.queue(QUEUES.decisions);
  const finished = await Promise.all(jobs.map((job) => waitForFinished(decisions, job.id ?? "")));
  for (const job of finished) expect(await job.getState()).toBe("completed");
  return finished.map((job) => job.returnvalue as Record<string, unknown>);
}

describe("handoff.turn: per-conversation state in Redis, shared by every worker", () => {
  test("concurrent low-confidence turns on two worker apps all count: each conversation hands off after its third turn, exactly once", async ({
    harness,
    redis,
  }) => {
    const workers = [await harness.startWorker(), await harness.startWorker()];
    const conversationIds = Array.from({ length: 10 }, () => randomUUID());

    // All 30 turns at once: two workers with 20 slots each take them concurrently, so turns of one
    // conversation race on its state.
    const jobs = await Promise.all(
      conversationIds.flatMap((id) => [turn(harness, id), turn(harness, id), turn(harness, id)]),
    );
    const results = await outcomes(harness, jobs);

    const sessions = createHandoffSessions(redis.connection, { keyPrefix: redis.prefix, ttlMs: 60_000 });
    for (const [index, conversationId] of conversationIds.entries()) {
      const ofConversation = results.slice(index * 3, index * 3 + 3);
      expect(ofConversation.filter((outcome) => outcome.status === "handoff")).toHaveLength(1);
      expect(ofConversation.filter((outcome) => outcome.status === "continue-bot")).toHaveLength(2);
      expect(ofConversation.find((outcome) => outcome.status === "handoff")).toMatchObject({
        trigger: "repeated-low-confidence",
        turns: 3,
        transfer: "skipped-no-queue",
      });
      const session = await sessions.read(conversationId);
      expect(session?.state).toMatchObject({
        turns: 3,
        handedOff: { atTurn: 3, trigger: "repeated-low-confidence" },
      });
    }
    const registries = workers.map((worker) => worker.dependencies.registry);
    expect(await sumMetric(registries, "worker_handoffs_total")).toBe(10);
    expect(await sumMetric(registries, "worker_handoff_turns_total", { decision: "continue-bot" })).toBe(20);
    expect(
      await sumMetric(registries, "worker_handoff_transfers_skipped_total", {
        reason: "no-queue-configured",
      }),
    ).toBe(10);
  });

  test("the state survives a worker restart, and a later turn does not hand off twice", async ({
    harness,
  }) => {
    const conversationId = randomUUID();
    const first = await harness.startWorker();
    expect(await outcomes(harness, [await turn(harness, conversationId)])).toMatchObject([
      { status: "continue-bot" },
    ]);
    expect(await outcomes(harness, [await turn(harness, conversationId)])).toMatchObject([
      { status: "continue-bot", consecutiveLowTurns: 2 },
    ]);
    await first.close();

    await harness.startWorker();
    expect(await outcomes(harness, [await turn(harness, conversationId)])).toMatchObject([
      { status: "handoff", turns: 3, trigger: "repeated-low-confidence" },
    ]);
    expect(await outcomes(harness, [await turn(harness, conversationId, 0.1)])).toMatchObject([
      { status: "already-handed-off" },
    ]);
  });

  test("with a handoff queue configured, the handing-off turn transfers the conversation (replace) once", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const [botQueue, handoffQueue] = snapshot.queues;
    if (botQueue === undefined || handoffQueue === undefined)
      throw new Error("the emulator needs two queues");
    const conversationId = emulator.control.createConversation({
      queueId: botQueue.id,
      mediaType: "message",
    });
    const acd = emulator.control
      .snapshot()
      .conversations.find((conversation) => conversation.id === conversationId)
      ?.participants.find((participant) => participant.purpose === "acd");
    // The catalog's payload has no participant id yet; this producer supplies one, as it will once it does.
    const started = await harness.startWorker(
      { WORKER_HANDOFF_QUEUE_ID: handoffQueue.id },
      {
        dispatch: {
          ...DISPATCH_TABLE,
          "handoff.turn": (payload, context) => {
            const withParticipant = { ...payload, participantId: acd?.id };
            return decideBotTurn(withParticipant, context);
          },
        },
      },
    );

    const [handoff] = await outcomes(harness, [await turn(harness, conversationId, 0.95, "speak_to_agent")]);
    const [later] = await outcomes(harness, [await turn(harness, conversationId, 0.2)]);

    expect(handoff).toMatchObject({
      status: "handoff",
      trigger: "escalation-intent",
      transfer: "transferred",
    });
    expect(later).toMatchObject({ status: "already-handed-off" });
    const replaces = emulator.control.writeLog().filter((entry) => entry.path.endsWith("/replace"));
    expect(replaces).toEqual([
      expect.objectContaining({
        method: "POST",
        path: `/api/v2/conversations/messages/${conversationId}/participants/${acd?.id}/replace`,
        status: 202,
        body: { queueId: handoffQueue.id },
      }),
    ]);
    const moved = emulator.control
      .snapshot()
      .conversations.find((conversation) => conversation.id === conversationId);
    expect(moved?.queueId).toBe(handoffQueue.id);
    expect(await sumMetric([started.dependencies.registry], "worker_handoff_transfers_total")).toBe(1);
  });

  test("without a participant id in the payload the handoff is recorded, not transferred, and counted", async ({
    emulator,
    harness,
  }) => {
    const handoffQueue = firstQueue(emulator.control.snapshot());
    const started = await harness.startWorker({ WORKER_HANDOFF_QUEUE_ID: handoffQueue.id });

    const [handoff] = await outcomes(harness, [await turn(harness, randomUUID(), 0.3)]);

    expect(handoff).toMatchObject({
      status: "handoff",
      trigger: "below-threshold",
      transfer: "skipped-no-participant",
    });
    expect(emulator.control.writeLog().filter((entry) => entry.path.startsWith("/api/"))).toEqual([]);
    expect(
      await sumMetric([started.dependencies.registry], "worker_handoff_transfers_skipped_total", {
        reason: "no-participant-id",
      }),
    ).toBe(1);
  });

  test("a stored state this worker did not write fails the turn for good instead of guessing", async ({
    harness,
    redis,
  }) => {
    const conversationId = randomUUID();
    await redis.connection.set(`${redis.prefix}:worker:handoff:${conversationId}`, '{"turns":"many"}');
    await harness.startWorker();

    const job = await turn(harness, conversationId);
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(await finished.getState()).toBe("failed");
    expect(finished.attemptsMade).toBe(1);
    expect(finished.failedReason).toContain(`handoff state of conversation ${conversationId} is unreadable`);
  });
});
