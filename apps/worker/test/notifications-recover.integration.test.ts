import type { GenesysClient } from "@routing/genesys-client";
import type { EmulatorSnapshot, RunningEmulator } from "@routing/genesys-emulator";
import { type JobInput, prepareJob, QUEUES } from "@routing/jobs";
import type { Queue } from "bullmq";
import { describe, expect } from "vitest";
import { DISPATCH_TABLE, type DispatchTable } from "../src/dispatch.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

// Real clock (the worker's query interval ends at Date.now()); no arrivals, and the emulator neither routes,
// answers nor abandons on its own for ten minutes: the test's conversations stay exactly as it leaves them.
const test = createWorkerTest({
  contactCentre: {
    arrivalsPerMinute: 0,
    routingDelayMs: 600_000,
    meanAnswerDelayMs: 600_000,
    meanPatienceMs: 0,
  },
});

/**
 * Decisions complete without calling Genesys: a scoring PATCH would make the emulator offer the
 * conversation, and the second recovery would then rightly find a new offer. This test is about what the
 * recovery queues, so the decisions it queues must not change the centre.
 */
const RECOVERY_ONLY: DispatchTable = {
  ...DISPATCH_TABLE,
  "conversation.score": async () => ({ status: "not-run-in-this-test" }),
  "assignment.check": async () => ({ status: "not-run-in-this-test" }),
};

const ALL_STATES = ["waiting", "prioritized", "active", "delayed", "completed", "failed"] as const;

async function jobIdsIn(queue: Queue): Promise<string[]> {
  const jobs = await queue.getJobs([...ALL_STATES]);
  return jobs.map((job) => job.id ?? "").sort();
}

const scoreId = (input: Omit<JobInput<"conversation.score">, "observedAtMs">) =>
  String(prepareJob("conversation.score", { ...input, observedAtMs: 0 }).opts.jobId);
const checkId = (input: Omit<JobInput<"assignment.check">, "observedAtMs">) =>
  String(prepareJob("assignment.check", { ...input, observedAtMs: 0 }).opts.jobId);

function idleMembers(snapshot: EmulatorSnapshot, queueId: string): string[] {
  return snapshot.agents
    .filter((agent) => agent.queueIds.includes(queueId) && agent.routingStatus.status === "IDLE")
    .map((agent) => agent.id);
}

function participantOf(emulator: RunningEmulator, conversationId: string, purpose: "customer" | "agent") {
  const participant = emulator.control
    .snapshot()
    .conversations.find((conversation) => conversation.id === conversationId)
    ?.participants.find((candidate) => candidate.purpose === purpose);
  if (participant === undefined) throw new Error(`no ${purpose} on ${conversationId}`);
  return participant;
}

/** A centre in every state a gap can leave a queue in, made through the real API where Genesys would. */
async function centreAfterAGap(emulator: RunningEmulator, genesys: GenesysClient) {
  const snapshot = emulator.control.snapshot();
  const [queue, otherQueue] = snapshot.queues;
  const [skill] = snapshot.skills;
  const [language] = snapshot.languages;
  if (queue === undefined || otherQueue === undefined || skill === undefined || language === undefined) {
    throw new Error("the emulator's organisation is too small");
  }
  const [offeredAgent, talkingAgent] = idleMembers(snapshot, queue.id);
  if (offeredAgent === undefined || talkingAgent === undefined) throw new Error("fewer than two idle agents");
  const create = (queueId: string, mediaType: "call" | "message" | "chat", extra = {}) =>
    emulator.control.createConversation({ queueId, mediaType, ...extra });

  const waitingCall = create(queue.id, "call", { skillIds: [skill.id], languageId: language.id });
  const waitingMessage = create(queue.id, "message");
  const offered = create(queue.id, "chat", { skillIds: [skill.id] });
  await genesys.conversations.assignConversation(offered, offeredAgent);
  const talking = create(queue.id, "call");
  await genesys.conversations.assignConversation(talking, talkingAgent);
  await genesys.conversations.patchConversationParticipant(
    talking,
    participantOf(emulator, talking, "agent").id,
    {
      state: "connected",
    },
  );
  const abandoned = create(queue.id, "call");
  await genesys.conversations.patchConversationParticipant(
    abandoned,
    participantOf(emulator, abandoned, "customer").id,
    { state: "disconnected" },
  );
  const elsewhere = create(otherQueue.id, "call");
  return {
    queue,
    waitingCall: { conversationId: waitingCall, skillIds: [skill.id], languageId: language.id },
    expected: {
      waitingCall: scoreId({
        conversationId: waitingCall,
        queueId: queue.id,
        mediaType: "call",
        skillIds: [skill.id],
        languageId: language.id,
      }),
      waitingMessage: scoreId({ conversationId: waitingMessage, queueId: queue.id, mediaType: "message" }),
      offered: checkId({
        conversationId: offered,
        queueId: queue.id,
        userId: offeredAgent,
        participantId: participantOf(emulator, offered, "agent").id,
      }),
    },
    notExpected: { talking, abandoned, elsewhere },
  };
}

async function recover(harness: WorkerHarness, topics: string[], gapEndMs: number) {
  const job = await harness.add("notifications.recover", {
    topics,
    fromMs: gapEndMs - 30_000,
    toMs: gapEndMs,
    reason: "socket-dropped",
  });
  return waitForFinished(harness.queue(QUEUES.maintenance), job.id ?? "", 30_000);
}

describe("notifications.recover rebuilds a gap's decisions from the analytics detail query", () => {
  test("queues a score for each waiting customer and a check for each offer, with the catalog ids; a repeat only finds duplicates", async ({
    emulator,
    harness,
  }) => {
    const started = await harness.startWorker({}, { dispatch: RECOVERY_ONLY });
    const { queue, waitingCall, expected, notExpected } = await centreAfterAGap(
      emulator,
      started.dependencies.genesys.client,
    );
    // The ingester saw the waiting call before the socket dropped: its job is already there.
    await harness.add("conversation.score", {
      ...waitingCall,
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: Date.now(),
    });
    const decisions = harness.queue(QUEUES.decisions);
    const topics = [`v2.routing.queues.${queue.id}.conversations`, `v2.users.${queue.id}.routingStatus`];

    const first = await recover(harness, topics, Date.now());

    expect(await first.getState()).toBe("completed");
    expect(first.returnvalue).toMatchObject({
      status: "recovered",
      queues: 1,
      topicsSkipped: 1,
      // Waiting call, waiting message, offered chat, and the call an agent is talking on.
      conversationsSeen: 4,
      noDecision: { "agent-connected": 1 },
      rejected: 0,
    });
    // The ingester's job for the waiting call is found, not doubled.
    expect(first.returnvalue).toMatchObject({ jobsEnqueued: 2, duplicates: 1 });
    expect(await jobIdsIn(decisions)).toEqual(Object.values(expected).sort());
    const idsMentioning = (conversationId: string) =>
      jobIdsIn(decisions).then((ids) => ids.filter((id) => id.includes(conversationId)));
    for (const conversationId of Object.values(notExpected))
      expect(await idsMentioning(conversationId)).toEqual([]);

    const second = await recover(harness, topics, Date.now() + 1);

    expect(second.returnvalue).toMatchObject({
      status: "recovered",
      conversationsSeen: 4,
      jobsEnqueued: 0,
      duplicates: 3,
    });
    expect(await jobIdsIn(decisions)).toEqual(Object.values(expected).sort());
    const registry = started.dependencies.registry;
    expect(await sumMetric([registry], "worker_notification_recoveries_total", { result: "recovered" })).toBe(
      2,
    );
    expect(await sumMetric([registry], "worker_recovered_jobs_total", { result: "new" })).toBe(2);
    expect(await sumMetric([registry], "worker_recovered_jobs_total", { result: "duplicate" })).toBe(4);
  });

  test("a queue of more than one page is read until a pass adds nothing: each conversation decided once", async ({
    emulator,
    harness,
  }) => {
    await harness.startWorker({}, { dispatch: RECOVERY_ONLY });
    const [queue] = emulator.control.snapshot().queues;
    if (queue === undefined) throw new Error("no queue");
    // Pages of 100: two pages. A conversation ending between them would hide the one that moves onto the
    // first page, so the listing is read a second time (nothing new: it stops there).
    const waiting = Array.from({ length: 130 }, () =>
      emulator.control.createConversation({ queueId: queue.id, mediaType: "message" }),
    );
    emulator.control.clearLogs();

    const done = await recover(harness, [`v2.routing.queues.${queue.id}.conversations`], Date.now());

    expect(done.returnvalue).toMatchObject({
      status: "recovered",
      conversationsSeen: 130,
      jobsEnqueued: 130,
    });
    const queries = emulator.control
      .requestLog()
      .filter((entry) => entry.path === "/api/v2/analytics/conversations/details/query");
    expect(queries).toHaveLength(4);
    const decided = await jobIdsIn(harness.queue(QUEUES.decisions));
    for (const conversationId of waiting) {
      expect(decided.filter((id) => id.includes(conversationId))).toHaveLength(1);
    }
  });
});
