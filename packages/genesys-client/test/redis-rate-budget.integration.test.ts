import { performance } from "node:perf_hooks";
import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { type IsolatedRedis, redisTest, startTestEmulator } from "@routing/test-utils";
import { Redis } from "ioredis";
import { describe, expect } from "vitest";
import {
  createGenesysClient,
  createLocalRateBudget,
  createRedisRateBudget,
  createRedisTokenStore,
  GenesysClientOptionsError,
  type RateBudget,
} from "../src/index.js";
import { busiestSlidingWindow } from "./sliding-window.js";

const request = { method: "GET", pathTemplate: "/api/v2/routing/queues" };

/** The budget's keys live under the fixture's prefix, so the fixture's teardown deletes them. */
const keyPrefixOf = (redis: IsolatedRedis): string => `${redis.prefix}:genesys:`;

/** True when the promise is already settled (it settles before a macrotask turn). */
async function settlesNow(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  const winner = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise((resolve) => setTimeout(() => resolve(pending), 50)),
  ]);
  return winner !== pending;
}

/** Runs `body` with `count` extra connections (one per simulated process) and quits them after. */
async function withConnections<T>(
  redis: IsolatedRedis,
  count: number,
  body: (connections: Redis[]) => Promise<T>,
): Promise<T> {
  const connections = Array.from({ length: count }, () => redis.newConnection({ maxRetriesPerRequest: 1 }));
  try {
    return await body(connections);
  } finally {
    await Promise.all(connections.map((connection) => connection.quit()));
  }
}

describe("createRedisRateBudget (real Redis)", () => {
  redisTest("grants `limit` slots in a window across processes, and holds the rest", async ({ redis }) => {
    await withConnections(redis, 3, async (connections) => {
      const keyPrefix = keyPrefixOf(redis);
      // Three processes, one budget: a window long enough that nothing frees during the test.
      const budgets = connections.map((connection) =>
        createRedisRateBudget(connection, { keyPrefix, limit: 5, windowMs: 60_000 }),
      );
      const controller = new AbortController();
      const acquisitions = Array.from({ length: 9 }, (_, index) =>
        (budgets[index % budgets.length] as RateBudget).acquire(request, controller.signal),
      );
      const settled = await Promise.all(acquisitions.map(settlesNow));
      expect(settled.filter(Boolean)).toHaveLength(5);
      controller.abort(new Error("test over"));
      const results = await Promise.allSettled(acquisitions);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
      for (const result of results) {
        if (result.status === "rejected") expect(result.reason).toEqual(new Error("test over"));
      }
    });
  });

  redisTest("frees a slot a window after its grant (sliding, not a fixed window)", async ({ redis }) => {
    await withConnections(redis, 1, async ([connection]) => {
      const budget = createRedisRateBudget(connection as Redis, {
        keyPrefix: keyPrefixOf(redis),
        limit: 2,
        windowMs: 300,
      });
      const began = performance.now();
      await budget.acquire(request);
      await budget.acquire(request);
      await budget.acquire(request);
      // The third grant had to wait for the first to leave the window, not for a window edge.
      expect(performance.now() - began).toBeGreaterThanOrEqual(290);
    });
  });

  redisTest(
    "a pause from one process holds every process; a shorter pause does not cut it short",
    async ({ redis }) => {
      await withConnections(redis, 2, async ([first, second]) => {
        const keyPrefix = keyPrefixOf(redis);
        const options = { keyPrefix, limit: 100, windowMs: 1_000 };
        const pauser = createRedisRateBudget(first as Redis, options);
        const other = createRedisRateBudget(second as Redis, options);
        await pauser.pauseFor(400);
        await pauser.pauseFor(50);
        expect(await other.pausedForMs()).toBeGreaterThan(300);
        const began = performance.now();
        await other.acquire(request);
        expect(performance.now() - began).toBeGreaterThanOrEqual(300);
        expect(await other.pausedForMs()).toBe(0);
        await expect(pauser.pauseFor(0)).rejects.toThrow(/"ms"/);
      });
    },
  );

  redisTest(
    "fails the waiting requests, not lets them through, when Redis cannot be reached",
    async ({ redis }) => {
      // A real client pointed at a port nothing listens on, with no offline queue: every command fails.
      const unreachable = new Redis({
        port: 1,
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
      });
      try {
        const budget = createRedisRateBudget(unreachable, {
          keyPrefix: keyPrefixOf(redis),
          limit: 5,
          windowMs: 1_000,
        });
        await expect(budget.acquire(request)).rejects.toThrow();
      } finally {
        unreachable.disconnect();
      }
    },
  );

  redisTest("rejects bad options naming them", async ({ redis }) => {
    await withConnections(redis, 1, async ([connection]) => {
      const runner = connection as Redis;
      expect(() => createRedisRateBudget(runner, { keyPrefix: "", limit: 1, windowMs: 1 })).toThrow(
        GenesysClientOptionsError,
      );
      expect(() => createRedisRateBudget(runner, { keyPrefix: "p:", limit: 0, windowMs: 1 })).toThrow(
        /"limit"/,
      );
      expect(() => createRedisRateBudget(runner, { keyPrefix: "p:", limit: 1, windowMs: -1 })).toThrow(
        /"windowMs"/,
      );
      expect(() =>
        createRedisRateBudget(runner, { keyPrefix: "p:", limit: 1, windowMs: 1, maxPollMs: 0 }),
      ).toThrow(/"maxPollMs"/);
    });
  });
});

describe("several processes sharing one Genesys client id, counted at the emulator", () => {
  const LIMIT = 10;
  const WINDOW_MS = 500;
  const PROCESSES = 4;
  const BACKLOG_PER_PROCESS = 8;
  // Headroom under the server's limit, as the apps run it: a grant is not an arrival, and a starved event
  // loop can send requests granted apart close together (3 test suites at once on 2 cores did: 13 in 500 ms
  // with a budget of 8 per 600 ms).
  const BUDGET = { limit: LIMIT / 2, windowMs: WINDOW_MS + 200 };

  /** Each simulated process has its own Redis connection and client, as separate worker pods would. */
  async function runBacklog(redis: IsolatedRedis, budgetFor: (connection: Redis) => RateBudget) {
    const emulator = await startTestEmulator({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
    try {
      return await withConnections(redis, PROCESSES, async (connections) => {
        const keyPrefix = keyPrefixOf(redis);
        const clients = connections.map((connection) =>
          createGenesysClient({
            ...DEFAULT_EMULATOR_CREDENTIALS,
            apiBaseUrl: emulator.apiBaseUrl,
            loginBaseUrl: emulator.loginBaseUrl,
            // One token for all: Genesys counts per token, and so does the emulator.
            tokenStore: createRedisTokenStore(connection, { keyPrefix }),
            rateBudget: budgetFor(connection),
          }),
        );
        const results = await Promise.allSettled(
          clients.flatMap((client) =>
            Array.from({ length: BACKLOG_PER_PROCESS }, async () => {
              for await (const _queue of client.routing.listQueues({ pageSize: 100 })) {
                // drain
              }
            }),
          ),
        );
        const apiRequests = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
        const tokenRequests = emulator.control
          .requestLog()
          .filter((entry) => entry.path.startsWith("/oauth"));
        return { results, apiRequests, tokenRequests };
      });
    } finally {
      await emulator.close();
    }
  }

  redisTest(
    "keeps every sliding window under the server's limit: no 429 for the whole backlog",
    async ({ redis }) => {
      const { results, apiRequests, tokenRequests } = await runBacklog(redis, (connection) =>
        createRedisRateBudget(connection, { keyPrefix: keyPrefixOf(redis), ...BUDGET }),
      );
      expect(results.filter((result) => result.status === "rejected")).toEqual([]);
      expect(tokenRequests).toHaveLength(1);
      expect(apiRequests).toHaveLength(PROCESSES * BACKLOG_PER_PROCESS);
      expect(apiRequests.filter((entry) => entry.status !== 200)).toEqual([]);
      expect(
        busiestSlidingWindow(
          apiRequests.map((entry) => entry.at),
          WINDOW_MS,
        ),
      ).toBeLessThanOrEqual(LIMIT);
    },
  );

  redisTest(
    "with a per-process budget instead, the same backlog does earn 429s (the check above can fail)",
    async ({ redis }) => {
      const { apiRequests } = await runBacklog(redis, () => createLocalRateBudget(BUDGET));
      expect(apiRequests.some((entry) => entry.status === 429)).toBe(true);
    },
  );
});
