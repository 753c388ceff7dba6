/**
 * Live CSAT per agent: the scheduled refresh reads the survey aggregates from the emulator, the roster
 * carries each member's CSAT, and core's ranking (which falls back to 0.5 without it) ranks on it.
 */
import { rankAgents } from "@routing/core";
import { createDecisionLog } from "@routing/decision-log";
import { createGenesysClient } from "@routing/genesys-client";
import { QUEUES } from "@routing/jobs";
import { createRosterStore, rosterCandidates, rosterKeyPrefix } from "@routing/roster";
import { EMULATOR_DEFAULTS } from "@routing/service-kit";
import { describe, expect } from "vitest";
import { firstQueue } from "./support/emulator-agents.js";
import { createWorkerTest, waitForFinished } from "./support/worker-harness.js";

const HISTORY_MS = 6 * 60 * 60 * 1000;

// Six hours of traffic on a manual clock leave survey responses behind (30 % of answered conversations).
const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 6 } });

describe("roster.csat-refresh", () => {
  test("reads survey aggregates into the roster, and an agent with a higher CSAT ranks higher, all else equal", async ({
    emulator,
    harness,
    redis,
  }) => {
    await emulator.control.advance(HISTORY_MS);
    const queue = firstQueue(emulator.control.snapshot());
    const nowMs = () => emulator.control.now();
    await harness.startWorker({}, { nowMs });
    const store = createRosterStore(redis.connection, {
      keyPrefix: rosterKeyPrefix(redis.prefix),
      now: nowMs,
    });
    await store.declareFollowed([queue.id], nowMs());
    const maintenance = harness.queue(QUEUES.maintenance);
    const seed = await harness.add("roster.seed", { queueId: queue.id, reason: "start", toMs: nowMs() });
    expect(await (await waitForFinished(maintenance, seed.id ?? "")).getState()).toBe("completed");

    const before = rosterCandidates(await store.readQueueRoster(queue.id));
    expect(before.every((member) => member.csat === undefined)).toBe(true);

    emulator.control.clearLogs();
    const job = await harness.add("roster.csat-refresh", { requestedAtMs: nowMs() });
    const finished = await waitForFinished(maintenance, job.id ?? "");
    expect(await finished.getState()).toBe("completed");
    expect(finished.returnvalue).toMatchObject({ status: "refreshed", requests: 1 });
    const calls = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
    expect(calls.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      "POST /api/v2/analytics/surveys/aggregates/query",
    ]);

    // What the API says, independently of the worker: each member's average oSurveyTotalScore / 100.
    const client = createGenesysClient({
      clientId: EMULATOR_DEFAULTS.clientId,
      clientSecret: EMULATOR_DEFAULTS.clientSecret,
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
    });
    const surveys = await client.analytics.querySurveyAggregates({
      interval: `${new Date(nowMs() - 7 * 24 * 3_600_000).toISOString()}/${new Date(nowMs()).toISOString()}`,
      groupBy: ["userId"],
      metrics: ["oSurveyTotalScore"],
      filter: { type: "or", predicates: [{ dimension: "queueId", operator: "matches", value: queue.id }] },
    });
    const expected = new Map<string, number>();
    for (const result of surveys.results ?? []) {
      const stats = result.data?.[0]?.metrics.find((metric) => metric.metric === "oSurveyTotalScore")?.stats;
      const userId = result.group?.userId;
      if (userId !== undefined && stats?.count !== undefined && stats.count >= 3 && stats.sum !== undefined) {
        expected.set(userId, stats.sum / stats.count / 100);
      }
    }

    const members = rosterCandidates(await store.readQueueRoster(queue.id));
    const withCsat = members.filter((member) => member.csat !== undefined);
    expect(withCsat.length).toBeGreaterThanOrEqual(2);
    for (const member of members) {
      const want = expected.get(member.id);
      if (want === undefined) expect(member.csat).toBeUndefined();
      else expect(member.csat).toBeCloseTo(want, 9);
    }

    // All else equal: no skill or language asked for, so proficiency and language match are 1 for everyone
    // and only the CSAT tells the agents apart (idle time would only break ties).
    const ranked = rankAgents(withCsat, { requiredSkills: [] }, { eligibleStatuses: "any", nowMs: nowMs() });
    const csatOf = new Map(withCsat.map((member) => [member.id, member.csat ?? 0]));
    const order = ranked.map((agent) => csatOf.get(agent.agentId) ?? -1);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    const best = ranked[0];
    const worst = ranked[ranked.length - 1];
    expect(best && worst && best.score > worst.score).toBe(true);
    // Before the refresh everyone scored the same (the 0.5 fallback): the CSAT made the difference.
    const flat = rankAgents(before, { requiredSkills: [] }, { eligibleStatuses: "any", nowMs: nowMs() });
    expect(new Set(flat.map((agent) => agent.score)).size).toBe(1);

    // And the worker's own scoring uses it: the decision record of a conversation.score job shows each
    // member's live CSAT as its CSAT component, no fallback.
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
    });
    const scoring = await harness.add("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
      observedAtMs: nowMs(),
    });
    const scored = await waitForFinished(harness.queue(QUEUES.decisions), scoring.id ?? "");
    expect(await scored.getState()).toBe("completed");
    const log = createDecisionLog(redis.connection, { prefix: redis.prefix, now: nowMs });
    const [record] = (await log.byConversation(conversationId)).records;
    const recorded = new Map(
      (record?.ranking?.candidates ?? []).map((candidate) => [candidate.agentId, candidate.components]),
    );
    for (const member of withCsat) {
      const components = recorded.get(member.id);
      if (components === undefined) continue; // beyond the record's candidate cap
      expect(components.csatFallback).toBe(false);
      expect(components.csat).toBeCloseTo(member.csat ?? -1, 9);
    }
    expect(withCsat.filter((member) => recorded.has(member.id)).length).toBeGreaterThanOrEqual(2);
  });
});
