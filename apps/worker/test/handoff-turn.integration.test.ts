import { randomUUID } from "node:crypto";
import { createGenesysClient } from "@routing/genesys-client";
import type { EmulatorSnapshot, RunningEmulator } from "@routing/genesys-emulator";
import { createHandoffSessions, handoffSessionKey } from "@routing/handoff-sessions";
import { QUEUES } from "@routing/jobs";
import { EMULATOR_DEFAULTS } from "@routing/service-kit";
import type { Job } from "bullmq";
import { describe, expect } from "vitest";
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
  participantId?: string,
) {
  return harness.add("handoff.turn", {
    conversationId,
    ...(participantId === undefined ? {} : { participantId }),
    turnId: `msg-${randomUUID()}`,
    intent,
    confidence,
    receivedAtMs: Date.now(),
  });
}

function genesysFor(emulator: RunningEmulator) {
  return createGenesysClient({
    clientId: EMULATOR_DEFAULTS.clientId,
    clientSecret: EMULATOR_DEFAULTS.clientSecret,
    apiBaseUrl: emulator.apiBaseUrl,
    loginBaseUrl: emulator.loginBaseUrl,
  });
}

type SnapshotConversation = EmulatorSnapshot["conversations"][number];

function conversationOf(emulator: RunningEmulator, id: string): SnapshotConversation {
  const found = emulator.control.snapshot().conversations.find((conversation) => conversation.id === id);
  if (found === undefined) throw new Error(`no conversation ${id}`);
  return found;
}

/** A web messaging conversation a bot answers: held by an Architect flow, in no queue yet. */
function botConversation(emulator: RunningEmulator): {
  conversationId: string;
  customerId: string;
  flowId: string;
} {
  const flow = emulator.messageFlows.define({
    botConnector: { uri: "http://127.0.0.1:9/botconnector", botId: "third-party-bot", botVersion: "v1" },
  });
  const conversationId = emulator.messageFlows.startConversation(flow);
  const participants = conversationOf(emulator, conversationId).participants;
  return {
    conversationId,
    customerId: participants.find((p) => p.purpose === "customer")?.id ?? "",
    flowId: participants.find((p) => p.purpose === "workflow")?.id ?? "",
  };
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

  test("a flow-held bot conversation: the worker transfers the FLOW's participant with replace/queue (never the customer named by the sender), the customer stays, the conversation waits in the queue with the handoff skills", async ({
    emulator,
    harness,
  }) => {
    // Fails on the code before replace/queue: it replaced the participant the webhook named, the customer's,
    // and Genesys (and now the emulator) disconnects the participant named: the customer was dropped.
    const snapshot = emulator.control.snapshot();
    const handoffQueue = firstQueue(snapshot);
    const skillIds = snapshot.skills.slice(0, 2).map((skill) => skill.id);
    const { conversationId, customerId, flowId } = botConversation(emulator);
    const started = await harness.startWorker({
      WORKER_HANDOFF_QUEUE_ID: handoffQueue.id,
      WORKER_HANDOFF_SKILL_IDS: skillIds.join(","),
    });

    const [handoff] = await outcomes(harness, [
      await turn(harness, conversationId, 0.95, "speak_to_agent", customerId),
    ]);
    const [later] = await outcomes(harness, [
      await turn(harness, conversationId, 0.2, "billing", customerId),
    ]);

    expect(handoff).toMatchObject({
      status: "handoff",
      trigger: "escalation-intent",
      transfer: "transferred",
      from: "workflow",
      skillsSet: true,
    });
    expect(later).toMatchObject({ status: "already-handed-off" });
    const moved = conversationOf(emulator, conversationId);
    expect(moved).toMatchObject({ state: "waiting", queueId: handoffQueue.id, skillIds });
    expect(moved.participants.find((p) => p.id === customerId)?.state).toBe("connected");
    expect(moved.participants.find((p) => p.id === flowId)?.state).toBe("disconnected");
    // One read, one transfer naming the flow's participant, one skills write: nothing for the later turn.
    const calls = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
    expect(calls.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      `GET /api/v2/conversations/${conversationId} 200`,
      `POST /api/v2/conversations/${conversationId}/participants/${flowId}/replace/queue 202`,
      `PATCH /api/v2/routing/conversations/${conversationId} 200`,
    ]);
    expect(calls[1]?.body).toEqual({ queueId: handoffQueue.id });
    expect(calls[2]?.body).toEqual({ skillIds });
    const registry = started.dependencies.registry;
    expect(await sumMetric([registry], "worker_handoff_transfers_total", { from: "workflow" })).toBe(1);
  });

  test("a conversation already waiting in a queue: the acd participant is replaced, found without any participant id", async ({
    emulator,
    harness,
  }) => {
    const [botQueue, handoffQueue] = emulator.control.snapshot().queues;
    if (botQueue === undefined || handoffQueue === undefined)
      throw new Error("the emulator needs two queues");
    const conversationId = emulator.control.createConversation({
      queueId: botQueue.id,
      mediaType: "message",
    });
    const acd = conversationOf(emulator, conversationId).participants.find((p) => p.purpose === "acd");
    await harness.startWorker({ WORKER_HANDOFF_QUEUE_ID: handoffQueue.id });

    const [handoff] = await outcomes(harness, [await turn(harness, conversationId, 0.3)]);

    expect(handoff).toMatchObject({
      status: "handoff",
      transfer: "transferred",
      from: "acd",
      skillsSet: false,
    });
    const writes = emulator.control.writeLog().filter((entry) => entry.path.startsWith("/api/"));
    expect(writes.map((entry) => entry.path)).toEqual([
      `/api/v2/conversations/${conversationId}/participants/${acd?.id}/replace/queue`,
    ]);
    expect(conversationOf(emulator, conversationId)).toMatchObject({
      state: "waiting",
      queueId: handoffQueue.id,
    });
  });

  test("a conversation nobody holds any more is recorded, not transferred, and counted; one Genesys no longer has completes as gone", async ({
    emulator,
    harness,
  }) => {
    const handoffQueue = firstQueue(emulator.control.snapshot());
    const started = await harness.startWorker({ WORKER_HANDOFF_QUEUE_ID: handoffQueue.id });
    const { conversationId } = botConversation(emulator);
    const customer = conversationOf(emulator, conversationId).participants.find(
      (p) => p.purpose === "customer",
    );
    // The customer leaves: the conversation ends, its flow leg with it.
    await genesysFor(emulator).conversations.patchConversationParticipant(
      conversationId,
      customer?.id ?? "",
      {
        state: "disconnected",
      },
    );

    const [ended, unknown] = await outcomes(harness, [
      await turn(harness, conversationId, 0.1),
      await turn(harness, randomUUID(), 0.1),
    ]);

    expect(ended).toMatchObject({ status: "handoff", transfer: "skipped-no-owner" });
    expect(unknown).toMatchObject({ status: "conversation-gone" });
    expect(emulator.control.writeLog().filter((entry) => entry.path.includes("/replace"))).toEqual([]);
    expect(
      await sumMetric([started.dependencies.registry], "worker_handoff_transfers_skipped_total", {
        reason: "no-owner-participant",
      }),
    ).toBe(1);
  });

  test("a stored state this worker did not write fails the turn for good instead of guessing", async ({
    harness,
    redis,
  }) => {
    const conversationId = randomUUID();
    await redis.connection.set(handoffSessionKey(redis.prefix, conversationId), '{"turns":"many"}');
    await harness.startWorker();

    const job = await turn(harness, conversationId);
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(await finished.getState()).toBe("failed");
    expect(finished.attemptsMade).toBe(1);
    expect(finished.failedReason).toContain(`handoff state of conversation ${conversationId} is unreadable`);
  });
});
