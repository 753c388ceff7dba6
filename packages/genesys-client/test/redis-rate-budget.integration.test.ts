import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
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
  type RequestLane,
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
    // Connected before the clock starts: timing assertions below are about the budget, not a TCP handshake.
    await Promise.all(connections.map((connection) => connection.ping()));
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

/** Keeps `concurrency` acquires outstanding on one lane until `untilMs` (performance.now), recording grants. */
async function saturate(
  budget: RateBudget,
  lane: RequestLane,
  concurrency: number,
  untilMs: number,
  grants: number[],
): Promise<void> {
  const worker = async () => {
    while (performance.now() < untilMs) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error("run over")), untilMs - performance.now());
      try {
        await budget.acquire({ method: "GET", pathTemplate: "/api/v2/x", lane }, controller.signal);
        if (performance.now() < untilMs) grants.push(performance.now());
      } catch {
        return;
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

describe("lanes in the one shared budget (real Redis)", () => {
  const LIMIT = 20;
  const WINDOW_MS = 1_000;
  // Grants are timed here when their promise resolves, a little after Redis made them: the padding absorbs
  // that, as it absorbs network jitter in production.
  const settings = { limit: LIMIT, windowMs: WINDOW_MS, arrivalJitterMs: 150 };

  redisTest(
    "at saturation decisions keep their share, background lanes stay under their caps, notifications get through",
    async ({ redis }) => {
      await withConnections(redis, 2, async ([workerConnection, ingesterConnection]) => {
        const keyPrefix = keyPrefixOf(redis);
        const worker = createRedisRateBudget(workerConnection as Redis, { keyPrefix, ...settings });
        const ingester = createRedisRateBudget(ingesterConnection as Redis, { keyPrefix, ...settings });
        const until = performance.now() + 2_600;
        const grants: Record<string, number[]> = {};
        const run = (budget: RateBudget, lane: RequestLane, concurrency: number) => {
          grants[lane] = [];
          return saturate(budget, lane, concurrency, until, grants[lane] as number[]);
        };
        // Background lanes flood first and hold the window when decisions and notifications arrive.
        const background = [
          run(worker, "roster", 30),
          run(worker, "recovery", 30),
          run(worker, "reconciliation", 30),
          run(worker, "skills", 30),
          run(worker, "maintenance", 30),
        ];
        await sleep(300);
        await Promise.all([...background, run(worker, "decision", 60), run(ingester, "notifications", 2)]);

        const all = Object.values(grants).flat();
        expect(busiestSlidingWindow(all, WINDOW_MS)).toBeLessThanOrEqual(LIMIT);
        // Caps: max(1, floor(maxShare × limit)) per window (DEFAULT_LANE_SHARES).
        const caps: Partial<Record<RequestLane, number>> = {
          roster: 6,
          recovery: 6,
          reconciliation: 4,
          skills: 4,
          maintenance: 2,
          notifications: 5,
        };
        for (const [lane, cap] of Object.entries(caps)) {
          expect(busiestSlidingWindow(grants[lane] ?? [], WINDOW_MS), lane).toBeLessThanOrEqual(cap);
        }
        // Before decisions came, background took at most limit − the decisions' reservation (10).
        const firstWindow = all.filter((at) => at < (grants.decision?.[0] ?? 0));
        expect(firstWindow.length).toBeLessThanOrEqual(LIMIT - 10);
        // Decisions find their reservation free the moment they arrive, and from then on (they come first)
        // hold at least their share of every grant; the notifications got through all the same.
        const decisions = grants.decision ?? [];
        const arrived = decisions[0] ?? 0;
        expect(decisions.filter((at) => at < arrived + 100).length).toBeGreaterThanOrEqual(10);
        const afterwards = all.filter((at) => at >= arrived);
        expect(decisions.length / afterwards.length).toBeGreaterThanOrEqual(0.5);
        expect((grants.notifications ?? []).length).toBeGreaterThanOrEqual(2);
      });
    },
  );

  redisTest(
    "a retry's tryAcquire takes a slot only if one is free now, and never jumps its lane's queue",
    async ({ redis }) => {
      await withConnections(redis, 1, async ([connection]) => {
        const budget = createRedisRateBudget(connection as Redis, {
          keyPrefix: keyPrefixOf(redis),
          limit: 2,
          windowMs: 60_000,
        });
        expect(await budget.tryAcquire({ ...request, lane: "decision" })).toBe(true);
        await budget.acquire(request);
        expect(await budget.tryAcquire({ ...request, lane: "decision" })).toBe(false);
      });
    },
  );

  redisTest(
    "after a pause the backlog is released paced over a window, not all at once",
    async ({ redis }) => {
      await withConnections(redis, 1, async ([connection]) => {
        const budget = createRedisRateBudget(connection as Redis, {
          keyPrefix: keyPrefixOf(redis),
          limit: 10,
          windowMs: 1_000,
          arrivalJitterMs: 0,
        });
        // Wall-clock ms, the clock Redis' TIME (which the ramp runs on) reads on this machine.
        const began = Date.now();
        await budget.pauseFor(200);
        const granted: number[] = [];
        await Promise.all(
          Array.from({ length: 10 }, () => budget.acquire(request).then(() => granted.push(Date.now()))),
        );
        // The ramp allows floor(10 × elapsed / 1000) + 1 grants after the pause: the k-th grant comes no
        // earlier than 200 + 100k ms. A busy machine only delays grants (bunching them after a stall, which
        // the ramp allows), so this lower bound, not a window count, is what holds on any machine.
        granted.sort((a, b) => a - b);
        const early = granted
          .map((at, k) => ({ k, afterMs: at - began, earliestMs: 200 + 100 * k }))
          .filter(({ afterMs, earliestMs }) => afterMs < earliestMs - 5);
        expect(early).toEqual([]);
      });
    },
  );
});

describe("the budget follows what Genesys reports", () => {
  redisTest(
    "configured above the server's limit, it keeps to the inin-ratelimit-allowed it observes: no 429",
    async ({ redis }) => {
      const emulator = await startTestEmulator({ rateLimit: { limit: 10, windowMs: 2_000 } });
      try {
        await withConnections(redis, 3, async (connections) => {
          const keyPrefix = keyPrefixOf(redis);
          const clients = connections.map((connection) =>
            createGenesysClient({
              ...DEFAULT_EMULATOR_CREDENTIALS,
              apiBaseUrl: emulator.apiBaseUrl,
              loginBaseUrl: emulator.loginBaseUrl,
              tokenStore: createRedisTokenStore(connection, { keyPrefix }),
              // Four times what the server allows (a wrong GENESYS_RATE_LIMIT, or a smaller bucket).
              rateBudget: createRedisRateBudget(connection, { keyPrefix, limit: 40, windowMs: 2_000 }),
            }),
          );
          const one = async (client: (typeof clients)[number]) => {
            for await (const _queue of client.routing.listQueues({ pageSize: 100 })) {
              // drain
            }
          };
          await one(clients[0] as (typeof clients)[number]);
          const results = await Promise.allSettled(
            clients.flatMap((client) => Array.from({ length: 6 }, () => one(client))),
          );
          expect(results.filter((result) => result.status === "rejected")).toEqual([]);
          const api = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
          expect(api).toHaveLength(19);
          expect(api.filter((entry) => entry.status === 429)).toEqual([]);
        });
      } finally {
        await emulator.close();
      }
    },
  );

  redisTest(
    "configured at the server's own limit, arrival jitter padding keeps every fixed window clean: no 429",
    async ({ redis }) => {
      // Genesys' documented 300 per 60 s, scaled down: the budget is configured at exactly the server limit.
      const emulator = await startTestEmulator({ rateLimit: { limit: 15, windowMs: 1_500 } });
      try {
        await withConnections(redis, 3, async (connections) => {
          const keyPrefix = keyPrefixOf(redis);
          const clients = connections.map((connection) =>
            createGenesysClient({
              ...DEFAULT_EMULATOR_CREDENTIALS,
              apiBaseUrl: emulator.apiBaseUrl,
              loginBaseUrl: emulator.loginBaseUrl,
              tokenStore: createRedisTokenStore(connection, { keyPrefix }),
              rateBudget: createRedisRateBudget(connection, { keyPrefix, limit: 15, windowMs: 1_500 }),
            }),
          );
          const results = await Promise.allSettled(
            clients.flatMap((client) =>
              Array.from({ length: 14 }, async () => {
                for await (const _queue of client.routing.listQueues({ pageSize: 100 })) {
                  // drain
                }
              }),
            ),
          );
          expect(results.filter((result) => result.status === "rejected")).toEqual([]);
          const api = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
          expect(api).toHaveLength(42);
          expect(api.filter((entry) => entry.status === 429)).toEqual([]);
        });
      } finally {
        await emulator.close();
      }
    },
  );

  redisTest(
    "a response saying the window is used up holds every process until its reset",
    async ({ redis }) => {
      await withConnections(redis, 2, async ([first, second]) => {
        const keyPrefix = keyPrefixOf(redis);
        const observer = createRedisRateBudget(first as Redis, { keyPrefix, limit: 100, windowMs: 60_000 });
        const other = createRedisRateBudget(second as Redis, { keyPrefix, limit: 100, windowMs: 60_000 });
        observer.observe({ allowed: 300, count: 300, resetSeconds: 1 }, request);
        await sleep(100);
        expect(await other.pausedForMs()).toBeGreaterThan(500);
      });
    },
  );
});
