import { createDecisionLog } from "@routing/decision-log";
import { createRedisRateBudget } from "@routing/genesys-client";
import { QUEUES } from "@routing/jobs";
import { redisTest } from "@routing/test-utils";
import { Queue } from "bullmq";
import { describe, expect } from "vitest";
import type { Overview } from "../src/overview/read-overview.js";
import { startTestDashboard } from "./dashboard-fixture.js";
import { sampleDecision } from "./decision-samples.js";

const MINUTE = 60_000;

describe("GET /api/overview (real HTTP, real Redis)", () => {
  redisTest(
    "shows decisions per minute by outcome, backlog, budget use, 429 pauses and stream lag",
    async ({ redis }) => {
      const now = Math.floor(Date.now() / MINUTE) * MINUTE + 30_000;
      const dashboard = await startTestDashboard(redis, {
        now: () => now,
        genesysBudget: { limit: 10, windowMs: 60_000 },
      });
      try {
        const empty = (await (await dashboard.request("/api/overview")).json()) as Overview;
        expect(empty.decisions.outcomes.scored).toEqual(new Array(30).fill(0));
        expect(empty.budget.clients).toEqual([]);
        expect(empty.stream).toEqual({ topics: [], maxLagSeconds: null });

        const log = createDecisionLog(redis.connection, { prefix: redis.prefix });
        // This minute: 2 scored + 1 no-eligible; two minutes ago: 1 scored; 40 minutes ago: outside the window.
        await log.write(sampleDecision("conv-a", now - 1_000));
        await log.write(sampleDecision("conv-b", now - 2_000));
        await log.write(sampleDecision("conv-c", now - 3_000, "no-eligible"));
        await log.write(sampleDecision("conv-d", now - 2 * MINUTE));
        await log.write(sampleDecision("conv-e", now - 40 * MINUTE));

        const decisions = redis.track(new Queue(QUEUES.decisions, redis.bullmq));
        await decisions.add("conversation.score", {}, { priority: 1 });
        await decisions.add("conversation.score", {}, { priority: 1 });
        await decisions.add("conversation.score", {});
        await decisions.rateLimit(30_000);

        const budget = createRedisRateBudget(redis.connection, {
          keyPrefix: `${redis.prefix}:genesys:Y2xpZW50:`,
          limit: 10,
          windowMs: 60_000,
        });
        for (let call = 0; call < 3; call += 1) {
          await budget.acquire({
            method: "PATCH",
            pathTemplate: "/api/v2/routing/conversations/{conversationId}",
          });
        }
        await budget.acquire({ method: "GET", pathTemplate: "/api/v2/users", lane: "roster" });
        await budget.pauseFor(20_000);

        await redis.connection.hset(`${redis.prefix}:ingester:delivered-until`, {
          "v2.routing.queues.q1.conversations": String(now - 5_000),
          "v2.users.u1.presence": String(now - 65_000),
        });

        const answer = await dashboard.request("/api/overview");
        expect(answer.status).toBe(200);
        const overview = (await answer.json()) as Overview;
        expect(overview.generatedAt).toBe(new Date(now).toISOString());
        expect(overview.decisions.bucketSeconds).toBe(60);
        expect(overview.decisions.fromMs).toBe(now - 30_000 - 29 * MINUTE);
        const scored = overview.decisions.outcomes.scored;
        expect(scored).toHaveLength(30);
        expect(scored.at(-1)).toBe(2);
        expect(scored.at(-3)).toBe(1);
        expect(scored.reduce((sum, count) => sum + count, 0)).toBe(3);
        expect(overview.decisions.outcomes["no-eligible"].at(-1)).toBe(1);

        const queue = overview.queues.find((entry) => entry.queue === QUEUES.decisions);
        expect(queue).toMatchObject({ backlog: 3, paused: false });
        expect(queue?.counts).toMatchObject({ prioritized: 2, waiting: 1 });
        expect(queue?.rateLimitTtlMs).toBeGreaterThan(20_000);
        expect(overview.rateLimited).toEqual({ queues: [QUEUES.decisions], budgets: 1 });

        expect(overview.budget.limit).toBe(10);
        expect(overview.budget.clients).toHaveLength(1);
        expect(overview.budget.clients[0]).toMatchObject({
          client: "Y2xpZW50",
          total: 4,
          use: 0.4,
          observedLimit: null,
        });
        expect(overview.budget.clients[0]?.granted).toMatchObject({ decision: 3, roster: 1, skills: 0 });
        expect(overview.budget.clients[0]?.pausedMs).toBeGreaterThan(15_000);

        expect(overview.stream.maxLagSeconds).toBe(65);
        expect(overview.stream.topics.map((topic) => topic.topic)).toEqual([
          "v2.users.u1.presence",
          "v2.routing.queues.q1.conversations",
        ]);

        expect((await dashboard.request("/api/overview", { auth: false })).status).toBe(401);
      } finally {
        await dashboard.close();
      }
    },
  );
});
