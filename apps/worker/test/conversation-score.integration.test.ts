import { randomUUID } from "node:crypto";
import { mapScoresToRoutingRules, rankAgents, readRoutingRules } from "@routing/core";
import { QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { candidateFromSnapshot, firstQueue, queueMembers } from "./support/emulator-agents.js";
import { createWorkerTest, waitForFinished } from "./support/worker-harness.js";

// A manual clock: nothing routes or changes while the test looks, so core can be asked about the same state.
const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });

describe("conversation.score against the emulator", () => {
  test("sends Genesys exactly the requestScoredAgents core computes for the queue's members and rules", async ({
    emulator,
    harness,
  }) => {
    const before = emulator.control.snapshot();
    const queue = firstQueue(before);
    const languageId = before.languages[0]?.id ?? "";
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
      languageId,
    });
    const started = await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    const { routingRules } = await started.dependencies.genesys.client.routing.getQueue(queue.id);

    const job = await harness.add("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
      languageId,
      observedAtMs: emulator.control.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    // Core asked about the members as they were when the job ran (the manual clock has not moved since;
    // the PATCH itself then offers the conversation to the top agent, who is no longer idle afterwards).
    const expected = mapScoresToRoutingRules(
      rankAgents(
        queueMembers(before, queue.id).map(candidateFromSnapshot),
        { requiredSkills: [queue.primarySkillId], requiredLanguage: languageId },
        { nowMs: before.now },
      ),
      readRoutingRules(routingRules),
    );
    // A ranking with something to rank: some members qualify, and they do not all score alike.
    expect(expected.length).toBeGreaterThan(1);
    expect(new Set(expected.map((agent) => agent.score)).size).toBeGreaterThan(1);

    const conversation = emulator.control
      .snapshot()
      .conversations.find((candidate) => candidate.id === conversationId);
    expect(conversation?.scoredAgents).toEqual(expected.map(({ id, score }) => ({ userId: id, score })));
    const patches = emulator.control
      .writeLog()
      .filter(
        (entry) =>
          entry.method === "PATCH" && entry.path === `/api/v2/routing/conversations/${conversationId}`,
      );
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toEqual({ requestScoredAgents: expected });
    expect(finished.returnvalue).toMatchObject({
      status: "scored",
      scoredAgents: expected.length,
      topAgentId: expected[0]?.id,
      topScore: expected[0]?.score,
    });
  });

  test("sends nothing when no member is eligible, and says so", async ({ emulator, harness }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    await harness.startWorker();

    // A skill and a language nobody holds: every composite score falls below core's minimum.
    const job = await harness.add("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      skillIds: [randomUUID()],
      languageId: randomUUID(),
      observedAtMs: emulator.control.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(finished.returnvalue).toMatchObject({ status: "no-eligible-agent", scoredAgents: 0 });
    expect(emulator.control.writeLog().filter((entry) => entry.method === "PATCH")).toEqual([]);
  });

  test("a conversation Genesys no longer has (404) completes as conversation-gone, not as a failure", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const started = await harness.startWorker();

    const job = await harness.add("conversation.score", {
      conversationId: randomUUID(),
      queueId: queue.id,
      mediaType: "message",
      observedAtMs: emulator.control.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(await finished.getState()).toBe("completed");
    expect(finished.attemptsMade).toBe(1);
    expect(finished.returnvalue).toMatchObject({
      status: "conversation-gone",
      call: "PATCH /api/v2/routing/conversations/{conversationId}",
    });
    const gone = await started.dependencies.registry.getSingleMetricAsString(
      "worker_conversations_gone_total",
    );
    expect(gone).toMatch(/name="conversation\.score"[^\n]*\} 1/);
  });

  test("a decision that arrives after an agent answered completes as too-late: counted, never failed", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    // Nobody decided in time: the emulator routes it itself, and the agent answers.
    emulator.control.advance(10_000);
    const answered = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    expect(answered?.state).toBe("connected");
    const started = await harness.startWorker({}, { nowMs: () => emulator.control.now() });

    const job = await harness.add("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: emulator.control.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(await finished.getState()).toBe("completed");
    expect(finished.attemptsMade).toBe(1);
    expect(finished.returnvalue).toEqual({
      status: "too-late",
      call: "PATCH /api/v2/routing/conversations/{conversationId}",
      code: "invalid.status",
    });
    const tooLate = await started.dependencies.registry.getSingleMetricAsString(
      "worker_decisions_too_late_total",
    );
    expect(tooLate).toMatch(/name="conversation\.score"[^\n]*\} 1/);
    expect(await harness.queue(QUEUES.decisions).getFailedCount()).toBe(0);
  });
});
