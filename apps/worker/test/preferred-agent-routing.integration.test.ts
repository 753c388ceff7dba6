/**
 * conversation.score under the queue's preferred agent routing rules (issue #8): the worker reads the
 * queue's configuration (cached), maps its scores onto the rules, and reports queues whose rules make the
 * scores inert. Real worker app, real BullMQ, the emulator with the rules under test.
 */
import type { ContactCentreOptions, RunningEmulator } from "@routing/genesys-emulator";
import { QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { firstQueue } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

const QUIET = { arrivalsPerMinute: 0, meanPatienceMs: 0 } satisfies ContactCentreOptions;

/**
 * A threshold our composite scores never reach as they are: with no CSAT data (fallback 0.5) the best
 * possible composite is 0.4 x 1 + 0.3 x 1 + 0.3 x 0.5 = 0.85, i.e. 85.
 */
const HIGH_GATE = 90;

const highGate = createWorkerTest({
  clock: "manual",
  contactCentre: {
    ...QUIET,
    routingRules: [
      { operator: "MEETS_THRESHOLD", threshold: HIGH_GATE, waitSeconds: 60 },
      { operator: "ANY", waitSeconds: 60 },
    ],
  },
});
const salesWithoutRules = createWorkerTest({
  clock: "manual",
  contactCentre: { ...QUIET, routingRulesByQueue: { Sales: [] } },
});
const unreachableFirstRule = createWorkerTest({
  clock: "manual",
  contactCentre: {
    ...QUIET,
    routingRules: [
      { operator: "MEETS_THRESHOLD", threshold: 150, waitSeconds: 30 },
      { operator: "ANY", waitSeconds: 30 },
    ],
  },
});

async function score(emulator: RunningEmulator, harness: WorkerHarness, queueId: string) {
  const conversationId = emulator.control.createConversation({ queueId, mediaType: "call" });
  const job = await harness.add("conversation.score", {
    conversationId,
    queueId,
    mediaType: "call",
    observedAtMs: emulator.control.now(),
  });
  const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");
  const patches = emulator.control
    .writeLog()
    .filter(
      (entry) => entry.method === "PATCH" && entry.path === `/api/v2/routing/conversations/${conversationId}`,
    );
  const conversation = () =>
    emulator.control.snapshot().conversations.find((candidate) => candidate.id === conversationId);
  return { conversationId, finished, patches, conversation };
}

const queueReads = (emulator: RunningEmulator, queueId: string) =>
  emulator.control
    .requestLog()
    .filter((entry) => entry.method === "GET" && entry.path === `/api/v2/routing/queues/${queueId}`).length;

describe("scores mapped onto the queue's preferred agent routing rules", () => {
  highGate(
    "MEETS_THRESHOLD: our preferred agents clear the queue's threshold, so Genesys offers at once",
    async ({ emulator, harness }) => {
      const queue = firstQueue(emulator.control.snapshot());
      await harness.startWorker({}, { nowMs: () => emulator.control.now() });

      const { finished, patches, conversation } = await score(emulator, harness, queue.id);

      expect(finished.returnvalue).toMatchObject({ status: "scored", gate: HIGH_GATE });
      expect(patches).toHaveLength(1);
      const body = patches[0]?.body as { requestScoredAgents: { id: string; score: number }[] } | undefined;
      const sent = body?.requestScoredAgents ?? [];
      const [top] = sent;
      // Sent as they were (composite x 100), no score could reach 90 and the customer would wait 60 s.
      expect(top?.score).toBeGreaterThanOrEqual(HIGH_GATE);
      expect(sent.map((pair) => pair.score)).toEqual(sent.map((pair) => pair.score).sort((a, b) => b - a));
      expect(conversation()?.offers).toEqual([
        expect.objectContaining({ userId: top?.id, reason: "scored-agent", at: emulator.control.now() }),
      ]);
    },
  );

  highGate(
    "reads a queue's configuration once per TTL, not once per decision",
    async ({ emulator, harness }) => {
      const queue = firstQueue(emulator.control.snapshot());
      await harness.startWorker();
      await score(emulator, harness, queue.id);
      await score(emulator, harness, queue.id);
      expect(queueReads(emulator, queue.id)).toBe(1);
    },
  );

  highGate(
    "with WORKER_QUEUE_CONFIG_TTL_SECONDS=0 every decision reads it again",
    async ({ emulator, harness }) => {
      const queue = firstQueue(emulator.control.snapshot());
      await harness.startWorker({ WORKER_QUEUE_CONFIG_TTL_SECONDS: "0" });
      await score(emulator, harness, queue.id);
      await score(emulator, harness, queue.id);
      expect(queueReads(emulator, queue.id)).toBe(2);
    },
  );
});

describe("the inert-scores warning", () => {
  salesWithoutRules(
    "a queue without preferred agent routing rules: nothing is sent, and it is counted",
    async ({ emulator, harness }) => {
      const queue = firstQueue(emulator.control.snapshot());
      expect(queue.name).toBe("Sales");
      const started = await harness.startWorker();

      const first = await score(emulator, harness, queue.id);
      const second = await score(emulator, harness, queue.id);

      expect(first.finished.returnvalue).toEqual({
        status: "scores-inert",
        reason: "no-routing-rules",
        round: 0,
      });
      expect([...first.patches, ...second.patches]).toEqual([]);
      // Nor were the members listed: an inert decision costs one cached queue read, nothing more.
      expect(
        emulator.control.requestLog().filter((entry) => entry.path.endsWith(`/queues/${queue.id}/members`)),
      ).toEqual([]);
      expect(
        await sumMetric([started.dependencies.registry], "worker_scores_inert_total", {
          queue_id: queue.id,
          reason: "no-routing-rules",
        }),
      ).toBe(2);
    },
  );

  unreachableFirstRule(
    "a MEETS_THRESHOLD no score can meet is reported; the scores still go, for the rule after it",
    async ({ emulator, harness }) => {
      const queue = firstQueue(emulator.control.snapshot());
      const started = await harness.startWorker();

      const { finished, patches } = await score(emulator, harness, queue.id);

      expect(finished.returnvalue).toMatchObject({ status: "scored", gate: null });
      expect(patches).toHaveLength(1);
      expect(
        await sumMetric([started.dependencies.registry], "worker_scores_inert_total", {
          reason: "threshold-unreachable",
        }),
      ).toBe(1);
    },
  );
});
