import { createEmulatorTest, createIsolatedRedis } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { createGenesysRuntime, createMetricsRegistry, genesysRequestMetrics } from "../src/index.js";

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
});
