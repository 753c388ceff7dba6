/**
 * SLA weights from the measured service level: the scheduled measurement reads each followed queue's
 * `oServiceLevel` from the emulator, caches it, and the weights the score handler asks for follow it (core's
 * rules: behind target favours language match, ahead of it favours CSAT; unmeasured: the base weights).
 */
import { DEFAULT_SCORING_WEIGHTS } from "@routing/core";
import { createDecisionLog } from "@routing/decision-log";
import { QUEUES } from "@routing/jobs";
import { createRosterStore, rosterKeyPrefix } from "@routing/roster";
import { describe, expect } from "vitest";
import { createQueueServiceLevels } from "../src/service-level/queue-service-levels.js";
import { createWorkerTest, waitForFinished } from "./support/worker-harness.js";

// Sales keeps Genesys' default target (80 % within 20 s); Support's 1 s cannot be met (the emulator routes
// after 2 s), so the same traffic measures about 100 % on one and 0 % on the other.
const test = createWorkerTest({
  clock: "manual",
  contactCentre: {
    arrivalsPerMinute: 0,
    meanPatienceMs: 0,
    serviceLevelByQueue: { Support: { percentage: 0.8, durationMs: 1_000 } },
  },
});

describe("queues.service-level", () => {
  test("measures each followed queue's service level and the scoring weights change with it", async ({
    emulator,
    harness,
    redis,
  }) => {
    const snapshot = emulator.control.snapshot();
    const sales = snapshot.queues.find((queue) => queue.name === "Sales");
    const support = snapshot.queues.find((queue) => queue.name === "Support");
    const billing = snapshot.queues.find((queue) => queue.name === "Billing");
    if (sales === undefined || support === undefined || billing === undefined) throw new Error("queues");
    // One conversation a minute on each queue for 25 minutes: 25 contacts each, within the 30-minute window.
    for (let minute = 0; minute < 25; minute++) {
      emulator.control.createConversation({ queueId: sales.id, mediaType: "call" });
      emulator.control.createConversation({ queueId: support.id, mediaType: "call" });
      await emulator.control.advance(60_000);
    }
    const nowMs = () => emulator.control.now();
    await harness.startWorker({}, { nowMs });
    const store = createRosterStore(redis.connection, {
      keyPrefix: rosterKeyPrefix(redis.prefix),
      now: nowMs,
    });
    await store.declareFollowed([sales.id, support.id, billing.id], nowMs());
    const levels = createQueueServiceLevels({
      redis: redis.connection,
      keyPrefix: redis.prefix,
      ttlMs: 60_000,
    });
    // Nothing measured yet: the base weights, whatever the queue.
    expect(await levels.weightsFor(support.id)).toEqual({ weights: DEFAULT_SCORING_WEIGHTS, sla: null });

    emulator.control.clearLogs();
    const job = await harness.add("queues.service-level", { requestedAtMs: nowMs() });
    const finished = await waitForFinished(harness.queue(QUEUES.maintenance), job.id ?? "");
    expect(await finished.getState()).toBe("completed");
    const analytics = emulator.control
      .requestLog()
      .filter((entry) => entry.path === "/api/v2/analytics/conversations/aggregates/query");
    expect(analytics).toHaveLength(1);

    const salesLevel = await levels.read(sales.id);
    const supportLevel = await levels.read(support.id);
    expect(salesLevel).toMatchObject({ target: { percent: 80, seconds: 20 } });
    expect(supportLevel).toMatchObject({ target: { percent: 80, seconds: 1 }, numerator: 0 });
    expect(salesLevel?.denominator).toBeGreaterThanOrEqual(20);
    expect(supportLevel?.denominator).toBeGreaterThanOrEqual(20);
    expect((salesLevel?.numerator ?? 0) / (salesLevel?.denominator ?? 1)).toBeGreaterThanOrEqual(0.85);
    // Billing had no traffic: nothing to judge, nothing cached.
    expect(await levels.read(billing.id)).toBeUndefined();

    const ahead = await levels.weightsFor(sales.id);
    const behind = await levels.weightsFor(support.id);
    expect(ahead.sla?.rule).toBe("ahead-of-target");
    expect(behind.sla?.rule).toBe("behind-target");
    expect(ahead.weights.csat).toBeGreaterThan(DEFAULT_SCORING_WEIGHTS.csat);
    expect(behind.weights.languageMatch).toBeGreaterThan(DEFAULT_SCORING_WEIGHTS.languageMatch);
    expect(behind.weights.languageMatch).toBeGreaterThan(ahead.weights.languageMatch);
    expect(await levels.weightsFor(billing.id)).toEqual({ weights: DEFAULT_SCORING_WEIGHTS, sla: null });

    // The worker's scoring ranks with them: a Support conversation's decision record shows its weights.
    const conversationId = emulator.control.createConversation({ queueId: support.id, mediaType: "call" });
    const scoring = await harness.add("conversation.score", {
      conversationId,
      queueId: support.id,
      mediaType: "call",
      skillIds: [],
      observedAtMs: nowMs(),
    });
    const scored = await waitForFinished(harness.queue(QUEUES.decisions), scoring.id ?? "");
    expect(await scored.getState()).toBe("completed");
    const log = createDecisionLog(redis.connection, { prefix: redis.prefix, now: nowMs });
    const [record] = (await log.byConversation(conversationId)).records;
    const recorded = record?.ranking?.weights;
    for (const key of ["proficiency", "languageMatch", "csat"] as const) {
      expect(recorded?.[key]).toBeCloseTo(behind.weights[key], 9);
    }
    expect(recorded?.languageMatch).toBeGreaterThan(DEFAULT_SCORING_WEIGHTS.languageMatch);
  });
});
