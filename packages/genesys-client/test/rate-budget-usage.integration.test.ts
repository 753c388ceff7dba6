import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { createRedisRateBudget, findRateBudgets, readRateBudgetUsage } from "../src/index.js";

describe("reading a shared budget's use (real Redis)", () => {
  redisTest(
    "counts grants per lane within the window, the pause and the observed limit, taking nothing",
    async ({ redis }) => {
      const prefix = `${redis.prefix}:genesys:`;
      const clientA = `${prefix}client-a:`;
      const clientB = `${prefix}client-b:`;
      expect(await findRateBudgets(redis.connection, prefix)).toEqual([]);

      const budgetA = createRedisRateBudget(redis.connection, {
        keyPrefix: clientA,
        limit: 20,
        windowMs: 60_000,
      });
      const budgetB = createRedisRateBudget(redis.connection, {
        keyPrefix: clientB,
        limit: 20,
        windowMs: 60_000,
      });
      for (let call = 0; call < 3; call += 1)
        await budgetA.acquire({ method: "PATCH", pathTemplate: "/api/v2/x" });
      await budgetA.acquire({ method: "GET", pathTemplate: "/api/v2/users", lane: "roster" });
      await budgetA.pauseFor(10_000);
      await budgetB.acquire({ method: "GET", pathTemplate: "/api/v2/users", lane: "skills" });

      expect(await findRateBudgets(redis.connection, prefix)).toEqual([clientA, clientB]);
      // Someone else's deployment under another prefix is not found.
      expect(await findRateBudgets(redis.connection, `${redis.prefix}-other:genesys:`)).toEqual([]);

      const usage = await readRateBudgetUsage(redis.connection, clientA, 60_000);
      expect(usage).toMatchObject({ keyPrefix: clientA, total: 4, observedLimit: null });
      expect(usage.granted).toEqual({
        decision: 3,
        notifications: 0,
        recovery: 0,
        roster: 1,
        reconciliation: 0,
        skills: 0,
        maintenance: 0,
      });
      expect(usage.pausedMs).toBeGreaterThan(8_000);
      expect(usage.pausedMs).toBeLessThanOrEqual(10_000);

      // Reading takes no slot: the same again.
      expect((await readRateBudgetUsage(redis.connection, clientA, 60_000)).total).toBe(4);
      const other = await readRateBudgetUsage(redis.connection, clientB, 60_000);
      expect(other).toMatchObject({ total: 1, pausedMs: 0 });
      expect(other.granted.skills).toBe(1);
      // A window shorter than the time since the grants counts none of them.
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await readRateBudgetUsage(redis.connection, clientB, 10)).total).toBe(0);
    },
  );
});
