import { randomUUID } from "node:crypto";
import { createDecisionLog, createShadowStore, type DecisionRecord } from "@routing/decision-log";
import type { RunningEmulator } from "@routing/genesys-emulator";
import { QUEUES } from "@routing/jobs";
import type { IsolatedRedis } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { firstQueue, queueMembers } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

// A manual clock that starts now: nothing routes by itself while the test looks, and the records' times are
// within the log's TTL of the real clock the readers below use.
const test = createWorkerTest({
  clock: "manual",
  clockStartMs: Date.now(),
  contactCentre: { arrivalsPerMinute: 0 },
});

/** What the job wrote to Genesys' API (the token request is the client's, not a routing write). */
function apiWrites(emulator: RunningEmulator) {
  return emulator.control.writeLog().filter((entry) => entry.path.startsWith("/api/"));
}

const ROUTING_PATCH = "/api/v2/routing/conversations/{conversationId}";

async function decisionsOf(redis: IsolatedRedis, conversationId: string): Promise<DecisionRecord[]> {
  const log = createDecisionLog(redis.connection, { prefix: redis.prefix });
  return (await log.byConversation(conversationId)).records;
}

async function score(emulator: RunningEmulator, harness: WorkerHarness) {
  const queue = firstQueue(emulator.control.snapshot());
  const conversationId = emulator.control.createConversation({
    queueId: queue.id,
    mediaType: "call",
    skillIds: [queue.primarySkillId],
  });
  const job = await harness.add("conversation.score", {
    conversationId,
    queueId: queue.id,
    mediaType: "call",
    skillIds: [queue.primarySkillId],
    observedAtMs: emulator.control.now(),
  });
  const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");
  return { queue, conversationId, finished };
}

async function offer(
  emulator: RunningEmulator,
  harness: WorkerHarness,
  offered: { conversationId: string; queueId: string; skillId: string; userId: string },
) {
  const job = await harness.add("assignment.check", {
    conversationId: offered.conversationId,
    queueId: offered.queueId,
    userId: offered.userId,
    participantId: randomUUID(),
    skillIds: [offered.skillId],
    observedAtMs: emulator.control.now(),
  });
  return waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");
}

describe("the decision log, written by the worker", () => {
  test("a scoring job writes one record: every candidate with its components, the action, each Genesys call with the emulator's correlation id", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    const { queue, conversationId, finished } = await score(emulator, harness);
    expect(finished.returnvalue).toMatchObject({ status: "scored" });

    const records = await decisionsOf(redis, conversationId);
    expect(records).toHaveLength(1);
    const [record] = records as [DecisionRecord];
    expect(record).toMatchObject({
      conversationId,
      queueId: queue.id,
      event: { jobName: "conversation.score", jobId: finished.id, attempt: 1 },
      action: { outcome: "scored", shadowOf: null },
    });
    // The roster's routable members: joined, On Queue, not OFF_QUEUE (the others are no candidates at all).
    const members = queueMembers(emulator.control.snapshot(), queue.id).filter(
      (agent) => agent.presence.systemPresence === "On Queue" && agent.routingStatus.status !== "OFF_QUEUE",
    );
    const candidates = record.ranking?.candidates ?? [];
    expect(candidates.map((candidate) => candidate.agentId).sort()).toEqual(
      members.map((agent) => agent.id).sort(),
    );
    const ranked = candidates.filter((candidate) => candidate.rank !== null);
    expect(ranked.length).toBeGreaterThan(1);
    for (const candidate of ranked) expect(candidate.components.score).toBeGreaterThan(0);
    expect(record.ranking?.weights).toBeDefined();
    expect(record.timings.startedAtMs).toBe(emulator.control.now());

    // The body Genesys got is the record's action.
    const patches = emulator.control
      .writeLog()
      .filter((entry) => entry.path === `/api/v2/routing/conversations/${conversationId}`);
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toEqual({ requestScoredAgents: record.action.requestScoredAgents });

    // Each call the job made, with the correlation id the emulator answered with; none of other jobs'.
    const byCorrelation = new Map(emulator.control.requestLog().map((entry) => [entry.correlationId, entry]));
    const patch = record.genesysCalls.find((call) => call.pathTemplate === ROUTING_PATCH);
    expect(patch).toMatchObject({ method: "PATCH", status: patches[0]?.status });
    expect(patch?.correlationId).toBe(patches[0]?.correlationId);
    expect(record.genesysCalls.map((call) => `${call.method} ${call.pathTemplate}`)).toContain(
      "GET /api/v2/routing/queues/{queueId}/members",
    );
    for (const call of record.genesysCalls) {
      const entry = byCorrelation.get(call.correlationId ?? "");
      expect(entry, `${call.method} ${call.pathTemplate}`).toBeDefined();
      expect(entry?.status).toBe(call.status);
      expect(call.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(
      record.genesysCalls.every((call) =>
        [
          "/oauth/token",
          "/api/v2/routing/queues/{queueId}",
          "/api/v2/routing/queues/{queueId}/members",
          ROUTING_PATCH,
        ].includes(call.pathTemplate),
      ),
    ).toBe(true);
  });

  test("an assignment check records the offered agent's explanation and its outcome", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    const queue = firstQueue(emulator.control.snapshot());
    const userId = queueMembers(emulator.control.snapshot(), queue.id)[0]?.id;
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    const finished = await offer(emulator, harness, {
      conversationId,
      queueId: queue.id,
      skillId: queue.primarySkillId,
      userId: userId ?? "",
    });
    const status = (finished.returnvalue as { status: string }).status;
    expect(["approved", "rejected"]).toContain(status);

    const [record] = await decisionsOf(redis, conversationId);
    expect(record).toMatchObject({
      event: { jobName: "assignment.check", userId },
      assignment: { policy: "assignment-check", agentId: userId, queueId: queue.id },
      action: { outcome: status },
    });
    // The queue had never been seeded: the check's one listing of it; the agent's skills came from there.
    expect(record?.genesysCalls.map((call) => call.pathTemplate)).toContain(
      "/api/v2/routing/queues/{queueId}/members",
    );
    expect(record?.genesysCalls.map((call) => call.pathTemplate)).not.toContain("/api/v2/users/{userId}");
  });
});

describe("shadow mode", () => {
  test("a shadow queue's decisions are logged and never written; offers are compared with our top-ranked agent", async ({
    emulator,
    harness,
    redis,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const started = await harness.startWorker(
      { WORKER_SHADOW_QUEUE_IDS: queue.id.toUpperCase() },
      { nowMs: () => emulator.control.now() },
    );
    const registry = started.dependencies.registry;
    // Born at 0 for the configured queue.
    expect(await registry.getSingleMetricAsString("routing_shadow_comparisons_total")).toContain(
      `routing_shadow_comparisons_total{queue_id="${queue.id.toLowerCase()}",agreed="true",service="worker"} 0`,
    );

    const { conversationId, finished } = await score(emulator, harness);
    expect(finished.returnvalue).toMatchObject({ status: "scored", shadow: true });
    expect(apiWrites(emulator)).toEqual([]);
    const [scoring] = await decisionsOf(redis, conversationId);
    expect(scoring?.action).toMatchObject({ outcome: "shadow", shadowOf: "scored" });
    expect(scoring?.action.requestScoredAgents.length).toBeGreaterThan(1);
    const ranked = (scoring?.ranking?.candidates ?? []).filter((candidate) => candidate.rank !== null);
    const [top, second] = ranked;
    if (top === undefined || second === undefined) throw new Error("expected at least two ranked agents");

    // Genesys offers our top agent: agreement, no gap.
    const first = await offer(emulator, harness, {
      conversationId,
      queueId: queue.id,
      skillId: queue.primarySkillId,
      userId: top.agentId,
    });
    expect(first.returnvalue).toMatchObject({ shadow: true });
    // Then (declined, say) our second: disagreement, by the difference of our scores.
    await offer(emulator, harness, {
      conversationId,
      queueId: queue.id,
      skillId: queue.primarySkillId,
      userId: second.agentId,
    });

    expect(apiWrites(emulator)).toEqual([]);
    const store = createShadowStore(redis.connection, { prefix: redis.prefix });
    const [summary] = await store.summaries();
    expect(summary).toMatchObject({ queueId: queue.id, compared: 2, agreed: 1, agreementRate: 0.5 });
    expect(summary?.meanScoreGap).toBeCloseTo((top.score - second.score) / 2, 10);
    expect(
      await sumMetric([registry], "routing_shadow_comparisons_total", { queue_id: queue.id, agreed: "true" }),
    ).toBe(1);
    expect(
      await sumMetric([registry], "routing_shadow_comparisons_total", {
        queue_id: queue.id,
        agreed: "false",
      }),
    ).toBe(1);
    const records = await decisionsOf(redis, conversationId);
    expect(records.map((record) => record.action.outcome)).toEqual(["shadow", "shadow", "shadow"]);
  });

  test("a queue not in shadow mode is written as usual and compares nothing", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker(
      { WORKER_SHADOW_QUEUE_IDS: randomUUID() },
      { nowMs: () => emulator.control.now() },
    );
    const { conversationId, finished } = await score(emulator, harness);
    expect(finished.returnvalue).not.toHaveProperty("shadow");
    expect(apiWrites(emulator)).toHaveLength(1);
    const [record] = await decisionsOf(redis, conversationId);
    expect(record?.action.outcome).toBe("scored");
    expect(await createShadowStore(redis.connection, { prefix: redis.prefix }).summaries()).toEqual([]);
  });
});

const largeQueueTest = createWorkerTest({
  clock: "manual",
  clockStartMs: Date.now(),
  contactCentre: { arrivalsPerMinute: 0, agentCount: 80, queueCount: 1, onQueueShare: 1 },
});

describe("the decision log of a queue with more candidates than a record keeps", () => {
  largeQueueTest(
    "the worker explains only the 50 kept; the record counts every candidate and omits the rest",
    async ({ emulator, harness, redis }) => {
      await harness.startWorker({}, { nowMs: () => emulator.control.now() });
      const { queue, conversationId, finished } = await score(emulator, harness);
      expect(finished.returnvalue).toMatchObject({ status: "scored" });
      const routable = queueMembers(emulator.control.snapshot(), queue.id).filter(
        (agent) => agent.presence.systemPresence === "On Queue" && agent.routingStatus.status !== "OFF_QUEUE",
      );
      expect(routable.length).toBeGreaterThan(50);

      const [record] = (await decisionsOf(redis, conversationId)) as [DecisionRecord];
      const ranking = record.ranking;
      expect(ranking?.candidates).toHaveLength(50);
      expect(ranking?.counts.candidates).toBe(routable.length);
      expect(record.candidatesOmitted).toBe(routable.length - 50);
      // Every ranked candidate is among those kept, in rank order first.
      const ranks = ranking?.candidates.map((candidate) => candidate.rank).filter((rank) => rank !== null);
      expect(ranks).toEqual(Array.from({ length: ranking?.counts.ranked ?? 0 }, (_, index) => index + 1));
    },
  );
});
