import { GenesysCircuitOpenError } from "@routing/genesys-client";
import { createEmulatorTest, createIsolatedRedis } from "@routing/test-utils";
import { describe, expect } from "vitest";
import {
  createGenesysRuntime,
  createMetricsRegistry,
  genesysClientEventMetrics,
  genesysRequestMetrics,
} from "../src/index.js";

// The emulator's documented development credentials, as the apps use them when no credentials are set.
const test = createEmulatorTest({ rateLimit: { limit: 5, windowMs: 60_000 } });

describe("createGenesysRuntime (real Redis, real emulator)", () => {
  test("two processes share one token and one budget, and the metrics see every request", async ({
    emulator,
  }) => {
    const redis = await createIsolatedRedis();
    const connections = [redis.newConnection(), redis.newConnection()];
    try {
      const registry = createMetricsRegistry("test");
      const observer = genesysRequestMetrics(registry);
      const runtimes = connections.map((connection) =>
        createGenesysRuntime({
          target: {
            kind: "emulator",
            clientId: "emulator-client-id",
            clientSecret: "emulator-client-secret",
            apiBaseUrl: emulator.apiBaseUrl,
            loginBaseUrl: emulator.loginBaseUrl,
          },
          redis: connection,
          keyPrefix: redis.prefix,
          rateLimit: { limit: 4, windowMs: 60_000 },
          onRequest: observer,
        }),
      );
      const [first, second] = runtimes as [(typeof runtimes)[0], (typeof runtimes)[0]];
      const list = async (runtime: typeof first) => {
        for await (const _skill of runtime.client.routing.listSkills({ pageSize: 100 })) {
          // drain
        }
      };
      await Promise.all([list(first), list(second), list(first), list(second)]);
      // The budget (4 per minute, shared) is now spent: the next grant, from either process, has to wait.
      for (const runtime of runtimes) {
        await expect(
          runtime.budget.acquire(
            { method: "GET", pathTemplate: "/api/v2/routing/skills" },
            AbortSignal.timeout(150),
          ),
        ).rejects.toThrow();
      }
      const log = emulator.control.requestLog();
      expect(log.filter((entry) => entry.path.startsWith("/oauth"))).toHaveLength(1);
      expect(log.filter((entry) => entry.path.startsWith("/api/"))).toHaveLength(4);
      const metrics = await registry.getSingleMetricAsString("genesys_requests_total");
      expect(metrics).toMatch(/path="\/api\/v2\/routing\/skills",status="200"[^\n]*\} 4/);
      expect(metrics).toMatch(/path="\/oauth\/token",status="200"[^\n]*\} 1/);
    } finally {
      await Promise.all(connections.map((connection) => connection.quit()));
      await redis.cleanup();
    }
  });

  test("lane shares, client tuning and the client-event metrics are wired through", async ({ emulator }) => {
    const redis = await createIsolatedRedis();
    const connection = redis.newConnection();
    try {
      const registry = createMetricsRegistry("test");
      const runtime = createGenesysRuntime({
        target: {
          kind: "emulator",
          clientId: "emulator-client-id",
          clientSecret: "emulator-client-secret",
          apiBaseUrl: emulator.apiBaseUrl,
          loginBaseUrl: emulator.loginBaseUrl,
        },
        redis: connection,
        keyPrefix: redis.prefix,
        rateLimit: { limit: 4, windowMs: 60_000 },
        lanes: { maintenance: { maxShare: 0.25 } },
        client: { circuitFailureThreshold: 1, maxRetries: 0 },
        onRequest: genesysRequestMetrics(registry),
        onClientEvent: genesysClientEventMetrics(registry),
      });
      for await (const _skill of runtime.client.routing.listSkills({ pageSize: 100, lane: "maintenance" })) {
        // drain
      }
      // Maintenance may hold a quarter of the window (1 of 4): the next one waits, a decision does not.
      const maintenance = {
        method: "GET",
        pathTemplate: "/api/v2/routing/skills",
        lane: "maintenance",
      } as const;
      await expect(runtime.budget.acquire(maintenance, AbortSignal.timeout(150))).rejects.toThrow();
      await runtime.budget.acquire({ ...maintenance, lane: "decision" });
      const requests = await registry.getSingleMetricAsString("genesys_requests_total");
      expect(requests).toMatch(/path="\/api\/v2\/routing\/skills",status="200",lane="maintenance"[^\n]*\} 1/);

      // One 503 opens the skills endpoint's circuit (circuitFailureThreshold 1): the next call fails fast.
      emulator.control.injectFaults({ status: 503, times: 1, pathPrefix: "/api/v2/routing/queues" });
      const list = async () => {
        for await (const _queue of runtime.client.routing.listQueues({ pageSize: 1 })) return;
      };
      await expect(list()).rejects.toMatchObject({ status: 503 });
      await expect(list()).rejects.toBeInstanceOf(GenesysCircuitOpenError);
      expect(await registry.getSingleMetricAsString("genesys_circuit_open")).toMatch(
        /method="GET",path="\/api\/v2\/routing\/queues"[^\n]*\} 1/,
      );
      expect(await registry.getSingleMetricAsString("genesys_circuit_rejections_total")).toMatch(
        /lane="decision"[^\n]*\} 1/,
      );
    } finally {
      await connection.quit();
      await redis.cleanup();
    }
  });
});
