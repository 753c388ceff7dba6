import { randomUUID } from "node:crypto";
import { buildRequestScoredAgentsExplained, type CandidateAgent } from "@routing/core";
import {
  createDecisionLog,
  createShadowStore,
  type DecisionInput,
  type DecisionRecord,
} from "@routing/decision-log";
import type { IsolatedRedis } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { dashboardTest, type ErrorAnswer } from "./dashboard-fixture.js";

const QUEUE_A = "0a5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a01";
const QUEUE_B = "0a5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a02";
const SKILL = "5c2b7a4e-1d2e-4f3a-8b9c-0d1e2f3a4b5c";

interface Stored {
  readonly decisions: DecisionRecord[];
  readonly nextCursor: string | null;
}

/** A scoring decision the way the worker writes it (core's own explanation), decided `agoMs` ago. */
function scoring(conversationId: string, queueId: string, decidedAtMs: number): DecisionInput {
  const candidates: CandidateAgent[] = [1, 2, 3].map((level) => ({
    id: randomUUID(),
    name: `Agent ${level}`,
    skills: { [SKILL]: level + 1 },
    languages: [],
    routingStatus: { status: "IDLE", startTime: decidedAtMs - level * 60_000 },
  }));
  const { requestScoredAgents, explanation } = buildRequestScoredAgentsExplained(
    candidates,
    { requiredSkills: [SKILL] },
    { nowMs: decidedAtMs },
  );
  return {
    conversationId,
    queueId,
    event: {
      jobName: "conversation.score",
      jobId: `score_${conversationId}_0`,
      attempt: 1,
      observedAtMs: decidedAtMs - 30,
    },
    ranking: explanation,
    action: { outcome: "scored", requestScoredAgents },
    genesysCalls: [
      {
        method: "PATCH",
        pathTemplate: "/api/v2/routing/conversations/{conversationId}",
        status: 202,
        durationMs: 12.5,
        correlationId: randomUUID(),
      },
    ],
    timings: { observedAtMs: decidedAtMs - 30, decidedAtMs },
  };
}

function logOf(redis: IsolatedRedis) {
  return createDecisionLog(redis.connection, { prefix: redis.prefix });
}

describe("GET /api/conversations/:id/decisions", () => {
  dashboardTest(
    "returns the conversation's records as the worker wrote them, newest first",
    async ({ redis, dashboard }) => {
      const conversationId = randomUUID();
      const now = Date.now();
      const log = logOf(redis);
      const older = await log.write(scoring(conversationId, QUEUE_A, now - 2_000));
      const newer = await log.write(scoring(conversationId, QUEUE_A, now - 1_000));
      await log.write(scoring(randomUUID(), QUEUE_A, now - 500));

      const response = await dashboard.request(`/api/conversations/${conversationId}/decisions`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Stored & { conversationId: string };
      expect(body.conversationId).toBe(conversationId);
      expect(body.decisions).toEqual([newer, older]);
      expect(body.decisions[0]?.ranking?.candidates[0]?.components).toBeDefined();
      expect(body.decisions[0]?.genesysCalls[0]?.correlationId).toBe(newer.genesysCalls[0]?.correlationId);

      const paged = (await (
        await dashboard.request(`/api/conversations/${conversationId}/decisions?limit=1`)
      ).json()) as Stored;
      expect(paged.decisions).toEqual([newer]);
      const rest = (await (
        await dashboard.request(
          `/api/conversations/${conversationId}/decisions?limit=1&cursor=${paged.nextCursor ?? ""}`,
        )
      ).json()) as Stored;
      expect(rest).toEqual({ conversationId, decisions: [older], nextCursor: null });
    },
  );

  dashboardTest(
    "an unknown conversation is an empty list; an id that is not a UUID is a 400 naming it",
    async ({ dashboard }) => {
      const unknown = randomUUID();
      const empty = await dashboard.request(`/api/conversations/${unknown}/decisions`);
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual({ conversationId: unknown, decisions: [], nextCursor: null });

      const bad = await dashboard.request("/api/conversations/not-a-uuid/decisions");
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorAnswer).error).toMatchObject({ code: "invalid-query", field: "id" });

      const badLimit = await dashboard.request(`/api/conversations/${unknown}/decisions?limit=0`);
      expect(badLimit.status).toBe(400);
      expect(((await badLimit.json()) as ErrorAnswer).error.field).toBe("limit");
    },
  );

  dashboardTest("is behind the dashboard's auth", async ({ dashboard }) => {
    const response = await dashboard.request(`/api/conversations/${randomUUID()}/decisions`, { auth: false });
    expect(response.status).toBe(401);
    expect((await dashboard.request("/api/decisions", { auth: false })).status).toBe(401);
    expect((await dashboard.request("/api/shadow", { auth: false })).status).toBe(401);
  });
});

describe("GET /api/decisions", () => {
  dashboardTest(
    "filters by queue, outcome and time, and pages with the cursor",
    async ({ redis, dashboard }) => {
      const now = Date.now();
      const log = logOf(redis);
      const a1 = await log.write(scoring(randomUUID(), QUEUE_A, now - 30_000));
      const a2 = await log.write(scoring(randomUUID(), QUEUE_A, now - 20_000));
      const b1 = await log.write(scoring(randomUUID(), QUEUE_B, now - 10_000));
      const shadowInput = scoring(randomUUID(), QUEUE_A, now - 5_000);
      const shadow = await log.write({
        ...shadowInput,
        action: { ...shadowInput.action, outcome: "shadow", shadowOf: "scored" },
      });
      const get = async (query: string) => {
        const response = await dashboard.request(`/api/decisions${query}`);
        expect(response.status, query).toBe(200);
        return (await response.json()) as Stored;
      };
      const ids = (stored: Stored) => stored.decisions.map((record) => record.decisionId);

      expect(ids(await get(""))).toEqual([shadow, b1, a2, a1].map((record) => record.decisionId));
      expect(ids(await get(`?queueId=${QUEUE_A}`))).toEqual([shadow, a2, a1].map((r) => r.decisionId));
      expect(ids(await get(`?queueId=${QUEUE_A}&outcome=scored`))).toEqual([a2, a1].map((r) => r.decisionId));
      expect(ids(await get("?outcome=shadow"))).toEqual([shadow.decisionId]);
      const from = new Date(now - 25_000).toISOString();
      expect(ids(await get(`?from=${from}&to=${now - 10_000}`))).toEqual([b1, a2].map((r) => r.decisionId));

      const first = await get("?limit=3");
      expect(ids(first)).toEqual([shadow, b1, a2].map((r) => r.decisionId));
      const second = await get(`?limit=3&cursor=${first.nextCursor ?? ""}`);
      expect(second).toEqual({ decisions: [a1], nextCursor: null });
    },
  );

  dashboardTest.for([
    ["queueId", "?queueId=queue-a"],
    ["outcome", "?outcome=maybe"],
    ["from", "?from=yesterday"],
    ["to", "?from=2000&to=1000"],
    ["limit", "?limit=501"],
    ["limit", "?limit=ten"],
    ["cursor", "?cursor=bm90LWEtY3Vyc29y"],
    ["queue", "?queue=0a5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a01"],
    ["outcome", "?outcome=scored&outcome=shadow"],
  ] as const)("a bad %s is a 400 naming it (%s)", async ([field, query], { dashboard }) => {
    const response = await dashboard.request(`/api/decisions${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorAnswer).error).toMatchObject({ code: "invalid-query", field });
  });
});

describe("GET /api/shadow", () => {
  dashboardTest(
    "per queue: comparisons, agreements, agreement rate, mean score gap",
    async ({ redis, dashboard }) => {
      expect(await (await dashboard.request("/api/shadow")).json()).toEqual({ queues: [] });
      const store = createShadowStore(redis.connection, { prefix: redis.prefix });
      await store.record({ comparisonId: "assign_1", queueId: QUEUE_B, agreed: true, scoreGap: 0 });
      await store.record({ comparisonId: "assign_2", queueId: QUEUE_B, agreed: false, scoreGap: 0.25 });
      await store.record({ comparisonId: "assign_3", queueId: QUEUE_B, agreed: false, scoreGap: 0.5 });
      await store.record({ comparisonId: "assign_4", queueId: QUEUE_A, agreed: true, scoreGap: 0 });
      // A retried job compares again: counted once.
      expect(
        await store.record({ comparisonId: "assign_3", queueId: QUEUE_B, agreed: false, scoreGap: 0.5 }),
      ).toBe(false);

      const response = await dashboard.request("/api/shadow");
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        queues: [
          { queueId: QUEUE_A, compared: 1, agreed: 1, agreementRate: 1, meanScoreGap: 0 },
          { queueId: QUEUE_B, compared: 3, agreed: 1, agreementRate: 1 / 3, meanScoreGap: 0.25 },
        ],
      });
    },
  );
});
